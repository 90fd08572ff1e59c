//! Entra ID (Azure AD) token endpoint + Microsoft Graph stub.
//!
//! - `POST /{tenant}/oauth2/v2.0/token` (client credentials): HS256 JWTs with `aud`, `iss`, `tid`,
//!   `appid`, `roles`, `ver`; errors in Entra's shape (`error`, `error_description` with Trace ID /
//!   Correlation ID / Timestamp lines, `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`)
//!   for 7000215, 7000216, 7000222, 700016, 90002, 900023, 900144, 1002012, 70003.
//! - Graph `GET /v1.0/organization`, `GET /v1.0/groups?$filter=displayName eq '…'` with the token
//!   validated; 401 `InvalidAuthenticationToken`, 403 `Authorization_RequestDenied` when the token's
//!   roles lack the permission. Not emitted: paging, 429.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::server::{serve, serve_tls, Handler, Req, Resp, StubHandle, TestCa};

#[derive(Debug, Clone)]
pub struct AzSecret {
    pub value: String,
    pub expired: bool,
}

#[derive(Debug, Clone)]
pub struct AzApp {
    pub app_id: String,
    pub secrets: Vec<AzSecret>,
    /// Granted application permissions (the token's `roles`).
    pub roles: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AzTenant {
    pub id: String,
    pub domain: String,
    pub display_name: String,
    pub apps: Vec<AzApp>,
    /// Group display names that exist.
    pub groups: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AzureConfig {
    pub tenants: Vec<AzTenant>,
    pub port: u16,
}

pub const TENANT_ID: &str = "8f2c7e61-0d4b-4a8e-9c3f-2b6a1d5e7f90";
pub const TENANT_DOMAIN: &str = "hestest.onmicrosoft.com";
pub const APP_ID: &str = "3c1d9a42-6b7e-4f0a-8d25-91e4c7b3a6f8";
pub const APP_SECRET: &str = "Xq8~stub.client.secret.value_0123456789";
pub const EXPIRED_SECRET: &str = "Yr9~stub.expired.secret.value_987654321";
/// An app granted only `User.Read.All` (no Directory.Read.All).
pub const APP_NO_ROLE_ID: &str = "4d2e0b53-7c8f-4a1b-9e36-a2f5d8c4b7a9";

impl AzureConfig {
    /// One tenant with both Hideez groups; app [`APP_ID`] (Directory.Read.All, secret [`APP_SECRET`],
    /// and [`EXPIRED_SECRET`] expired); app [`APP_NO_ROLE_ID`] with only User.Read.All (same secret).
    pub fn standard() -> Self {
        AzureConfig {
            tenants: vec![AzTenant {
                id: TENANT_ID.into(),
                domain: TENANT_DOMAIN.into(),
                display_name: "HES Test".into(),
                apps: vec![
                    AzApp {
                        app_id: APP_ID.into(),
                        secrets: vec![
                            AzSecret { value: APP_SECRET.into(), expired: false },
                            AzSecret { value: EXPIRED_SECRET.into(), expired: true },
                        ],
                        roles: vec!["Directory.Read.All".into(), "User.Read.All".into()],
                    },
                    AzApp {
                        app_id: APP_NO_ROLE_ID.into(),
                        secrets: vec![AzSecret { value: APP_SECRET.into(), expired: false }],
                        roles: vec!["User.Read.All".into()],
                    },
                ],
                groups: vec!["Hideez Key Owners".into(), "Hideez Auto Password Change".into()],
            }],
            port: 0,
        }
    }
}

const SIGNING_KEY: &[u8] = b"hes-stubs azure signing key (test only)";
const GRAPH_AUD: &str = "https://graph.microsoft.com";

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `YYYY-MM-DD hh:mm:ssZ` (Entra's timestamp format).
fn timestamp(secs: u64) -> String {
    let t = chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0).unwrap_or_default();
    t.format("%Y-%m-%d %H:%M:%SZ").to_string()
}

fn aad_error(status: u16, error: &str, code: i64, message: &str) -> Resp {
    let trace = uuid::Uuid::new_v4().to_string();
    let corr = uuid::Uuid::new_v4().to_string();
    let ts = timestamp(now());
    let desc = format!("AADSTS{code}: {message}\r\nTrace ID: {trace}\r\nCorrelation ID: {corr}\r\nTimestamp: {ts}");
    Resp::json(
        status,
        &json!({
            "error": error,
            "error_description": desc,
            "error_codes": [code],
            "timestamp": ts,
            "trace_id": trace,
            "correlation_id": corr,
            "error_uri": format!("https://login.microsoftonline.com/error?code={code}"),
        }),
    )
}

fn sign(payload: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let body = URL_SAFE_NO_PAD.encode(payload.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(SIGNING_KEY).expect("any key length");
    mac.update(format!("{header}.{body}").as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{header}.{body}.{sig}")
}

fn verify(token: &str) -> Option<Value> {
    let mut parts = token.split('.');
    let (h, b, s) = (parts.next()?, parts.next()?, parts.next()?);
    let mut mac = Hmac::<Sha256>::new_from_slice(SIGNING_KEY).ok()?;
    mac.update(format!("{h}.{b}").as_bytes());
    mac.verify_slice(&URL_SAFE_NO_PAD.decode(s).ok()?).ok()?;
    let v: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(b).ok()?).ok()?;
    (v.get("exp").and_then(Value::as_u64)? > now()).then_some(v)
}

pub async fn start(cfg: AzureConfig) -> std::io::Result<(SocketAddr, StubHandle)> {
    let port = cfg.port;
    let cfg = Arc::new(cfg);
    let handler: Handler = Arc::new(move |req| {
        let cfg = cfg.clone();
        Box::pin(async move { handle(&cfg, req) })
    });
    serve(port, handler).await
}

/// Like [`start`] over HTTPS, with a certificate from a fresh [`TestCa`] (returned: trust its PEM).
pub async fn start_tls(cfg: AzureConfig) -> std::io::Result<(SocketAddr, StubHandle, TestCa)> {
    let port = cfg.port;
    let cfg = Arc::new(cfg);
    let handler: Handler = Arc::new(move |req| {
        let cfg = cfg.clone();
        Box::pin(async move { handle(&cfg, req) })
    });
    serve_tls(port, handler).await
}

fn handle(cfg: &AzureConfig, req: Req) -> Resp {
    let segs: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    match (req.method.as_str(), segs.as_slice()) {
        ("POST", [tenant, "oauth2", "v2.0", "token"]) => token(cfg, tenant, &req),
        ("GET", ["v1.0", rest @ ..]) => graph(cfg, rest, &req),
        _ => Resp::json(404, &json!({"error": {"code": "BadRequest", "message": "Resource not found."}})),
    }
}

fn is_dns_name(s: &str) -> bool {
    s.contains('.') && s.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn token(cfg: &AzureConfig, tenant: &str, req: &Req) -> Resp {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&req.body).into_owned().collect();
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let is_guid = uuid::Uuid::parse_str(tenant).is_ok();
    if !is_guid && !is_dns_name(tenant) {
        return aad_error(
            400,
            "invalid_request",
            900023,
            &format!(
                "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain."
            ),
        );
    }
    let Some(t) =
        cfg.tenants.iter().find(|t| t.id.eq_ignore_ascii_case(tenant) || t.domain.eq_ignore_ascii_case(tenant))
    else {
        return aad_error(
            400,
            "invalid_request",
            90002,
            &format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."),
        );
    };
    for p in ["grant_type", "client_id", "scope"] {
        if !matches!(get(p), Some(v) if !v.is_empty()) {
            return aad_error(
                400,
                "invalid_request",
                900144,
                &format!("The request body must contain the following parameter: '{p}'."),
            );
        }
    }
    let grant = get("grant_type").unwrap_or_default();
    if grant != "client_credentials" {
        return aad_error(
            400,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{grant}'."),
        );
    }
    let client_id = get("client_id").unwrap_or_default();
    let Some(app) = t.apps.iter().find(|a| a.app_id.eq_ignore_ascii_case(client_id)) else {
        return aad_error(
            400,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory '{}'. This can happen if the \
                 application has not been installed by the administrator of the tenant or consented to by any user in \
                 the tenant. You may have sent your authentication request to the wrong tenant.",
                t.display_name
            ),
        );
    };
    let scope = get("scope").unwrap_or_default();
    if !scope.ends_with("/.default") {
        return aad_error(
            400,
            "invalid_scope",
            1002012,
            &format!("The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."),
        );
    }
    let Some(secret) = get("client_secret").filter(|s| !s.is_empty()) else {
        return aad_error(
            401,
            "invalid_client",
            7000216,
            "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
        );
    };
    match app.secrets.iter().find(|s| s.value == secret) {
        None => aad_error(
            401,
            "invalid_client",
            7000215,
            &format!(
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret \
                 value, not the client secret ID, for a secret added to app '{}'.",
                app.app_id
            ),
        ),
        Some(s) if s.expired => aad_error(
            401,
            "invalid_client",
            7000222,
            &format!(
                "The provided client secret keys for app '{}' are expired. Visit the Azure portal to create new keys \
                 for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added \
                 security: https://aka.ms/certCreds.",
                app.app_id
            ),
        ),
        Some(_) => {
            let iat = now();
            let jwt = sign(&json!({
                "aud": GRAPH_AUD,
                "iss": format!("https://sts.windows.net/{}/", t.id),
                "iat": iat, "nbf": iat, "exp": iat + 3599,
                "appid": app.app_id, "tid": t.id, "roles": app.roles, "ver": "1.0",
            }));
            Resp::json(
                200,
                &json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": jwt}),
            )
        }
    }
}

fn graph_error(status: u16, code: &str, message: &str) -> Resp {
    let r = Resp::json(
        status,
        &json!({"error": {"code": code, "message": message, "innerError": {
            "date": timestamp(now()).replace(' ', "T"),
            "request-id": uuid::Uuid::new_v4().to_string(),
            "client-request-id": uuid::Uuid::new_v4().to_string(),
        }}}),
    );
    if status == 401 {
        r.with_header(
            "WWW-Authenticate",
            "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", \
             client_id=\"00000003-0000-0000-c000-000000000000\"",
        )
    } else {
        r
    }
}

fn graph(cfg: &AzureConfig, rest: &[&str], req: &Req) -> Resp {
    let bearer = req.header("authorization").and_then(|h| h.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
    if bearer.is_empty() {
        return graph_error(401, "InvalidAuthenticationToken", "Access token is empty.");
    }
    let Some(claims) = verify(bearer) else {
        return graph_error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    };
    let tid = claims.get("tid").and_then(Value::as_str).unwrap_or("");
    let Some(t) = cfg.tenants.iter().find(|t| t.id == tid) else {
        return graph_error(401, "InvalidAuthenticationToken", "Access token validation failure.");
    };
    let roles: Vec<&str> =
        claims.get("roles").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let has = |any: &[&str]| roles.iter().any(|r| any.contains(r));
    let denied =
        || graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    match rest {
        ["organization"] => {
            if !has(&["Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All"]) {
                return denied();
            }
            Resp::json(
                200,
                &json!({
                    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization",
                    "value": [{"id": t.id, "displayName": t.display_name,
                        "verifiedDomains": [{"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": true,
                            "isInitial": true, "name": t.domain, "type": "Managed"}]}]
                }),
            )
        }
        ["groups"] => {
            if !has(&["Group.Read.All", "Directory.Read.All", "Group.ReadWrite.All"]) {
                return denied();
            }
            let filter = req.query_param("$filter");
            let pick: Box<dyn Fn(&str) -> bool> = match filter.as_deref().map(str::trim) {
                None => Box::new(|_| true),
                Some(f) => match parse_filter(f) {
                    Some(Filter::Eq(v)) => Box::new(move |n| n == v),
                    Some(Filter::StartsWith(v)) => Box::new(move |n| n.to_lowercase().starts_with(&v.to_lowercase())),
                    None => {
                        return graph_error(400, "BadRequest", &format!("Invalid filter clause: {f}"));
                    }
                },
            };
            let value: Vec<Value> =
                t.groups.iter().filter(|g| pick(g)).map(|g| json!({"id": group_id(g), "displayName": g})).collect();
            Resp::json(
                200,
                &json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName)", "value": value}),
            )
        }
        [seg, ..] => graph_error(400, "BadRequest", &format!("Resource not found for the segment '{seg}'.")),
        [] => graph_error(404, "Request_ResourceNotFound", "Resource not found."),
    }
}

enum Filter {
    Eq(String),
    StartsWith(String),
}

fn unquote(s: &str) -> Option<String> {
    let s = s.trim();
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

fn parse_filter(f: &str) -> Option<Filter> {
    if let Some(v) = f.strip_prefix("displayName eq ") {
        return unquote(v).map(Filter::Eq);
    }
    let inner = f.strip_prefix("startswith(displayName,")?.strip_suffix(')')?;
    unquote(inner).map(Filter::StartsWith)
}

/// A stable GUID-shaped id for a group name.
fn group_id(name: &str) -> String {
    use sha2::Digest;
    let h = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    uuid::Builder::from_random_bytes(b).into_uuid().to_string()
}
