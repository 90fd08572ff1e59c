//! Splunk HTTP Event Collector stub: `/services/collector[/event[/1.0]]`,
//! `/services/collector/health[/1.0]`, `/services/collector/ack`; `{"text","code"}` answers with the
//! HTTP statuses of the HEC code table. Unverified choices as documented for HEC: a JSON array body → 6,
//! a wrong method → 404. Not implemented: `/raw`, gzip bodies.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;
use serde_json::{json, Value};

use crate::server::{serve, serve_tls, Handler, Req, Resp, StubHandle, TestCa};

#[derive(Debug, Clone)]
pub struct HecToken {
    pub value: String,
    pub disabled: bool,
    /// Indexer acknowledgement: a channel is required, success answers carry `ackId`.
    pub ack: bool,
    /// Index used when the event names none.
    pub default_index: String,
    pub allow_query_auth: bool,
}

impl HecToken {
    pub fn new(value: &str) -> Self {
        HecToken {
            value: value.into(),
            disabled: false,
            ack: false,
            default_index: "main".into(),
            allow_query_auth: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct HecConfig {
    pub tokens: Vec<HecToken>,
    /// Indexes that exist (and every token may write to).
    pub indexes: Vec<String>,
    /// Health answers 503/18 while set.
    pub unhealthy: Arc<AtomicBool>,
    /// Accepted events.
    pub events: Arc<Mutex<Vec<Value>>>,
    pub port: u16,
}

/// Token values of [`HecConfig::standard`].
pub const VALID_TOKEN: &str = "11111111-2222-3333-4444-555555555555";
pub const DISABLED_TOKEN: &str = "dddddddd-2222-3333-4444-555555555555";
pub const ACK_TOKEN: &str = "aaaaaaaa-2222-3333-4444-555555555555";
/// A token whose default index does not exist (answers code 7).
pub const BAD_INDEX_TOKEN: &str = "bbbbbbbb-2222-3333-4444-555555555555";

impl HecConfig {
    /// Valid, disabled, ack and bad-index tokens; indexes `main` and `hes`.
    pub fn standard() -> Self {
        HecConfig {
            tokens: vec![
                HecToken::new(VALID_TOKEN),
                HecToken { disabled: true, ..HecToken::new(DISABLED_TOKEN) },
                HecToken { ack: true, ..HecToken::new(ACK_TOKEN) },
                HecToken { default_index: "nosuchindex".into(), ..HecToken::new(BAD_INDEX_TOKEN) },
            ],
            indexes: vec!["main".into(), "hes".into()],
            unhealthy: Arc::default(),
            events: Arc::default(),
            port: 0,
        }
    }
}

/// The HEC code table: (HTTP status, text).
pub fn code_table(code: i64) -> (u16, &'static str) {
    match code {
        0 => (200, "Success"),
        1 => (403, "Token disabled"),
        2 => (401, "Token is required"),
        3 => (401, "Invalid authorization"),
        4 => (403, "Invalid token"),
        5 => (400, "No data"),
        6 => (400, "Invalid data format"),
        7 => (400, "Incorrect index"),
        8 => (500, "Internal server error"),
        9 => (503, "Server is busy"),
        10 => (400, "Data channel is missing"),
        11 => (400, "Invalid data channel"),
        12 => (400, "Event field is required"),
        13 => (400, "Event field cannot be blank"),
        14 => (400, "ACK is disabled"),
        15 => (400, "Error in handling indexed fields"),
        16 => (400, "Query string authorization is not enabled"),
        17 => (200, "HEC is healthy"),
        18 => (503, "HEC is unhealthy, queues are full"),
        19 => (503, "HEC is unhealthy, ack service unavailable"),
        20 => (503, "HEC is unhealthy, queues are full, ack service unavailable"),
        _ => (500, "Internal server error"),
    }
}

fn answer(code: i64) -> Resp {
    let (status, text) = code_table(code);
    Resp::json(status, &json!({"text": text, "code": code}))
}

fn answer_event(code: i64, n: usize) -> Resp {
    let (status, text) = code_table(code);
    Resp::json(status, &json!({"text": text, "code": code, "invalid-event-number": n}))
}

fn not_found() -> Resp {
    Resp::json(404, &json!({"text": "The requested URL was not found on this server.", "code": 404}))
}

fn is_guid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36
}

struct State {
    cfg: HecConfig,
    next_ack: AtomicU64,
}

pub async fn start(cfg: HecConfig) -> std::io::Result<(SocketAddr, StubHandle)> {
    let port = cfg.port;
    let st = Arc::new(State { cfg, next_ack: AtomicU64::new(0) });
    let handler: Handler = Arc::new(move |req| {
        let st = st.clone();
        Box::pin(async move { handle(&st, req) })
    });
    serve(port, handler).await
}

/// Like [`start`] over HTTPS, with a certificate from a fresh [`TestCa`] (returned: trust its PEM).
pub async fn start_tls(cfg: HecConfig) -> std::io::Result<(SocketAddr, StubHandle, TestCa)> {
    let port = cfg.port;
    let st = Arc::new(State { cfg, next_ack: AtomicU64::new(0) });
    let handler: Handler = Arc::new(move |req| {
        let st = st.clone();
        Box::pin(async move { handle(&st, req) })
    });
    serve_tls(port, handler).await
}

fn handle(st: &State, req: Req) -> Resp {
    let path = req.path.trim_end_matches('/');
    match (req.method.as_str(), path) {
        ("GET", "/services/collector/health" | "/services/collector/health/1.0") => {
            answer(if st.cfg.unhealthy.load(Ordering::SeqCst) { 18 } else { 17 })
        }
        ("POST", "/services/collector" | "/services/collector/event" | "/services/collector/event/1.0") => {
            event(st, &req)
        }
        ("POST", "/services/collector/ack") => ack(st, &req),
        _ => not_found(),
    }
}

/// Authenticate: `Ok(token)` or the error answer.
fn auth<'a>(st: &'a State, req: &Req) -> Result<&'a HecToken, Resp> {
    let value = if let Some(h) = req.header("authorization") {
        let (scheme, rest) = h.split_once(' ').unwrap_or((h, ""));
        match scheme {
            "Splunk" => rest.trim().to_string(),
            "Basic" => {
                let dec = base64::engine::general_purpose::STANDARD.decode(rest.trim()).unwrap_or_default();
                let s = String::from_utf8_lossy(&dec).to_string();
                match s.split_once(':') {
                    Some((_, pw)) => pw.to_string(),
                    None => return Err(answer(3)),
                }
            }
            _ => return Err(answer(3)),
        }
    } else if let Some(q) = req.query_param("token") {
        let tok = st.cfg.tokens.iter().find(|t| t.value == q);
        match tok {
            Some(t) if t.allow_query_auth => q,
            _ => return Err(answer(16)),
        }
    } else {
        return Err(answer(2));
    };
    match st.cfg.tokens.iter().find(|t| t.value == value) {
        None => Err(answer(4)),
        Some(t) if t.disabled => Err(answer(1)),
        Some(t) => Ok(t),
    }
}

fn channel(req: &Req) -> Option<String> {
    req.header("x-splunk-request-channel").map(str::to_string).or_else(|| req.query_param("channel"))
}

fn event(st: &State, req: &Req) -> Resp {
    let token = match auth(st, req) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let chan = channel(req);
    if let Some(c) = &chan {
        if !is_guid(c) {
            return answer(11);
        }
    } else if token.ack {
        return answer(10);
    }
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return answer(5);
    }
    let mut accepted = Vec::new();
    let stream = serde_json::Deserializer::from_slice(&req.body).into_iter::<Value>();
    for (n, item) in stream.enumerate() {
        let Ok(v) = item else { return answer_event(6, n) };
        let Some(obj) = v.as_object() else { return answer_event(6, n) };
        match obj.get("event") {
            None => return answer_event(12, n),
            Some(Value::String(s)) if s.is_empty() => return answer_event(13, n),
            Some(Value::Null) => return answer_event(13, n),
            _ => {}
        }
        let index = obj.get("index").and_then(Value::as_str).unwrap_or(&token.default_index);
        if !st.cfg.indexes.iter().any(|i| i == index) {
            return answer_event(7, n);
        }
        if let Some(fields) = obj.get("fields") {
            let flat = fields.as_object().is_some_and(|f| {
                f.values().all(|v| match v {
                    Value::Array(a) => a.iter().all(|x| !x.is_object() && !x.is_array()),
                    Value::Object(_) => false,
                    _ => true,
                })
            });
            if !flat {
                return answer_event(15, n);
            }
        }
        accepted.push(v);
    }
    st.cfg.events.lock().unwrap().extend(accepted);
    if token.ack {
        let id = st.next_ack.fetch_add(1, Ordering::SeqCst);
        Resp::json(200, &json!({"text": "Success", "code": 0, "ackId": id}))
    } else {
        answer(0)
    }
}

fn ack(st: &State, req: &Req) -> Resp {
    let token = match auth(st, req) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if !token.ack {
        return answer(14);
    }
    match channel(req) {
        None => return answer(10),
        Some(c) if !is_guid(&c) => return answer(11),
        _ => {}
    }
    let Ok(v) = serde_json::from_slice::<Value>(&req.body) else { return answer(6) };
    let issued = st.next_ack.load(Ordering::SeqCst);
    let mut out = serde_json::Map::new();
    for id in v.get("acks").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_u64) {
        out.insert(id.to_string(), Value::Bool(id < issued));
    }
    Resp::json(200, &json!({"acks": out}))
}
