//! Hideez licensing server stub: `GET /api/Devices/GetDevicesWithLicenses/{key}`
//! answering `{"DevicesDto":[…],"DeviceLicensesDto":[…],"LicenseOrdersDto":[…]}` per key. The real
//! HLS's answer to an unknown key is not documented: the stub answers `unknown_key_status` (404).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

use crate::server::{serve, serve_tls, Handler, Req, Resp, StubHandle, TestCa};

#[derive(Debug, Clone)]
pub enum KeyAnswer {
    /// `n` devices, each with one license, and one order.
    Good(usize),
    /// Like `Good(n)`, the licenses ending over the next 12 months from today (for the chart).
    Spread(usize),
    /// All three arrays empty.
    Empty,
    /// HTTP 200 with a body that is not JSON.
    Malformed,
    /// Sleep this long, then answer like `Good(1)`.
    Slow(Duration),
    /// Answer this HTTP status with an empty body.
    Status(u16),
    /// `n` devices with licenses whose `Data` is 1 KB each (a large real answer; license import).
    Huge(usize),
    /// HTTP 200 with exactly this body (e.g. a document cut off in the middle).
    Body(String),
}

#[derive(Debug, Clone)]
pub struct LicensingConfig {
    pub keys: HashMap<String, KeyAnswer>,
    pub unknown_key_status: u16,
    /// Paths of the requests received (the tests check that the key arrived, URL-encoded).
    pub requests: Arc<Mutex<Vec<String>>>,
    pub port: u16,
}

impl LicensingConfig {
    pub fn new() -> Self {
        LicensingConfig { keys: HashMap::new(), unknown_key_status: 404, requests: Arc::default(), port: 0 }
    }

    pub fn key(mut self, key: &str, answer: KeyAnswer) -> Self {
        self.keys.insert(key.to_string(), answer);
        self
    }
}

impl Default for LicensingConfig {
    fn default() -> Self {
        Self::new()
    }
}

/// A plausible import answer with `n` devices (sample data only).
pub fn import_body(n: usize) -> Value {
    let order = "5b0b7c36-3c4f-4d2b-9d64-0c1f3b2a7e10";
    let devices: Vec<Value> = (0..n)
        .map(|i| {
            json!({"DeviceId": format!("ST1040000000{i:02}"), "MAC": format!("00:11:22:33:44:{i:02X}"),
            "Model": "ST104", "RFID": format!("{:010}", i), "Firmware": "3.4.1"})
        })
        .collect();
    let licenses: Vec<Value> = (0..n)
        .map(|i| {
            json!({"Id": uuid::Uuid::new_v4().to_string(), "LicenseOrderId": order,
            "DeviceId": format!("ST1040000000{i:02}"), "EndDate": "2027-11-25T00:00:00", "Data": "AAECAw=="})
        })
        .collect();
    let orders = if n == 0 {
        vec![]
    } else {
        vec![json!({"Id": order, "ContactEmail": "admin@example.com", "Note": "", "StartDate": "2026-11-25T00:00:00",
            "EndDate": "2027-11-25T00:00:00", "ProlongExistingLicenses": false,
            "CreatedAt": "2026-11-24T10:00:00", "OrderStatus": 3})]
    };
    json!({"DevicesDto": devices, "DeviceLicensesDto": licenses, "LicenseOrdersDto": orders})
}

/// Like [`import_body`], license `i` ending `20 + 31·(i mod 12)` days from today: one or more per
/// month of the Licensing tab's chart, and every status but Expired.
pub fn import_body_spread(n: usize) -> Value {
    let today = chrono::Utc::now().date_naive();
    let mut body = import_body(n);
    for (i, l) in body["DeviceLicensesDto"].as_array_mut().into_iter().flatten().enumerate() {
        let end = today + chrono::Days::new(20 + 31 * (i as u64 % 12));
        l["EndDate"] = Value::String(format!("{}T00:00:00", end.format("%Y-%m-%d")));
    }
    body
}

/// Like [`import_body`], every license's `Data` being `data_len` bytes (base64 in the JSON).
pub fn import_body_with_data(n: usize, data_len: usize) -> Value {
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(vec![0x42u8; data_len]);
    let mut body = import_body(n);
    for l in body["DeviceLicensesDto"].as_array_mut().into_iter().flatten() {
        l["Data"] = Value::String(data.clone());
    }
    body
}

pub async fn start(cfg: LicensingConfig) -> std::io::Result<(SocketAddr, StubHandle)> {
    let port = cfg.port;
    let cfg = Arc::new(cfg);
    let handler: Handler = Arc::new(move |req| {
        let cfg = cfg.clone();
        Box::pin(async move { handle(&cfg, req).await })
    });
    serve(port, handler).await
}

/// Like [`start`] over HTTPS, with a certificate from a fresh [`TestCa`] (returned: trust its PEM).
pub async fn start_tls(cfg: LicensingConfig) -> std::io::Result<(SocketAddr, StubHandle, TestCa)> {
    let port = cfg.port;
    let cfg = Arc::new(cfg);
    let handler: Handler = Arc::new(move |req| {
        let cfg = cfg.clone();
        Box::pin(async move { handle(&cfg, req).await })
    });
    serve_tls(port, handler).await
}

async fn handle(cfg: &LicensingConfig, req: Req) -> Resp {
    cfg.requests.lock().unwrap().push(req.path.clone());
    const PREFIX: &str = "/api/Devices/GetDevicesWithLicenses/";
    if req.method != "GET" || !req.path.starts_with(PREFIX) {
        return Resp::raw(404, "text/plain", "");
    }
    let raw = &req.path[PREFIX.len()..];
    let key: String = percent_decode(raw);
    match cfg.keys.get(&key) {
        None => Resp::raw(cfg.unknown_key_status, "text/plain", ""),
        Some(KeyAnswer::Good(n)) => Resp::json(200, &import_body(*n)),
        Some(KeyAnswer::Spread(n)) => Resp::json(200, &import_body_spread(*n)),
        Some(KeyAnswer::Empty) => Resp::json(200, &import_body(0)),
        Some(KeyAnswer::Malformed) => Resp::raw(200, "application/json; charset=utf-8", "<html>Service Unavailable"),
        Some(KeyAnswer::Slow(d)) => {
            tokio::time::sleep(*d).await;
            Resp::json(200, &import_body(1))
        }
        Some(KeyAnswer::Status(s)) => Resp::raw(*s, "text/plain", ""),
        Some(KeyAnswer::Huge(n)) => Resp::json(200, &import_body_with_data(*n, 1024)),
        Some(KeyAnswer::Body(b)) => Resp::raw(200, "application/json; charset=utf-8", b.clone()),
    }
}

/// `%XX` (two hex digits, anywhere, also at the very end) → that byte; anything else, such as a
/// `%` without two hex digits after it, is kept as it is.
fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        // Not `u8::from_str_radix`: it also takes a sign, so `%+5` would decode to 0x05.
        char::from(b).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi << 4) | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn percent_decode_escapes_anywhere_including_the_very_end() {
        assert_eq!(percent_decode("%41"), "A");
        assert_eq!(percent_decode("key%2F"), "key/");
        assert_eq!(percent_decode("k%2B%2f%3D"), "k+/=");
        assert_eq!(percent_decode("a%20b%3d"), "a b=");
        assert_eq!(percent_decode("%C3%A9t%C3%A9"), "été");
        assert_eq!(percent_decode("plain-key_1.2~"), "plain-key_1.2~");
    }

    #[test]
    fn percent_decode_keeps_incomplete_or_invalid_escapes() {
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("key%"), "key%");
        assert_eq!(percent_decode("key%4"), "key%4");
        assert_eq!(percent_decode("%zz1"), "%zz1");
        assert_eq!(percent_decode("%4g"), "%4g");
        assert_eq!(percent_decode("%+5x"), "%+5x");
        assert_eq!(percent_decode("%-1"), "%-1");
        assert_eq!(percent_decode("%%41"), "%A");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
