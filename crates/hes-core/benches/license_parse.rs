//! Parse throughput of the license importer on its own (no database): the benchmark document of
//! N licenses (`hes_core::licenses::sample`, default N = 100 000, ~165 MB) read from a file by
//! `parse_document`, against serde_json skipping the same file (`IgnoredAny` over a buffered
//! reader: what any parser built on serde_json's stream reading costs at least; the parser scans
//! its frame itself and gives serde_json slices, so it can be faster). Runs interleaved, medians
//! and their ratio printed; the last line starts with RESULT. Budget: >= 150 MB/s.
//!
//!   cargo bench -p hes-core --bench license_parse                      # release, N = 100 000
//!   LICENSE_PARSE_N=5000 LICENSE_PARSE_RUNS=3 cargo bench -p hes-core --bench license_parse --profile dev

use std::io::{BufReader, BufWriter};
use std::time::{Duration, Instant};

use hes_core::licenses::{parse_document, sample, ImportControl, DEFAULT_MAX_BYTES};
use serde::Deserialize;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let env = |k: &str, d: usize| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let n = env("LICENSE_PARSE_N", 100_000);
    let runs = env("LICENSE_PARSE_RUNS", 5).max(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("licenses.json");
    sample::write_document(BufWriter::with_capacity(1 << 20, std::fs::File::create(&path).expect("file")), n)
        .expect("document");
    let size = std::fs::metadata(&path).expect("size").len();
    let mb = size as f64 / 1e6;
    let (mut ours, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let f = std::fs::File::open(&path).expect("open");
        let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(64 * 1024, f));
        serde::de::IgnoredAny::deserialize(&mut de).expect("skipped");
        floor.push(t.elapsed());

        let t = Instant::now();
        let f = std::fs::File::open(&path).expect("open");
        let doc = parse_document(f, Some(size), DEFAULT_MAX_BYTES, &ImportControl::new()).expect("parsed");
        ours.push(t.elapsed());
        assert_eq!(doc.licenses.len(), n);
        assert_eq!(doc.rejections.total(), 0);
    }
    let (ours, floor) = (median(ours), median(floor));
    let rate = |d: Duration| mb / d.as_secs_f64();
    println!("document: {n} licenses, {mb:.1} MB; median of {runs} interleaved runs");
    println!("  parse_document          {:>7.3} s  {:>6.0} MB/s", ours.as_secs_f64(), rate(ours));
    println!("  serde_json stream skip  {:>7.3} s  {:>6.0} MB/s", floor.as_secs_f64(), rate(floor));
    println!(
        "RESULT parse_mb_s={:.0} floor_mb_s={:.0} ratio_to_floor={:.2} budget_mb_s=150",
        rate(ours),
        rate(floor),
        ours.as_secs_f64() / floor.as_secs_f64()
    );
}
