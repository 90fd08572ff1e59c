//! A tiny hyper 1 HTTP/1.1 server: one async handler function per stub.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A request as the stubs see it.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    pub path: String,
    /// Raw query string (percent-encoded), if any.
    pub query: Option<String>,
    /// Header names lowercased.
    pub headers: HashMap<String, String>,
    pub body: Bytes,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// Decoded query parameters.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query
            .as_deref()
            .map_or_else(Vec::new, |q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect())
    }

    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// A response.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(status: u16, v: &serde_json::Value) -> Self {
        Resp {
            status,
            headers: vec![("Content-Type".into(), "application/json; charset=UTF-8".into())],
            body: v.to_string().into_bytes(),
        }
    }

    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Resp { status, headers: vec![("Content-Type".into(), content_type.into())], body: body.into() }
    }

    pub fn with_header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.into(), v.into()));
        self
    }
}

pub(crate) type Handler = Arc<dyn Fn(Req) -> Pin<Box<dyn Future<Output = Resp> + Send>> + Send + Sync>;

/// Keeps a stub running; dropping it (or [`StubHandle::stop`]) stops accepting connections.
#[derive(Debug)]
pub struct StubHandle {
    task: JoinHandle<()>,
}

impl StubHandle {
    pub fn stop(self) {}

    /// Wait until the listener ends (for the `bin` targets: forever).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for StubHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub(crate) async fn serve(port: u16, handler: Handler) -> std::io::Result<(SocketAddr, StubHandle)> {
    serve_with(port, handler, None).await
}

/// HTTPS with a fresh test CA (see [`TestCa`]); the CA's PEM is returned for the client to trust.
pub(crate) async fn serve_tls(port: u16, handler: Handler) -> std::io::Result<(SocketAddr, StubHandle, TestCa)> {
    let ca = TestCa::generate().map_err(std::io::Error::other)?;
    let acceptor = ca.acceptor().map_err(std::io::Error::other)?;
    let (addr, h) = serve_with(port, handler, Some(acceptor)).await?;
    Ok((addr, h, ca))
}

async fn serve_with(
    port: u16,
    handler: Handler,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> std::io::Result<(SocketAddr, StubHandle)> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let handler = handler.clone();
            let tls = tls.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req: hyper::Request<Incoming>| {
                    let handler = handler.clone();
                    async move {
                        let (parts, body) = req.into_parts();
                        let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                        let headers = parts
                            .headers
                            .iter()
                            .map(|(k, v)| {
                                (k.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into())
                            })
                            .collect();
                        let r = Req {
                            method: parts.method.as_str().to_string(),
                            path: parts.uri.path().to_string(),
                            query: parts.uri.query().map(str::to_string),
                            headers,
                            body,
                        };
                        let out = handler(r).await;
                        let mut b = hyper::Response::builder().status(out.status);
                        for (k, v) in &out.headers {
                            b = b.header(k, v);
                        }
                        Ok::<_, Infallible>(b.body(Full::new(Bytes::from(out.body))).expect("valid response"))
                    }
                });
                let http = hyper::server::conn::http1::Builder::new();
                match tls {
                    None => {
                        let _ = http.serve_connection(TokioIo::new(stream), svc).await;
                    }
                    Some(acc) => {
                        // A client that refuses the certificate ends the handshake here.
                        if let Ok(s) = acc.accept(stream).await {
                            let _ = http.serve_connection(TokioIo::new(s), svc).await;
                        }
                    }
                }
            });
        }
    });
    Ok((addr, StubHandle { task }))
}

/// A throw-away CA generated at start, and a server certificate it issued for `localhost` and
/// `127.0.0.1`. `ca_pem` is what a client must trust; `write_ca` puts it in a file.
pub struct TestCa {
    pub ca_pem: String,
    ca_der: rustls::pki_types::CertificateDer<'static>,
    leaf_der: rustls::pki_types::CertificateDer<'static>,
    leaf_key_der: Vec<u8>,
}

impl std::fmt::Debug for TestCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestCa").finish_non_exhaustive()
    }
}

use tokio_rustls::rustls;

impl TestCa {
    pub fn generate() -> Result<Self, rcgen::Error> {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, "hes-stubs test CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate()?;
        let ca = ca_params.self_signed(&ca_key)?;
        let mut leaf_params = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])?;
        leaf_params.distinguished_name.push(DnType::CommonName, "localhost");
        let leaf_key = KeyPair::generate()?;
        let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key)?;
        Ok(TestCa {
            ca_pem: ca.pem(),
            ca_der: ca.der().clone(),
            leaf_der: leaf.der().clone(),
            leaf_key_der: leaf_key.serialize_der(),
        })
    }

    /// Write the CA certificate (PEM) to `path`.
    pub fn write_ca(&self, path: &std::path::Path) -> std::io::Result<()> {
        std::fs::write(path, &self.ca_pem)
    }

    fn acceptor(&self) -> Result<tokio_rustls::TlsAcceptor, rustls::Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(self.leaf_key_der.clone().into());
        let cfg = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(vec![self.leaf_der.clone(), self.ca_der.clone()], key)?;
        Ok(tokio_rustls::TlsAcceptor::from(Arc::new(cfg)))
    }
}
