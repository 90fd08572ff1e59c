//! Helpers for the integration tests of several crates (dev-dependency only):
//! - [`peer_env`]: a peer's variable from tests/peers' `peers.env`, with the project's rule: missing
//!   under `CI=true` is a failure, missing locally is a note and the test returns;
//! - [`mysql`]: the MariaDB peer and a scratch database `hes_t_<random>` per test, dropped on Drop;
//! - `app` (feature `app`): the desktop app's commands through `tauri::test`, as the UI invokes them;
//! - [`cli`]: running `hesctl` hermetically and reading its exit code, output and `--json` errors;
//! - [`net`]: a silent server (accepts, never answers);
//! - [`rows`]: `app_setting!` / `set_app_setting!`, a row as the other writer on either database;
//! - [`workspace`]: a test workspace's own key, to read its encrypted secrets;
//! - [`inputs`]: inputs several crates' tests build alike (a SAML service provider);
//! - [`hes_dp`]: HES's Data Protection enable / disable / change-password, done to a test database;
//! - [`dotnet_pem`]: whether a stored SAML certificate text is what HES on Linux can load.

#[cfg(feature = "app")]
pub mod app;
pub mod cli;
pub mod dotnet_pem;
pub mod hes_dp;
pub mod inputs;
pub mod mysql;
pub mod net;
pub mod rows;
pub mod workspace;

/// For the [`rows`] macros.
pub use sqlx;

/// `var` from the environment, or `None` after a note (outside CI) — under `CI=true` it panics,
/// so a missing peer can never turn a peer test into a silent pass.
pub fn peer_env(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{var} is not set under CI=true: scripts/test.sh's peers stage (tests/peers/peers-up.sh) must run first"
            );
            eprintln!(
                "note: {var} is not set, so this peer test did not run. Start the peers with \
                 `bash tests/peers/peers-up.sh`, then `set -a; . ${{TMPDIR:-/tmp}}/hes-console-peers/peers.env; set +a`."
            );
            None
        }
    }
}

/// A variable that must be there once the peer's first variable was (a half-loaded peers.env).
pub fn must_env(var: &str) -> String {
    std::env::var(var)
        .unwrap_or_else(|_| panic!("{var} is missing: load the whole peers.env (set -a; . peers.env; set +a)"))
}
