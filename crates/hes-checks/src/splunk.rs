//! Splunk HTTP Event Collector: DNS → TCP → health (a step only) → one test event, sent as HES sends
//! its events (`Authorization: Splunk <token>`, no channel, no index), answered with `{"text","code"}`.

use hes_core::Secret;
use serde::Deserialize;

use crate::net::{client, dns_tcp, fail_transport, parse_url};
use crate::report::CheckReport;
use crate::run::{run, Recorder, StepResult};
use crate::{codes, CheckOptions};

#[derive(Deserialize)]
struct HecAnswer {
    text: Option<String>,
    code: Option<i64>,
}

/// HEC's answer codes in plain words.
pub fn hec_code_words(code: i64) -> &'static str {
    match code {
        0 => "Success: the test event was accepted",
        1 => "Token disabled: enable this token in Splunk (Settings → Data inputs → HTTP Event Collector)",
        2 => "Token is required: the Authorization header did not reach Splunk (a proxy may strip it)",
        3 => "Invalid authorization: Splunk did not accept the Authorization header",
        4 => "Invalid token: Splunk does not know this token (typo, deleted token, or another Splunk instance)",
        5 => "No data: Splunk received an empty event",
        6 => "Invalid data format: Splunk could not parse the event",
        7 => "Incorrect index: the token's index does not exist or the token may not write to it",
        8 => "Internal server error in Splunk",
        9 => "Server is busy: Splunk refuses events for now (queues full)",
        10 => {
            "Data channel is missing: this token has indexer acknowledgement on, and HES sends no channel, \
               so Splunk will refuse HES's events; turn indexer acknowledgement off for this token"
        }
        11 => "Invalid data channel",
        12 => "Event field is required",
        13 => "Event field cannot be blank",
        14 => "ACK is disabled for this token",
        15 => "Error in handling indexed fields",
        16 => "Query string authorization is not enabled for this token",
        17 => "HEC is healthy",
        18 => "HEC is unhealthy: queues are full",
        19 => "HEC is unhealthy: ack service unavailable",
        20 => "HEC is unhealthy: queues are full, ack service unavailable",
        _ => "unknown HEC answer code",
    }
}

/// The report code for a HEC answer code that fails the test event.
pub fn hec_report_code(code: i64) -> &'static str {
    match code {
        1 => codes::HEC_TOKEN_DISABLED,
        2..=4 => codes::HEC_INVALID_TOKEN,
        7 => codes::HEC_INCORRECT_INDEX,
        9 => codes::HEC_BUSY,
        10 => codes::HEC_ACK_REQUIRES_CHANNEL,
        _ => codes::HEC_REJECTED,
    }
}

/// Check a Splunk HEC: `host` is HES's `splunk.Host` (e.g. `https://splunk:8088`), `token` its token.
pub async fn splunk(host: &str, token: &Secret, opts: &CheckOptions) -> CheckReport {
    let later = ["DNS", "TCP", "Health", "Test event"];
    run("splunk", host.trim(), opts, vec![token.clone()], &later, |rec| body(rec, host, token, opts)).await
}

async fn body(rec: Recorder, host: &str, token: &Secret, opts: &CheckOptions) -> StepResult<()> {
    let base = parse_url(&rec, "The Splunk host", host)?;
    let http = client(&rec, opts)?;
    dns_tcp(&rec, &base).await?;

    // Health: no token needed, so it says nothing about the token: a step, never the verdict.
    let step = rec.begin("Health");
    let health = base.join("services/collector/health").expect("relative path");
    match http.get(health).send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let ans = resp.json::<HecAnswer>().await.ok();
            match ans.and_then(|a| a.code.map(|c| (c, a.text))) {
                Some((17, _)) => rec.ok(step, "HEC is healthy (code 17)"),
                Some((c @ 18..=20, _)) => {
                    rec.warn(step, codes::HEC_UNHEALTHY, format!("{} (HTTP {status}, code {c})", hec_code_words(c)))
                }
                Some((c, text)) => rec.warn(
                    step,
                    codes::HEC_UNHEALTHY,
                    format!("unexpected health answer HTTP {status}, code {c}: {}", text.unwrap_or_default()),
                ),
                None => rec.warn(
                    step,
                    codes::UNEXPECTED_ANSWER,
                    format!("HTTP {status} without a HEC answer: is this a Splunk HEC port (usually 8088)?"),
                ),
            }
        }
        Err(e) => return Err(fail_transport(&rec, step, e)),
    }

    let step = rec.begin("Test event");
    let url = base.join("services/collector/event").expect("relative path");
    let event = serde_json::json!({"event": {
        "Event": "HES Console connectivity test",
        "Severity": "Info",
        "Note": "Sent by the HES Console's Splunk check; safe to ignore.",
    }});
    let resp = http
        .post(url)
        .header("Authorization", format!("Splunk {}", token.expose()))
        .header("Content-Type", "application/json; charset=utf-8")
        .body(event.to_string())
        .send()
        .await;
    let resp = match resp {
        Ok(r) => r,
        Err(e) => return Err(fail_transport(&rec, step, e)),
    };
    let status = resp.status().as_u16();
    let ans = resp.json::<HecAnswer>().await.ok();
    match ans.and_then(|a| a.code.map(|c| (c, a.text))) {
        Some((0, _)) if status == 200 => {
            rec.ok(step, "Success: the test event was accepted (HTTP 200, code 0)");
            Ok(())
        }
        Some((c, text)) => {
            let text = text.map(|t| format!(" \"{t}\"")).unwrap_or_default();
            Err(rec.fail(step, hec_report_code(c), format!("{} (HTTP {status}, code {c}{text})", hec_code_words(c))))
        }
        None => Err(rec.fail(
            step,
            codes::UNEXPECTED_ANSWER,
            format!("HTTP {status} without a HEC answer: the URL does not point to a Splunk HTTP Event Collector"),
        )),
    }
}
