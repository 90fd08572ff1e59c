//! Licensing: `AppSettings['licensing']` = `{"ApiKey","ApiAddress"}`. `ApiKey` is secret.

use super::{clean, resolve_secret, SingleSection};
use crate::error::AppResult;
use crate::protect::Protector;
use crate::secret::{SecretInput, SecretState, StoredSecret};
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// HES's `ServerConstants.LicenseAddress`.
pub const DEFAULT_API_ADDRESS: &str = "https://hls.hideez.com";

/// HES's `LicensingSettings`, field order as declared in C#.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LicensingStored {
    pub api_key: Option<StoredSecret>,
    #[serde(default = "default_address")]
    pub api_address: Option<String>,
}

fn default_address() -> Option<String> {
    Some(DEFAULT_API_ADDRESS.to_string())
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct LicensingView {
    pub api_key: SecretState,
    pub api_address: String,
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LicensingInput {
    #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
    #[ts(as = "Option<String>", optional = nullable)]
    pub api_key: SecretInput,
    #[serde(default)]
    #[ts(optional)]
    pub api_address: Option<String>,
}

pub struct Licensing;

impl SingleSection for Licensing {
    const KEY: &'static str = "licensing";
    const TITLE: &'static str = "licensing";
    type Stored = LicensingStored;
    type View = LicensingView;
    type Input = LicensingInput;

    fn view(s: &LicensingStored) -> LicensingView {
        LicensingView {
            api_key: SecretState::of_stored(&s.api_key),
            api_address: s.api_address.clone().unwrap_or_else(|| DEFAULT_API_ADDRESS.to_string()),
        }
    }

    fn apply(input: LicensingInput, old: Option<&LicensingStored>, p: &dyn Protector) -> AppResult<LicensingStored> {
        let mut v = Validator::new();
        let address = input.api_address.as_deref().map(clean).unwrap_or_else(|| DEFAULT_API_ADDRESS.to_string());
        if v.required("ApiAddress", "API Address", &address) {
            v.url("ApiAddress", "API Address", &address);
        }
        let old_key = old.and_then(|o| o.api_key.as_ref());
        let api_key = resolve_secret(&mut v, p, "ApiKey", "API Key", input.api_key, old_key, true)?;
        v.finish()?;
        Ok(LicensingStored { api_key, api_address: Some(address) })
    }
}
