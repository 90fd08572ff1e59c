//! Splunk: `AppSettings['splunk']` = `{"Host","Token"}`. `Token` is secret.
//! HES caches this row until it restarts; the UI says so.

use super::{clean, resolve_secret, SingleSection};
use crate::error::AppResult;
use crate::protect::Protector;
use crate::secret::{SecretInput, SecretState, StoredSecret};
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SplunkStored {
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub token: Option<StoredSecret>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SplunkView {
    pub host: String,
    pub token: SecretState,
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SplunkInput {
    #[serde(default)]
    pub host: String,
    #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
    #[ts(as = "Option<String>", optional = nullable)]
    pub token: SecretInput,
}

pub struct Splunk;

impl SingleSection for Splunk {
    const KEY: &'static str = "splunk";
    const TITLE: &'static str = "Splunk";
    type Stored = SplunkStored;
    type View = SplunkView;
    type Input = SplunkInput;

    fn view(s: &SplunkStored) -> SplunkView {
        SplunkView { host: s.host.clone().unwrap_or_default(), token: SecretState::of_stored(&s.token) }
    }

    fn apply(input: SplunkInput, old: Option<&SplunkStored>, p: &dyn Protector) -> AppResult<SplunkStored> {
        let mut v = Validator::new();
        let host = clean(&input.host);
        if v.required("Host", "Host", &host) {
            v.url("Host", "Host", &host);
        }
        let token = resolve_secret(&mut v, p, "Token", "Token", input.token, old.and_then(|o| o.token.as_ref()), true)?;
        v.finish()?;
        Ok(SplunkStored { host: Some(host), token })
    }
}
