//! The bad-image corpus: every file is refused with its own stable code, within 1 s, and (on
//! Linux) without the process's peak memory growing by more than [`MAX_GROWTH`].
//!
//! Small files are committed under tests/fixtures/images/ (made by make.py there); the large ones
//! are made here: a 60000×60000 decompression bomb, a 4096×4096 RGBA 16-bit bomb (inside the
//! dimension limit, 128 MiB decoded) and a 3 MB file.
//!
//! This file holds one test on purpose: the memory is measured for the whole process, so nothing
//! else may run beside it.

#[path = "support/bomb.rs"]
mod bomb;

use hes_core::logo;
use hes_core::ErrorCode;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The most the peak RSS may grow while one bad file is refused (measured: under 1 MiB).
const MAX_GROWTH: u64 = 4 * 1024 * 1024;
/// The most it may grow for the largest image that is accepted: 4096×4096 RGBA, whose 64 MiB of
/// pixels are decoded before scaling (measured: about 70 MiB).
const MAX_GROWTH_ACCEPTED: u64 = 96 * 1024 * 1024;
const MAX_TIME: Duration = Duration::from_secs(1);

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/images").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn corpus() -> Vec<(&'static str, Vec<u8>, ErrorCode)> {
    let mut three_mb = b"\x89PNG\r\n\x1a\n".to_vec();
    three_mb.extend((0..3 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    vec![
        ("empty.png", fixture("empty.png"), ErrorCode::ImageEmpty),
        ("3 MB file", three_mb, ErrorCode::ImageFileTooLarge),
        ("wrong-magic.png", fixture("wrong-magic.png"), ErrorCode::ImageTypeUnsupported),
        ("gif-named.png", fixture("gif-named.png"), ErrorCode::ImageTypeUnsupported),
        ("svg-with-script.svg", fixture("svg-with-script.svg"), ErrorCode::ImageSvgRefused),
        ("svg-named.png", fixture("svg-named.png"), ErrorCode::ImageSvgRefused),
        ("truncated.png", fixture("truncated.png"), ErrorCode::ImageCorrupt),
        ("huge-dimensions.png", fixture("huge-dimensions.png"), ErrorCode::ImageDimensionsTooLarge),
        ("huge-dimensions.webp", fixture("huge-dimensions.webp"), ErrorCode::ImageDimensionsTooLarge),
        ("huge-dimensions.jpg", fixture("huge-dimensions.jpg"), ErrorCode::ImageDimensionsTooLarge),
        ("bomb 60000x60000 (1-bit grey)", bomb::zero_png(60_000, 60_000, 1, 0), ErrorCode::ImageDimensionsTooLarge),
        ("bomb 4096x4096 (RGBA 16-bit)", bomb::zero_png(4096, 4096, 16, 6), ErrorCode::ImageMemoryLimit),
    ]
}

#[cfg(target_os = "linux")]
mod mem {
    /// `VmHWM` (peak RSS) and `VmRSS` in bytes.
    pub fn peak_and_now() -> (u64, u64) {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let kb = |key: &str| -> u64 {
            let line = status.lines().find(|l| l.starts_with(key)).unwrap();
            line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
        };
        (kb("VmHWM:"), kb("VmRSS:"))
    }

    /// Reset the peak to the current RSS (Linux ≥ 4.0); false when the kernel refuses.
    pub fn reset_peak() -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }
}

#[test]
fn every_bad_image_is_refused_with_its_code_quickly_and_without_a_memory_spike() {
    let cases = corpus();
    let bomb = &cases.iter().find(|c| c.0.starts_with("bomb 60000")).unwrap().1;
    assert!(bomb.len() < 2 * 1024 * 1024, "the bomb is a small file ({} bytes)", bomb.len());
    let mut report = Vec::new();
    for (name, bytes, code) in &cases {
        #[cfg(target_os = "linux")]
        let resettable = mem::reset_peak();
        #[cfg(target_os = "linux")]
        let (_, before) = mem::peak_and_now();
        let started = Instant::now();
        let result = logo::process("main", bytes);
        let took = started.elapsed();
        let e = result.expect_err(name);
        assert_eq!(e.code, *code, "{name}: {e:?}");
        assert_eq!(e.field.as_deref(), Some("Logos.main"), "{name}: the slot is marked");
        assert!(took < MAX_TIME, "{name} took {took:?}");
        #[cfg(target_os = "linux")]
        {
            let (peak, _) = mem::peak_and_now();
            let growth = peak.saturating_sub(before);
            if resettable {
                assert!(growth <= MAX_GROWTH, "{name}: peak RSS grew by {growth} bytes");
            }
            report.push(format!(
                "{name:32} {:>9} bytes  {code:?}  {took:>10.2?}  peak +{} KiB",
                bytes.len(),
                growth / 1024
            ));
        }
        #[cfg(not(target_os = "linux"))]
        report.push(format!("{name:32} {:>9} bytes  {code:?}  {took:>10.2?}", bytes.len()));
    }
    // For scale: the largest image that is accepted, decoded in full and scaled down.
    let largest = bomb::zero_png(4096, 4096, 8, 6);
    #[cfg(target_os = "linux")]
    let resettable = mem::reset_peak();
    #[cfg(target_os = "linux")]
    let (_, before) = mem::peak_and_now();
    let started = Instant::now();
    let l = logo::process("main", &largest).expect("4096x4096 RGBA is allowed");
    let took = started.elapsed();
    assert_eq!((l.width, l.height), (60, 60));
    #[cfg(target_os = "linux")]
    {
        let growth = mem::peak_and_now().0.saturating_sub(before);
        if resettable {
            assert!(growth <= MAX_GROWTH_ACCEPTED, "largest accepted image: peak RSS grew by {growth} bytes");
        }
        report.push(format!(
            "{:32} {:>9} bytes  accepted  {took:>10.2?}  peak +{} KiB",
            "4096x4096 RGBA (allowed)",
            largest.len(),
            growth / 1024
        ));
    }
    // Shown with --nocapture; the numbers quoted in the README come from here.
    println!("bad-image corpus (time, peak RSS growth; bound {} MiB, 1 s):", MAX_GROWTH >> 20);
    for line in report {
        println!("  {line}");
    }
}
