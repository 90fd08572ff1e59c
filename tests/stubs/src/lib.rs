//! Protocol-faithful test stubs:
//! Splunk HEC ([`hec`]), Entra ID token endpoint + Microsoft Graph ([`azure`]) and the Hideez
//! licensing server ([`licensing`]). Each has `start(config) -> (SocketAddr, StubHandle)` on
//! 127.0.0.1:0 (plain HTTP), `start_tls(config)` for HTTPS with a throw-away CA
//! generated at start ([`TestCa`], rcgen), and a `bin` target for scripts. Dropping the handle stops the listener.

pub mod azure;
pub mod hec;
pub mod licensing;
mod server;

pub use server::{Req, Resp, StubHandle, TestCa};

/// The value after `name` on the command line of a stub binary (`--port 8088`).
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone())
}

/// Parse `--port N` (default 0) from the command line of a stub binary.
pub fn port_from_args() -> u16 {
    arg("--port").and_then(|p| p.parse().ok()).unwrap_or(0)
}
