//! Licensing server (HLS): reach `ApiAddress`, then HES's read-only import call
//! `GET api/Devices/GetDevicesWithLicenses/{ApiKey}`. The answer is the customer's data: it is only
//! counted, never kept or logged. The key travels in the URL path and is redacted in every text.

use hes_core::Secret;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::net::{client, dns_tcp, fail_transport, parse_url};
use crate::report::CheckReport;
use crate::run::{run, Recorder, StepResult};
use crate::{codes, CheckOptions};

/// HES's default `ApiAddress`.
pub const DEFAULT_API_ADDRESS: &str = "https://hls.hideez.com";

const IMPORT_PATH: &str = "api/Devices/GetDevicesWithLicenses/";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ImportAnswer {
    devices_dto: Option<Vec<IgnoredAny>>,
    device_licenses_dto: Option<Vec<IgnoredAny>>,
    license_orders_dto: Option<Vec<IgnoredAny>>,
}

fn target(api_address: &str) -> String {
    let a = api_address.trim();
    let a = if a.is_empty() { DEFAULT_API_ADDRESS } else { a };
    format!("{}/{IMPORT_PATH}<redacted>", a.trim_end_matches('/'))
}

/// Check the licensing server at `api_address` (blank = HES's default) with `api_key`.
pub async fn licensing(api_address: &str, api_key: &Secret, opts: &CheckOptions) -> CheckReport {
    let later = ["DNS", "TCP", "API key"];
    run("licensing", &target(api_address), opts, vec![api_key.clone()], &later, |rec| {
        body(rec, api_address, api_key, opts)
    })
    .await
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

async fn body(rec: Recorder, api_address: &str, api_key: &Secret, opts: &CheckOptions) -> StepResult<()> {
    let raw = if api_address.trim().is_empty() { DEFAULT_API_ADDRESS } else { api_address };
    let base = parse_url(&rec, "The API address", raw)?;
    let http = client(&rec, opts)?;
    dns_tcp(&rec, &base).await?;

    let step = rec.begin("API key");
    if api_key.is_blank() {
        return Err(rec.fail(step, codes::INVALID_TARGET, "the API key is empty"));
    }
    // Relative, as HES resolves it (an address with a path and no trailing slash loses its last segment).
    let mut url = base.join(IMPORT_PATH).expect("relative path");
    url.path_segments_mut().expect("http URL").pop_if_empty().push(api_key.expose());
    let resp = http.get(url).header("Accept", "application/json").send().await;
    let resp = match resp {
        Ok(r) => r,
        Err(e) => return Err(fail_transport(&rec, step, e)),
    };
    let status = resp.status().as_u16();
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    match status {
        200 => {}
        300..=399 => {
            // Redirects are not followed (the key is in the URL); the Location is scrubbed of it.
            return Err(rec.fail(
                step,
                codes::LICENSING_BAD_RESPONSE,
                format!(
                    "HTTP {status}: the server redirects to {}; set the API address to the final address",
                    location.as_deref().unwrap_or("(no Location)")
                ),
            ));
        }
        401 | 403 | 404 => {
            return Err(rec.fail(
                step,
                codes::LICENSING_KEY_REJECTED,
                format!(
                    "HTTP {status}: the licensing server does not accept this API key \
                     (or the API address is not a Hideez license server)"
                ),
            ))
        }
        _ => {
            return Err(rec.fail(
                step,
                codes::LICENSING_BAD_RESPONSE,
                format!("HTTP {status} from GET …/{IMPORT_PATH}<redacted>: the licensing server could not answer"),
            ))
        }
    }
    let bytes = match resp.bytes().await {
        Ok(b) => b,
        Err(e) => return Err(fail_transport(&rec, step, e)),
    };
    // Only counts leave this block; serde's message could quote the data, so only its position is shown.
    let parsed = serde_json::from_slice::<ImportAnswer>(&bytes);
    drop(bytes);
    match parsed {
        Ok(a) if a.devices_dto.is_some() || a.device_licenses_dto.is_some() || a.license_orders_dto.is_some() => {
            let d = a.devices_dto.map_or(0, |v| v.len());
            let l = a.device_licenses_dto.map_or(0, |v| v.len());
            let o = a.license_orders_dto.map_or(0, |v| v.len());
            rec.ok(
                step,
                format!(
                    "API key accepted: {}, {}, {} (the data itself is not kept)",
                    plural(d, "device", "devices"),
                    plural(l, "license", "licenses"),
                    plural(o, "order", "orders")
                ),
            );
            Ok(())
        }
        Ok(_) => Err(rec.fail(
            step,
            codes::LICENSING_BAD_RESPONSE,
            "HTTP 200 but the answer has none of DevicesDto, DeviceLicensesDto, LicenseOrdersDto: \
             the API address is probably not a Hideez license server",
        )),
        Err(e) => Err(rec.fail(
            step,
            codes::LICENSING_BAD_RESPONSE,
            format!(
                "HTTP 200 but the answer is not the expected JSON ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            ),
        )),
    }
}
