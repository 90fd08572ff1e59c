//! Azure AD (Entra ID): client-credentials token → granted application permissions (the token's
//! `roles`) → Microsoft Graph `/organization` → HES's groups. AADSTS errors are mapped from
//! `error_codes`, never from message text; trace and correlation ids are shown.

use base64::Engine;
use hes_core::Secret;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::net::{client, dns_tcp, fail_transport, parse_url};
use crate::report::CheckReport;
use crate::run::{run, Recorder, StepResult};
use crate::{codes, CheckOptions};

pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";
pub const DEFAULT_GRAPH: &str = "https://graph.microsoft.com";
/// The application permission HES's setup guide has admins grant.
pub const REQUIRED_ROLE: &str = "Directory.Read.All";

const HOW_TO_GRANT: &str = "In the Azure portal: App registrations → this application → API permissions → \
    Add a permission → Microsoft Graph → Application permissions → Directory.Read.All → \
    Grant admin consent";

/// The groups HES looks for: (classic name, newer name).
pub const GROUPS: [(&str, &str); 2] = [
    ("Hideez Key Owners", "Security Key Owners"),
    ("Hideez Auto Password Change", "Security Key Auto Password Change"),
];

/// Where and as whom: authority and Graph bases are configurable (national clouds, tests).
#[derive(Debug, Clone)]
pub struct AzureTarget {
    /// e.g. `https://login.microsoftonline.com` (no tenant, no trailing path).
    pub authority_base: String,
    /// e.g. `https://graph.microsoft.com` (without `/v1.0`).
    pub graph_base: String,
    /// Tenant id (GUID) or domain.
    pub tenant: String,
    /// Application (client) id.
    pub app_id: String,
}

impl AzureTarget {
    pub fn new(tenant: impl Into<String>, app_id: impl Into<String>) -> Self {
        AzureTarget {
            authority_base: DEFAULT_AUTHORITY.into(),
            graph_base: DEFAULT_GRAPH.into(),
            tenant: tenant.into(),
            app_id: app_id.into(),
        }
    }
}

#[derive(Deserialize, Default)]
struct TokenError {
    error: Option<String>,
    error_description: Option<String>,
    #[serde(default)]
    error_codes: Vec<i64>,
    trace_id: Option<String>,
    correlation_id: Option<String>,
}

/// An AADSTS code in plain words and its report code.
pub fn aadsts_words(code: i64) -> (&'static str, &'static str) {
    match code {
        7000215 => (
            codes::AAD_INVALID_CLIENT_SECRET,
            "Invalid client secret: often the secret's ID was pasted instead of its value \
             (Certificates & secrets → copy the Value column, shown only right after creation)",
        ),
        7000222 => (
            codes::AAD_CLIENT_SECRET_EXPIRED,
            "The client secret has expired: create a new one under Certificates & secrets and store its value",
        ),
        700016 => (
            codes::AAD_APP_NOT_IN_TENANT,
            "The application id is not found in this tenant: check the Application (client) ID, or the app \
             is registered in another tenant",
        ),
        90002 => (codes::AAD_TENANT_NOT_FOUND, "Tenant not found: check the Directory (tenant) ID or domain"),
        7000216 => (codes::AAD_ERROR, "No client secret was sent"),
        900023 => (codes::AAD_TENANT_NOT_FOUND, "The tenant is neither a valid tenant id nor a valid domain"),
        _ => (codes::AAD_ERROR, "Azure AD refused the token request"),
    }
}

fn graph_scope(graph: &str) -> String {
    format!("{}/.default", graph.trim_end_matches('/'))
}

/// Run the Azure AD check with the client secret `secret`.
pub async fn azure(t: &AzureTarget, secret: &Secret, opts: &CheckOptions) -> CheckReport {
    let target = format!("tenant {} / application {} at {}", t.tenant.trim(), t.app_id.trim(), t.authority_base);
    let later = ["DNS", "TCP", "Token", "Permissions", "Organization", "Groups"];
    run("azure", &target, opts, vec![secret.clone()], &later, |rec| body(rec, t, secret, opts)).await
}

/// The JWT payload's `roles` (no signature check: the token is only read to explain what is granted).
fn token_roles(jwt: &str) -> Option<Vec<String>> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    Some(match v.get("roles") {
        Some(Value::Array(a)) => a.iter().filter_map(|r| r.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    })
}

fn graph_error(status: u16, body: &Value) -> String {
    let code = body.pointer("/error/code").and_then(Value::as_str).unwrap_or("");
    let msg = body.pointer("/error/message").and_then(Value::as_str).unwrap_or("");
    let rid = body.pointer("/error/innerError/request-id").and_then(Value::as_str);
    let mut s = format!("HTTP {status} {code}: {msg}");
    if status == 403 {
        s.push_str(&format!(" — the application lacks a Graph permission. {HOW_TO_GRANT}"));
    }
    if let Some(r) = rid {
        s.push_str(&format!(" (request-id {r})"));
    }
    s
}

async fn body(rec: Recorder, t: &AzureTarget, secret: &Secret, opts: &CheckOptions) -> StepResult<()> {
    let authority = parse_url(&rec, "The authority URL", &t.authority_base)?;
    let http = client(&rec, opts)?;
    dns_tcp(&rec, &authority).await?;

    // Token (client credentials).
    let step = rec.begin("Token");
    let tenant = t.tenant.trim();
    if tenant.is_empty() || t.app_id.trim().is_empty() || secret.is_blank() {
        return Err(rec.fail(step, codes::INVALID_TARGET, "tenant, application id and client secret are required"));
    }
    let mut url: Url = authority.clone();
    url.path_segments_mut().expect("http URL").pop_if_empty().extend([tenant, "oauth2", "v2.0", "token"]);
    let form = [
        ("client_id", t.app_id.trim()),
        ("client_secret", secret.expose()),
        ("scope", &graph_scope(&t.graph_base)),
        ("grant_type", "client_credentials"),
    ];
    let body: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let resp = http
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(body)
        .send()
        .await;
    let resp = match resp {
        Ok(r) => r,
        Err(e) => return Err(fail_transport(&rec, step, e)),
    };
    let status = resp.status().as_u16();
    let json: Value = match resp.json().await {
        Ok(v) => v,
        Err(_) => {
            return Err(rec.fail(
                step,
                codes::UNEXPECTED_ANSWER,
                format!("HTTP {status} without JSON: is the authority URL an Entra ID (Azure AD) endpoint?"),
            ))
        }
    };
    let token = match json.get("access_token").and_then(Value::as_str) {
        Some(tok) if status == 200 => Secret::new(tok),
        _ => {
            let e: TokenError = serde_json::from_value(json).unwrap_or_default();
            let first = e.error_codes.first().copied();
            let (code, words) = first.map_or((codes::AAD_ERROR, "Azure AD refused the token request"), aadsts_words);
            let mut d = match first {
                Some(c) => format!("{words} (AADSTS{c}, {})", e.error.as_deref().unwrap_or("error")),
                None => format!("{words} (HTTP {status}, {})", e.error.as_deref().unwrap_or("no error code")),
            };
            if let Some(line) = e.error_description.as_deref().and_then(|s| s.lines().next()) {
                d.push_str(&format!(". Azure says: {}", line.trim()));
            }
            if let Some(tr) = e.trace_id {
                d.push_str(&format!(". Trace ID: {tr}"));
            }
            if let Some(c) = e.correlation_id {
                d.push_str(&format!(". Correlation ID: {c}"));
            }
            return Err(rec.fail(step, code, d));
        }
    };
    rec.add_secret(token.clone());
    rec.ok(step, "token issued for Microsoft Graph (client credentials)");

    // Permissions from the token's roles.
    let step = rec.begin("Permissions");
    let Some(roles) = token_roles(token.expose()) else {
        return Err(rec.fail(
            step,
            codes::UNEXPECTED_ANSWER,
            "the access token is not a readable JWT: permissions unknown",
        ));
    };
    if !roles.iter().any(|r| r == REQUIRED_ROLE) {
        let granted = if roles.is_empty() { "no application permission".to_string() } else { roles.join(", ") };
        return Err(rec.fail(
            step,
            codes::AAD_PERMISSION_MISSING,
            format!("granted: {granted}; {REQUIRED_ROLE} is missing. {HOW_TO_GRANT}"),
        ));
    }
    rec.ok(step, format!("granted: {} ({REQUIRED_ROLE} present)", roles.join(", ")));

    // Graph.
    let graph = parse_graph(&t.graph_base);
    let step = rec.begin("Organization");
    let Some(graph) = graph else {
        return Err(rec.fail(step, codes::INVALID_TARGET, "the Graph URL is not a valid http(s) URL"));
    };
    let mut org_url = graph.clone();
    org_url.path_segments_mut().expect("http URL").pop_if_empty().extend(["v1.0", "organization"]);
    let (status, v) = match get_json(&http, org_url, &token).await {
        Ok(x) => x,
        Err(e) => return Err(fail_transport(&rec, step, e)),
    };
    if status != 200 {
        return Err(rec.fail(step, codes::GRAPH_ERROR, graph_error(status, &v)));
    }
    let org = v.pointer("/value/0");
    let name = org.and_then(|o| o.get("displayName")).and_then(Value::as_str).unwrap_or("?");
    let id = org.and_then(|o| o.get("id")).and_then(Value::as_str).unwrap_or("?");
    let domain = org
        .and_then(|o| o.get("verifiedDomains"))
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|d| d.get("isDefault") == Some(&Value::Bool(true))))
        .and_then(|d| d.get("name"))
        .and_then(Value::as_str);
    let mut d = format!("{name} (tenant id {id})");
    if let Some(dm) = domain {
        d.push_str(&format!(", default domain {dm}"));
    }
    rec.ok(step, d);

    // Groups.
    let step = rec.begin("Groups");
    let mut found = Vec::new();
    let mut lines = Vec::new();
    for (classic, newer) in GROUPS {
        for name in [classic, newer] {
            let mut u = graph.clone();
            u.path_segments_mut().expect("http URL").pop_if_empty().extend(["v1.0", "groups"]);
            let filter = format!("displayName eq '{}'", name.replace('\'', "''"));
            u.query_pairs_mut().append_pair("$filter", &filter).append_pair("$select", "id,displayName");
            let (status, v) = match get_json(&http, u, &token).await {
                Ok(x) => x,
                Err(e) => return Err(fail_transport(&rec, step, e)),
            };
            if status != 200 {
                return Err(rec.fail(step, codes::GRAPH_ERROR, format!("group lookup: {}", graph_error(status, &v))));
            }
            let n = v.get("value").and_then(Value::as_array).map_or(0, Vec::len);
            if n > 0 {
                found.push(name);
            }
            lines.push(format!("{name}: {}", if n > 0 { "found" } else { "missing" }));
        }
    }
    let missing: Vec<&str> =
        GROUPS.iter().filter(|(c, n)| !found.contains(c) && !found.contains(n)).map(|(c, _)| *c).collect();
    if missing.is_empty() {
        rec.ok(step, lines.join("; "));
    } else {
        rec.warn(
            step,
            codes::AAD_GROUPS_MISSING,
            format!("{}. Create the missing group(s) in Entra ID: {}", lines.join("; "), missing.join(", ")),
        );
    }
    Ok(())
}

fn parse_graph(raw: &str) -> Option<Url> {
    let u = Url::parse(raw.trim()).ok()?;
    ((u.scheme() == "http" || u.scheme() == "https") && u.host_str().is_some()).then_some(u)
}

async fn get_json(http: &reqwest::Client, url: Url, token: &Secret) -> Result<(u16, Value), reqwest::Error> {
    let resp = http
        .get(url)
        .header("Authorization", format!("Bearer {}", token.expose()))
        .header("Accept", "application/json")
        .send()
        .await?;
    let status = resp.status().as_u16();
    let v = resp.json::<Value>().await.unwrap_or(Value::Null);
    Ok((status, v))
}
