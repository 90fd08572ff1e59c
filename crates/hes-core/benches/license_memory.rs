//! Peak memory of reading and checking a license document (issue 11, "Bad files and hostile
//! servers"): the good document of N licenses (+ N vaults, 300 orders, `Data` 1 KB; N from
//! LICENSE_MEMORY_N, default 100 000) and a hostile corpus of the same size — a huge array of bad
//! records (`[0,0,0,…]`), bad records that each name an id, empty objects, one record nested a
//! million levels deep, one record with a huge array, one 50 MB string, records just over the
//! record bound — and, the worst case, the smallest valid records (every byte a record to keep,
//! the good document's cost per byte being mostly `Data`) — each parsed, checked
//! (`plan`), previewed and its report written in a child process of its own, whose peak resident
//! memory (VmHWM, Linux; elsewhere the run says it cannot measure) is printed with the ratio
//! against the good document's.
//!
//! The stated bound: peak ≤ BASE + FACTOR × document size,
//! checked here for every input (exit 1 when one is above it).
//!
//!   cargo bench -p hes-core --bench license_memory                       # 100 000 licenses, release
//!   LICENSE_MEMORY_N=5000 cargo bench -p hes-core --bench license_memory --profile dev   # quick

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use hes_core::licenses::preview::write_report_csv;
use hes_core::licenses::{parse_document, plan, Existing, ImportControl, DEFAULT_MAX_BYTES};

/// The stated bound: peak resident memory of one import check ≤ BASE_MB + FACTOR × document size.
const FACTOR: f64 = 10.0;
const BASE_MB: f64 = 64.0;

fn write_good(path: &Path, n: usize) -> std::io::Result<()> {
    hes_core::licenses::sample::write_document(BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?), n)
}

/// `head`, then `item(i)` separated by commas until about `size` bytes, then `tail`.
fn write_repeated(
    path: &Path,
    size: u64,
    head: &str,
    tail: &str,
    item: impl Fn(usize) -> String,
) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    w.write_all(head.as_bytes())?;
    let mut written = head.len() as u64;
    let mut i = 0;
    while written < size {
        let s = item(i);
        if i > 0 {
            w.write_all(b",")?;
            written += 1;
        }
        w.write_all(s.as_bytes())?;
        written += s.len() as u64;
        i += 1;
    }
    w.write_all(tail.as_bytes())?;
    w.flush()
}

fn write_deep(path: &Path, size: u64) -> std::io::Result<()> {
    let depth = (size / 2) as usize;
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    w.write_all(b"{\"DevicesDto\":[{\"DeviceId\":\"A\",\"MAC\":")?;
    for _ in 0..depth {
        w.write_all(b"[")?;
    }
    for _ in 0..depth {
        w.write_all(b"]")?;
    }
    w.write_all(b"}]}")?;
    w.flush()
}

fn write_string(path: &Path, len: usize) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    w.write_all(b"{\"DevicesDto\":[{\"DeviceId\":\"A\",\"MAC\":\"")?;
    let chunk = vec![b'A'; 1 << 20];
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len());
        w.write_all(&chunk[..n])?;
        left -= n;
    }
    w.write_all(b"\",\"Model\":\"\",\"RFID\":\"r\",\"Firmware\":\"\"}]}")?;
    w.flush()
}

#[cfg(target_os = "linux")]
fn peak_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}
#[cfg(not(target_os = "linux"))]
fn peak_kb() -> Option<u64> {
    None
}

/// The child: read, check, preview and report one document; print "peak_kb records rejected".
fn child(path: &Path) {
    let ctl = ImportControl::new();
    let f = std::fs::File::open(path).expect("document");
    let size = f.metadata().expect("metadata").len();
    let doc = parse_document(f, Some(size), DEFAULT_MAX_BYTES, &ctl).expect("the document is read");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let p = plan(&doc, &Existing::default(), today, &ctl);
    let preview = p.preview("bench", doc.bytes);
    let report = path.with_extension("csv");
    let w = BufWriter::new(std::fs::File::create(&report).expect("report"));
    write_report_csv(p.rejections.kept(), p.rejections.not_kept(), w).expect("report written");
    let peak = peak_kb().map_or_else(|| "-".to_string(), |k| k.to_string());
    println!("{peak} {} {}", doc.records(), preview.rejected_total);
}

struct Case {
    name: &'static str,
    path: PathBuf,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[i + 1]));
        return;
    }
    if peak_kb().is_none() {
        println!("license_memory: peak memory (VmHWM) can only be read on Linux; skipped.");
        return;
    }
    let n: usize = std::env::var("LICENSE_MEMORY_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let at = |name: &str| dir.path().join(format!("{name}.json"));
    let good = at("good");
    write_good(&good, n).expect("good document");
    let size = std::fs::metadata(&good).expect("size").len();
    let string_len = (50usize << 20).min(size as usize);
    let cases = [
        ("good", good.clone()),
        ("tiny (process baseline)", {
            let p = at("tiny");
            std::fs::write(&p, r#"{"DevicesDto":[]}"#).expect("tiny");
            p
        }),
        ("[0,0,0,…] bad records", {
            let p = at("zeros");
            write_repeated(&p, size, "{\"DevicesDto\":[", "]}", |_| "0".into()).expect("zeros");
            p
        }),
        ("bad records with ids", {
            let p = at("ids");
            write_repeated(&p, size, "{\"DevicesDto\":[", "]}", |i| format!("{{\"DeviceId\":\"{i}\"}}")).expect("ids");
            p
        }),
        ("empty objects", {
            let p = at("empty");
            write_repeated(&p, size, "{\"DeviceLicensesDto\":[", "]}", |_| "{}".into()).expect("empty");
            p
        }),
        ("one record nested deep", {
            let p = at("deep");
            write_deep(&p, size).expect("deep");
            p
        }),
        ("one record, huge array", {
            let p = at("wide");
            write_repeated(&p, size, "{\"DevicesDto\":[{\"DeviceId\":\"A\",\"MAC\":[", "]}]}", |_| "0".into())
                .expect("wide");
            p
        }),
        ("one 50 MB string", {
            let p = at("string");
            write_string(&p, string_len).expect("string");
            p
        }),
        ("smallest valid devices", {
            let p = at("min-devices");
            write_repeated(&p, size, "{\"DevicesDto\":[", "]}", |i| {
                format!("{{\"DeviceId\":{i},\"MAC\":{i},\"Model\":\"\",\"RFID\":{i},\"Firmware\":\"\"}}")
            })
            .expect("min devices");
            p
        }),
        ("smallest valid licenses", {
            let p = at("min-licenses");
            write_repeated(&p, size, "{\"LicenseOrdersDto\":[{\"Id\":\"O\",\"ContactEmail\":\"a\",\"EndDate\":\"2030-01-01T00:00:00\",\"CreatedAt\":\"2026-01-01T00:00:00\"}],\"DeviceLicensesDto\":[", "]}", |i| {
                format!("{{\"LicenseOrderId\":\"O\",\"DeviceId\":{i}}}")
            })
            .expect("min licenses");
            p
        }),
        ("records just over 1 MB", {
            let p = at("big-records");
            let s = "A".repeat(hes_core::licenses::MAX_RECORD_BYTES + 1);
            write_repeated(&p, size, "{\"DevicesDto\":[", "]}", |_| format!("{{\"DeviceId\":\"{s}\"}}"))
                .expect("big records");
            p
        }),
    ]
    .map(|(name, path)| Case { name, path });

    let exe = std::env::current_exe().expect("own path");
    println!(
        "license_memory: {n} licenses, good document {:.1} MB; bound: peak ≤ {BASE_MB} MB + {FACTOR} × document size",
        size as f64 / 1048576.0
    );
    println!(
        "{:<26} {:>10} {:>12} {:>10} {:>14} {:>9}",
        "input", "size MB", "records", "peak MB", "vs good", "bound MB"
    );
    let mut good_peak = None;
    let mut over = Vec::new();
    // The hostile input closest to its bound: (peak / bound, name, peak MB, bound MB).
    let mut worst: Option<(f64, &str, f64, f64)> = None;
    for c in &cases {
        let out = Command::new(&exe).arg("--child").arg(&c.path).output().expect("child runs");
        if !out.status.success() {
            println!("{:<26} FAILED: {}", c.name, String::from_utf8_lossy(&out.stderr).trim());
            over.push(c.name);
            continue;
        }
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let parts: Vec<u64> = line.split_whitespace().filter_map(|p| p.parse().ok()).collect();
        let [peak_kb, records, _rejected] = parts[..] else {
            println!("{:<26} unreadable answer: {line}", c.name);
            continue;
        };
        let bytes = std::fs::metadata(&c.path).map(|m| m.len()).unwrap_or(0);
        let peak = peak_kb as f64 / 1024.0;
        let good = *good_peak.get_or_insert(peak);
        let bound = BASE_MB + FACTOR * bytes as f64 / 1048576.0;
        println!(
            "{:<26} {:>10.1} {:>12} {:>10.1} {:>13.2}x {:>9.0}",
            c.name,
            bytes as f64 / 1048576.0,
            records,
            peak,
            peak / good,
            bound
        );
        if peak > bound {
            over.push(c.name);
        }
        if !matches!(c.name, "good" | "tiny (process baseline)") && worst.is_none_or(|w| peak / bound > w.0) {
            worst = Some((peak / bound, c.name, peak, bound));
        }
    }
    if let (Some((_, name, peak, bound)), Some(good)) = (worst, good_peak) {
        println!("WORST hostile_peak_mb={peak:.1} bound_mb={bound:.0} good_peak_mb={good:.1} input={name}");
    }
    if over.is_empty() {
        println!("RESULT license_memory: every input within the bound");
    } else {
        println!("RESULT license_memory: above the bound: {}", over.join(", "));
        std::process::exit(1);
    }
}
