//! `hesctl --version`: the version, the commit it was built from (build.rs) and the HES releases
//! the console supports, on one line: `hesctl 0.1.0 (commit 1a2b3c4d5e6f; HES 3.8.3, 3.8.4)`.
use std::sync::LazyLock;

pub static LINE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} (commit {}; HES {})",
        env!("CARGO_PKG_VERSION"),
        env!("HES_CONSOLE_COMMIT"),
        hes_core::hes_version::SUPPORTED.join(", ")
    )
});
