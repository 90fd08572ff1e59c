//! `hec_stub [--port N] [--tls-ca CA.pem]`: the Splunk HEC stub with `HecConfig::standard()` on 127.0.0.1.
//! With `--tls-ca`, HTTPS with a throw-away CA whose PEM is written to that path.
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let cfg = hes_stubs::hec::HecConfig { port: hes_stubs::port_from_args(), ..hes_stubs::hec::HecConfig::standard() };
    let (url, handle) = match hes_stubs::arg("--tls-ca") {
        Some(path) => {
            let (addr, h, ca) = hes_stubs::hec::start_tls(cfg).await?;
            ca.write_ca(path.as_ref())?;
            (format!("https://{addr}"), h)
        }
        None => {
            let (addr, h) = hes_stubs::hec::start(cfg).await?;
            (format!("http://{addr}"), h)
        }
    };
    println!("hec stub listening on {url}");
    handle.wait().await;
    Ok(())
}
