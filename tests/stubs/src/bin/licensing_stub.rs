//! `licensing_stub [--port N] [--tls-ca CA.pem]`: the licensing server stub on 127.0.0.1 with keys `good-key` (3 devices),
//! `empty-key`, `malformed-key` and `slow-key` (answers after 30 s); any other key gets 404.
use std::time::Duration;

use hes_stubs::licensing::{KeyAnswer, LicensingConfig};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut cfg = LicensingConfig::new()
        .key("good-key", KeyAnswer::Good(3))
        .key("empty-key", KeyAnswer::Empty)
        .key("malformed-key", KeyAnswer::Malformed)
        .key("slow-key", KeyAnswer::Slow(Duration::from_secs(30)));
    cfg.port = hes_stubs::port_from_args();
    let (url, handle) = match hes_stubs::arg("--tls-ca") {
        Some(path) => {
            let (addr, h, ca) = hes_stubs::licensing::start_tls(cfg).await?;
            ca.write_ca(path.as_ref())?;
            (format!("https://{addr}"), h)
        }
        None => {
            let (addr, h) = hes_stubs::licensing::start(cfg).await?;
            (format!("http://{addr}"), h)
        }
    };
    println!("licensing stub listening on {url}");
    handle.wait().await;
    Ok(())
}
