//! A minimal SMTP client (RFC 5321, STARTTLS RFC 3207, AUTH LOGIN/PLAIN RFC 4954): just what the
//! check needs, so every command's reply can be reported as the server sent it.

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::ClientConfig;
use tokio_rustls::TlsConnector;
use zeroize::Zeroizing;

/// Any byte stream the session runs over: TCP, or TLS over TCP.
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// Bounds against a misbehaving peer (RFC 5321 4.5.3.1.5: a reply line is at most 512 octets).
const MAX_LINE: u64 = 4096;
const MAX_LINES: usize = 100;

/// One reply: its code and the text of each line (without code and separator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub code: u16,
    pub lines: Vec<String>,
}

impl Reply {
    pub fn is(&self, code: u16) -> bool {
        self.code == code
    }

    pub fn positive(&self) -> bool {
        (200..300).contains(&self.code)
    }
}

/// As the server sent it, one line per line joined with " / ": `535 5.7.8 Authentication credentials invalid`.
impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text: Vec<&str> = self.lines.iter().map(|l| l.as_str()).filter(|l| !l.is_empty()).collect();
        if text.is_empty() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{} {}", self.code, text.join(" / "))
        }
    }
}

#[derive(Debug)]
pub(crate) enum WireError {
    Io(std::io::Error),
    /// The server closed the connection.
    Closed,
    /// Not an SMTP reply (e.g. an HTTP or TLS server on that port); holds what was read, printable.
    Malformed(String),
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Io(e) => write!(f, "the connection failed: {e}"),
            WireError::Closed => f.write_str("the server closed the connection"),
            WireError::Malformed(s) => write!(f, "the answer is not SMTP: `{s}`"),
        }
    }
}

impl From<std::io::Error> for WireError {
    fn from(e: std::io::Error) -> Self {
        WireError::Io(e)
    }
}

/// What EHLO announced: the server's name and its extensions (upper-cased keyword lines).
#[derive(Debug, Clone, Default)]
pub(crate) struct Ehlo {
    pub domain: String,
    pub extensions: Vec<String>,
}

impl Ehlo {
    fn parse(reply: &Reply) -> Ehlo {
        let domain = reply.lines.first().and_then(|l| l.split_whitespace().next()).unwrap_or("").to_string();
        let extensions = reply.lines.iter().skip(1).map(|l| l.trim().to_ascii_uppercase()).collect();
        Ehlo { domain, extensions }
    }

    pub fn has(&self, keyword: &str) -> bool {
        self.extensions.iter().any(|e| e.split_whitespace().next() == Some(keyword))
    }

    /// Mechanisms of `AUTH` (also the pre-standard `AUTH=` form some servers still send).
    pub fn auth_mechanisms(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &self.extensions {
            if let Some(rest) = e.strip_prefix("AUTH ").or_else(|| e.strip_prefix("AUTH=")) {
                for m in rest.split_whitespace() {
                    if !out.iter().any(|o| o == m) {
                        out.push(m.to_string());
                    }
                }
            }
        }
        out
    }

    /// The extension keywords, for the report: `STARTTLS, AUTH LOGIN PLAIN, SIZE 33554432`.
    pub fn summary(&self) -> String {
        if self.extensions.is_empty() {
            "no extensions".into()
        } else {
            self.extensions.join(", ")
        }
    }
}

pub(crate) struct Session {
    io: BufReader<Box<dyn Io>>,
}

impl Session {
    pub fn new(io: Box<dyn Io>) -> Self {
        Session { io: BufReader::new(io) }
    }

    /// Read one (possibly multi-line) reply.
    pub async fn read_reply(&mut self) -> Result<Reply, WireError> {
        let mut lines = Vec::new();
        loop {
            let mut buf = Vec::new();
            let n = (&mut self.io).take(MAX_LINE).read_until(b'\n', &mut buf).await?;
            if n == 0 {
                return Err(if lines.is_empty() { WireError::Closed } else { WireError::Malformed(printable(&buf)) });
            }
            if buf.last() != Some(&b'\n') && n as u64 >= MAX_LINE {
                return Err(WireError::Malformed(printable(&buf)));
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\r', '\n']);
            let (code, sep, text) = split_line(line).ok_or_else(|| WireError::Malformed(printable(&buf)))?;
            lines.push(text.to_string());
            if sep != '-' {
                return Ok(Reply { code, lines });
            }
            if lines.len() >= MAX_LINES {
                return Err(WireError::Malformed(format!("more than {MAX_LINES} reply lines")));
            }
        }
    }

    /// Send one command line (CRLF added) and read the reply.
    pub async fn command(&mut self, line: &str) -> Result<Reply, WireError> {
        // One write per command: split writes meet Nagle + delayed ACK (40 ms per command).
        // Zeroized: AUTH lines carry the password (base64).
        let mut buf = Zeroizing::new(String::with_capacity(line.len() + 2));
        buf.push_str(line);
        buf.push_str("\r\n");
        self.send(buf.as_bytes()).await?;
        self.io.get_mut().flush().await?;
        self.read_reply().await
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), WireError> {
        self.io.get_mut().write_all(bytes).await?;
        Ok(())
    }

    /// EHLO with the given name.
    pub async fn ehlo(&mut self, name: &str) -> Result<(Reply, Ehlo), WireError> {
        let reply = self.command(&format!("EHLO {name}")).await?;
        let ehlo = if reply.is(250) { Ehlo::parse(&reply) } else { Ehlo::default() };
        Ok((reply, ehlo))
    }

    /// Upgrade after the server's `220` to STARTTLS (or right after connecting, for implicit TLS).
    /// Err: the handshake's `io::Error` (rustls' error inside), or data the server sent too early.
    pub async fn upgrade(self, config: Arc<ClientConfig>, host: &str) -> Result<(Session, String), std::io::Error> {
        // Bytes buffered before the handshake would be trusted as if sent under TLS (CVE-2011-0411 class).
        if !self.io.buffer().is_empty() {
            return Err(std::io::Error::other("the server sent data before the TLS handshake"));
        }
        let name = ServerName::try_from(host.to_string())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("`{host}`: {e}")))?;
        let tls = TlsConnector::from(config).connect(name, self.io.into_inner()).await?;
        let conn = tls.get_ref().1;
        let version = conn.protocol_version().map(|v| format!("{v:?}")).unwrap_or_default();
        let suite = conn.negotiated_cipher_suite().map(|s| format!("{:?}", s.suite())).unwrap_or_default();
        let info = format!("{} {}", version.replace('_', "."), suite).trim().to_string();
        Ok((Session::new(Box::new(tls)), info))
    }

    /// Send the message (already CRLF text) with dot-stuffing and the final `.`; read the reply.
    pub async fn data(&mut self, message: &str) -> Result<Reply, WireError> {
        let mut out = String::with_capacity(message.len() + 16);
        for line in message.strip_suffix("\r\n").unwrap_or(message).split("\r\n") {
            if line.starts_with('.') {
                out.push('.');
            }
            out.push_str(line);
            out.push_str("\r\n");
        }
        out.push_str(".\r\n");
        self.send(out.as_bytes()).await?;
        self.io.get_mut().flush().await?;
        self.read_reply().await
    }
}

/// `250-SIZE 1000` → (250, '-', "SIZE 1000"); `250` alone is a final line with no text.
fn split_line(line: &str) -> Option<(u16, char, &str)> {
    let b = line.as_bytes();
    if b.len() < 3 || !b[..3].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let code: u16 = line[..3].parse().ok()?;
    if !(200..600).contains(&code) {
        return None;
    }
    match b.get(3) {
        None => Some((code, ' ', "")),
        Some(b' ') => Some((code, ' ', &line[4..])),
        Some(b'-') => Some((code, '-', &line[4..])),
        _ => None,
    }
}

/// At most 80 printable characters of what a non-SMTP server sent.
fn printable(b: &[u8]) -> String {
    String::from_utf8_lossy(b)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(80)
        .collect::<String>()
        .trim()
        .to_string()
}

/// AUTH PLAIN's initial response: base64 of `\0user\0password` (RFC 4616).
pub(crate) fn auth_plain(user: &str, password: &str) -> Zeroizing<String> {
    let clear = Zeroizing::new(format!("\0{user}\0{password}"));
    Zeroizing::new(B64.encode(clear.as_bytes()))
}

pub(crate) fn b64(s: &str) -> Zeroizing<String> {
    Zeroizing::new(B64.encode(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn multi_line_reply_and_extensions() {
        let (client, mut server) = tokio::io::duplex(1024);
        server
            .write_all(b"250-mail.hes.test Hello\r\n250-SIZE 1000\r\n250-auth=login\r\n250-AUTH LOGIN PLAIN\r\n250 STARTTLS\r\n")
            .await
            .unwrap();
        let mut s = Session::new(Box::new(client));
        let r = s.read_reply().await.unwrap();
        assert_eq!(r.code, 250);
        let e = Ehlo::parse(&r);
        assert_eq!(e.domain, "mail.hes.test");
        assert!(e.has("STARTTLS") && e.has("SIZE") && !e.has("PIPELINING"));
        assert_eq!(e.auth_mechanisms(), ["LOGIN", "PLAIN"]);
    }

    #[tokio::test]
    async fn reply_text_is_as_sent_and_garbage_is_malformed() {
        let (client, mut server) = tokio::io::duplex(1024);
        server
            .write_all(b"535 5.7.8 Authentication credentials invalid\r\nHTTP/1.1 400 Bad Request\r\n")
            .await
            .unwrap();
        drop(server);
        let mut s = Session::new(Box::new(client));
        assert_eq!(s.read_reply().await.unwrap().to_string(), "535 5.7.8 Authentication credentials invalid");
        assert!(matches!(s.read_reply().await, Err(WireError::Malformed(t)) if t.starts_with("HTTP/1.1 400")));
        assert!(matches!(s.read_reply().await, Err(WireError::Closed)));
    }

    #[tokio::test]
    async fn data_is_dot_stuffed() {
        let (client, mut server) = tokio::io::duplex(4096);
        server.write_all(b"250 ok\r\n").await.unwrap();
        let mut s = Session::new(Box::new(client));
        s.data("a\r\n.b\r\n").await.unwrap();
        drop(s);
        let mut got = Vec::new();
        server.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"a\r\n..b\r\n.\r\n");
    }

    #[test]
    fn plain_credentials() {
        assert_eq!(*auth_plain("u", "p"), "AHUAcA==");
        assert_eq!(split_line("250"), Some((250, ' ', "")));
        assert_eq!(split_line("25x ok"), None);
    }
}
