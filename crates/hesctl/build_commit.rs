//! The git commit a binary is built from, for `hesctl --version` and the app's About. Shared by
//! crates/hesctl/build.rs and src-tauri/build.rs (`#[path]`), so both say the same.
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// Sets `HES_CONSOLE_COMMIT` for the crate: the `HES_CONSOLE_COMMIT` environment variable when set
/// (a build from a source archive, a packager), else `git rev-parse --short=12 HEAD`, else
/// "unknown" (no git, or not a checkout).
pub fn emit() {
    println!("cargo:rerun-if-env-changed=HES_CONSOLE_COMMIT");
    let from_env = std::env::var("HES_CONSOLE_COMMIT").ok().filter(|c| !c.trim().is_empty());
    let commit = from_env.or_else(|| git(&["rev-parse", "--short=12", "HEAD"])).unwrap_or_else(|| "unknown".into());
    // Build again when HEAD moves: HEAD, the branch it names and packed-refs (a worktree's HEAD
    // lives in its own git dir, hence --git-path). Only existing files: cargo reruns a script on
    // every build while a watched path is missing.
    let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
    watch.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watch {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            if std::path::Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    println!("cargo:rustc-env=HES_CONSOLE_COMMIT={commit}");
}
