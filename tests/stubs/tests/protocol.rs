//! The stubs answer as the real services do (one assertion per table row).

use base64::Engine;
use hes_stubs::{azure as az, hec};
use serde_json::{json, Value};

const CHAN: &str = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

async fn hec_post(base: &str, path: &str, auth: Option<&str>, chan: Option<&str>, body: &str) -> (u16, Value) {
    let mut rq = reqwest::Client::new().post(format!("{base}{path}")).body(body.to_string());
    if let Some(a) = auth {
        rq = rq.header("Authorization", a);
    }
    if let Some(c) = chan {
        rq = rq.header("X-Splunk-Request-Channel", c);
    }
    let r = rq.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn hec_code_table() {
    let cfg = hec::HecConfig::standard();
    let (addr, _h) = hec::start(cfg.clone()).await.unwrap();
    let b = format!("http://{addr}");
    let ok = format!("Splunk {}", hec::VALID_TOKEN);
    let ev = r#"{"event":"hello"}"#;
    let p = "/services/collector/event";
    let code = |x: &(u16, Value)| (x.0, x.1["code"].as_i64().unwrap());

    let health = reqwest::get(format!("{b}/services/collector/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.json::<Value>().await.unwrap(), json!({"text": "HEC is healthy", "code": 17}));
    cfg.unhealthy.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(reqwest::get(format!("{b}/services/collector/health/1.0")).await.unwrap().status(), 503);
    cfg.unhealthy.store(false, std::sync::atomic::Ordering::SeqCst);

    assert_eq!(code(&hec_post(&b, p, Some(&ok), None, ev).await), (200, 0));
    assert_eq!(code(&hec_post(&b, "/services/collector", Some(&ok), None, &format!("{ev}{ev}")).await), (200, 0));
    assert_eq!(code(&hec_post(&b, p, None, None, ev).await), (401, 2));
    assert_eq!(code(&hec_post(&b, p, Some(&format!("Bearer {}", hec::VALID_TOKEN)), None, ev).await), (401, 3));
    assert_eq!(code(&hec_post(&b, p, Some("Splunk nope"), None, ev).await), (403, 4));
    assert_eq!(code(&hec_post(&b, p, Some(&format!("Splunk {}", hec::DISABLED_TOKEN)), None, ev).await), (403, 1));
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("x:{}", hec::VALID_TOKEN));
    assert_eq!(code(&hec_post(&b, p, Some(&format!("Basic {basic}")), None, ev).await), (200, 0));
    assert_eq!(code(&hec_post(&b, p, Some(&ok), None, "").await), (400, 5));
    let bad = hec_post(&b, p, Some(&ok), None, "{nope").await;
    assert_eq!((code(&bad), bad.1["invalid-event-number"].as_i64()), ((400, 6), Some(0)));
    assert_eq!(code(&hec_post(&b, p, Some(&ok), None, "[{\"event\":1}]").await), (400, 6));
    let missing = hec_post(&b, p, Some(&ok), None, r#"{"event":"a"}{"time":1}"#).await;
    assert_eq!((code(&missing), missing.1["invalid-event-number"].as_i64()), ((400, 12), Some(1)));
    assert_eq!(code(&hec_post(&b, p, Some(&ok), None, r#"{"event":""}"#).await), (400, 13));
    assert_eq!(code(&hec_post(&b, p, Some(&ok), None, r#"{"event":"a","index":"x"}"#).await), (400, 7));
    assert_eq!(code(&hec_post(&b, p, Some(&ok), None, r#"{"event":"a","index":"hes"}"#).await), (200, 0));
    assert_eq!(code(&hec_post(&b, p, Some(&ok), None, r#"{"event":"a","fields":{"k":{"n":1}}}"#).await), (400, 15));
    assert_eq!(code(&hec_post(&b, p, Some(&ok), Some("not-a-guid"), ev).await), (400, 11));
    let q = reqwest::Client::new().post(format!("{b}{p}?token={}", hec::VALID_TOKEN)).body(ev).send().await.unwrap();
    assert_eq!(q.json::<Value>().await.unwrap()["code"], 16);

    let ack = format!("Splunk {}", hec::ACK_TOKEN);
    assert_eq!(code(&hec_post(&b, p, Some(&ack), None, ev).await), (400, 10));
    assert_eq!(hec_post(&b, p, Some(&ack), Some(CHAN), ev).await.1["ackId"], 0);
    assert_eq!(hec_post(&b, p, Some(&ack), Some(CHAN), ev).await.1["ackId"], 1);
    let acks = hec_post(&b, "/services/collector/ack", Some(&ack), Some(CHAN), r#"{"acks":[0,1,5]}"#).await;
    assert_eq!(acks.1, json!({"acks": {"0": true, "1": true, "5": false}}));
    assert_eq!(
        code(&hec_post(&b, "/services/collector/ack", Some(&ok), Some(CHAN), r#"{"acks":[0]}"#).await),
        (400, 14)
    );

    let nf = hec_post(&b, "/nope", Some(&ok), None, ev).await;
    assert_eq!(nf, (404, json!({"text": "The requested URL was not found on this server.", "code": 404})));
    // Accepted: 2 + 1 (batch) + basic + index hes + 2 ack = 7.
    assert_eq!(cfg.events.lock().unwrap().len(), 7);
}

async fn token(base: &str, tenant: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let body: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let r = reqwest::Client::new()
        .post(format!("{base}/{tenant}/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn entra_errors_and_graph() {
    let (addr, _h) = az::start(az::AzureConfig::standard()).await.unwrap();
    let b = format!("http://{addr}");
    let scope = "https://graph.microsoft.com/.default";
    let good = [
        ("client_id", az::APP_ID),
        ("client_secret", az::APP_SECRET),
        ("scope", scope),
        ("grant_type", "client_credentials"),
    ];
    let aad =
        |x: &(u16, Value)| (x.0, x.1["error"].as_str().unwrap().to_string(), x.1["error_codes"][0].as_i64().unwrap());

    let (st, ok) = token(&b, az::TENANT_ID, &good).await;
    assert_eq!((st, ok["token_type"].as_str()), (200, Some("Bearer")));
    let jwt = ok["access_token"].as_str().unwrap().to_string();

    let wrong = token(&b, az::TENANT_ID, &[good[0], ("client_secret", "x"), good[2], good[3]]).await;
    assert_eq!(aad(&wrong), (401, "invalid_client".into(), 7000215));
    let d = wrong.1["error_description"].as_str().unwrap();
    assert!(d.starts_with("AADSTS7000215: ") && d.contains("\r\nTrace ID: ") && d.contains("\r\nCorrelation ID: "));
    assert!(
        d.contains(wrong.1["trace_id"].as_str().unwrap()) && d.contains(wrong.1["correlation_id"].as_str().unwrap())
    );
    assert_eq!(wrong.1["error_uri"], "https://login.microsoftonline.com/error?code=7000215");
    let expired = token(&b, az::TENANT_ID, &[good[0], ("client_secret", az::EXPIRED_SECRET), good[2], good[3]]).await;
    assert_eq!(aad(&expired), (401, "invalid_client".into(), 7000222));
    assert_eq!(
        aad(&token(&b, az::TENANT_ID, &[good[0], good[2], good[3]]).await),
        (401, "invalid_client".into(), 7000216)
    );
    let other_app = [("client_id", "00000000-0000-0000-0000-000000000001"), good[1], good[2], good[3]];
    assert_eq!(aad(&token(&b, az::TENANT_ID, &other_app).await), (400, "unauthorized_client".into(), 700016));
    assert_eq!(aad(&token(&b, "nosuch.onmicrosoft.com", &good).await), (400, "invalid_request".into(), 90002));
    assert_eq!(aad(&token(&b, "not a tenant", &good).await), (400, "invalid_request".into(), 900023));
    assert_eq!(
        aad(&token(&b, az::TENANT_ID, &[good[0], good[1], good[3]]).await),
        (400, "invalid_request".into(), 900144)
    );
    let bad_scope = [good[0], good[1], ("scope", "https://graph.microsoft.com/User.Read"), good[3]];
    assert_eq!(aad(&token(&b, az::TENANT_ID, &bad_scope).await), (400, "invalid_scope".into(), 1002012));
    let pw = [good[0], good[1], good[2], ("grant_type", "password")];
    assert_eq!(aad(&token(&b, az::TENANT_ID, &pw).await), (400, "unsupported_grant_type".into(), 70003));

    let get = |path: &str, bearer: &str| {
        let rq = reqwest::Client::new().get(format!("{b}{path}")).header("Authorization", format!("Bearer {bearer}"));
        async move {
            let r = rq.send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let org = get("/v1.0/organization", &jwt).await;
    assert_eq!((org.0, org.1["value"][0]["id"].as_str()), (200, Some(az::TENANT_ID)));
    let g =
        get("/v1.0/groups?$filter=displayName%20eq%20%27Hideez%20Key%20Owners%27&$select=id,displayName", &jwt).await;
    assert_eq!((g.0, g.1["value"][0]["displayName"].as_str()), (200, Some("Hideez Key Owners")));
    let none = get("/v1.0/groups?$filter=displayName%20eq%20%27Security%20Key%20Owners%27", &jwt).await;
    assert_eq!(none.1["value"], json!([]));
    let sw = get("/v1.0/groups?$filter=startswith(displayName,%27hideez%27)", &jwt).await;
    assert_eq!(sw.1["value"].as_array().unwrap().len(), 2);
    assert_eq!(get("/v1.0/organization", "").await.1["error"]["code"], "InvalidAuthenticationToken");
    assert_eq!(get("/v1.0/organization", "abc.def.ghi").await.0, 401);
    assert_eq!(get("/v1.0/nosuch", &jwt).await.1["error"]["message"], "Resource not found for the segment 'nosuch'.");

    let no_role = [("client_id", az::APP_NO_ROLE_ID), good[1], good[2], good[3]];
    let weak = token(&b, az::TENANT_ID, &no_role).await.1["access_token"].as_str().unwrap().to_string();
    let denied = get("/v1.0/groups", &weak).await;
    assert_eq!((denied.0, denied.1["error"]["code"].as_str()), (403, Some("Authorization_RequestDenied")));
}
