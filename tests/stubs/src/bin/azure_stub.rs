//! `azure_stub [--port N] [--tls-ca CA.pem]`: the Entra ID + Graph stub with `AzureConfig::standard()` on 127.0.0.1.
//! With `--tls-ca`, HTTPS with a throw-away CA whose PEM is written to that path.
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let cfg = hes_stubs::azure::AzureConfig {
        port: hes_stubs::port_from_args(),
        ..hes_stubs::azure::AzureConfig::standard()
    };
    let (url, handle) = match hes_stubs::arg("--tls-ca") {
        Some(path) => {
            let (addr, h, ca) = hes_stubs::azure::start_tls(cfg).await?;
            ca.write_ca(path.as_ref())?;
            (format!("https://{addr}"), h)
        }
        None => {
            let (addr, h) = hes_stubs::azure::start(cfg).await?;
            (format!("http://{addr}"), h)
        }
    };
    println!("azure stub listening on {url}");
    handle.wait().await;
    Ok(())
}
