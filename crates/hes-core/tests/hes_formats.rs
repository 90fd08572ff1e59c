//! The console writes `AppSettings.Value` byte for byte as HES's Parameters page does
//! (System.Text.Json), with protection off and on: the `appsettings_examples` of
//! protect-vectors.json.

use base64::Engine;
use hes_core::protect::{DataProtectionParams, ProtectionKey};
use hes_core::protect::{Plaintext, Protector};
use hes_core::settings::domains::{DomainInput, DomainsState};
use hes_core::settings::licensing::{Licensing, LicensingInput, LicensingStored};
use hes_core::settings::splunk::{Splunk, SplunkInput, SplunkStored};
use hes_core::settings::SingleSection;
use hes_core::{stj, SecretInput};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("fixtures/protect-vectors.json")).unwrap()
}

fn example(key: &str, field: &str) -> String {
    vectors()["appsettings_examples"][key][field].as_str().unwrap().to_string()
}

fn plain(key: &str, field: &str) -> String {
    vectors()["appsettings_examples"][key]["plain_settings"][field].as_str().unwrap().to_string()
}

/// A protector that encrypts with the example's fixed IV, so the output is reproducible.
struct FixedIv(ProtectionKey, [u8; 16]);

impl Protector for FixedIv {
    fn protect(&self, v: &hes_core::Secret) -> hes_core::error::AppResult<String> {
        Ok(self.0.encrypt_with_iv(v.expose(), self.1))
    }
    fn unprotect(&self, s: &str) -> hes_core::error::AppResult<hes_core::Secret> {
        self.0.unprotect(s)
    }
}

/// The examples are encrypted under the `ascii_api_key` params ("password", key id 1).
fn example_key(key: &str) -> FixedIv {
    let v = vectors();
    let p = &v["positive"][0];
    assert_eq!(p["name"], "ascii_api_key");
    let params = DataProtectionParams::from_json(p["params_json"].as_str().unwrap()).unwrap();
    let k = ProtectionKey::derive(&params, 1, "password").unwrap();
    let iv = base64::engine::general_purpose::STANDARD.decode(example(key, "iv_b64")).unwrap();
    FixedIv(k, iv.try_into().unwrap())
}

fn licensing(p: &dyn Protector) -> String {
    let input = LicensingInput {
        api_key: SecretInput::replace(plain("licensing", "ApiKey")),
        api_address: Some(plain("licensing", "ApiAddress")),
    };
    stj::to_string(&Licensing::apply(input, None, p).unwrap()).unwrap()
}

fn domain(p: &dyn Protector) -> String {
    let input = DomainInput::ActiveDirectory {
        host: plain("domain", "Host"),
        user_name: plain("domain", "UserName"),
        password: SecretInput::replace(plain("domain", "Password")),
        max_password_age: Some(28),
    };
    let (state, id) = DomainsState::default().upsert(None, input, p, || unreachable!()).unwrap();
    assert_eq!(id, "primary", "the first on-premises domain is HES's `domain` row");
    stj::to_string(state.primary.as_ref().unwrap()).unwrap()
}

fn splunk(p: &dyn Protector) -> String {
    let input = SplunkInput { host: plain("splunk", "Host"), token: SecretInput::replace(plain("splunk", "Token")) };
    stj::to_string(&Splunk::apply(input, None, p).unwrap()).unwrap()
}

#[test]
fn protection_off_is_byte_identical_to_hes() {
    assert_eq!(licensing(&Plaintext), example("licensing", "value_when_protection_off_stj"));
    assert_eq!(domain(&Plaintext), example("domain", "value_when_protection_off_stj"));
    assert_eq!(splunk(&Plaintext), example("splunk", "value_when_protection_off_stj"));
}

#[test]
fn protection_on_is_byte_identical_to_hes() {
    assert_eq!(licensing(&example_key("licensing")), example("licensing", "value_when_protection_on_stj"));
    assert_eq!(domain(&example_key("domain")), example("domain", "value_when_protection_on_stj"));
    assert_eq!(splunk(&example_key("splunk")), example("splunk", "value_when_protection_on_stj"));
}

#[test]
fn reads_both_hes_json_styles() {
    for style in ["value_when_protection_on_stj", "value_when_protection_on_newtonsoft"] {
        let l: LicensingStored = serde_json::from_str(&example("licensing", style)).unwrap();
        let key = example_key("licensing");
        assert_eq!(
            key.unprotect(l.api_key.as_ref().unwrap().as_stored()).unwrap().expose(),
            plain("licensing", "ApiKey")
        );
        let s: SplunkStored = serde_json::from_str(&example("splunk", style)).unwrap();
        assert_eq!(key.unprotect(s.token.as_ref().unwrap().as_stored()).unwrap().expose(), plain("splunk", "Token"));
    }
}

#[test]
fn legacy_domain_without_max_password_age_reads_as_28() {
    let d: hes_core::settings::domains::LdapStored = serde_json::from_str(r#"{"Host":"corp.example.com"}"#).unwrap();
    assert_eq!(d.max_password_age, 28);
}

#[test]
fn max_password_age_as_string_is_refused_like_hes() {
    // HES's System.Text.Json fails on "28"; the console reports the row instead of guessing.
    let r = hes_core::settings::parse_stored::<hes_core::settings::domains::LdapStored>(
        "domain",
        r#"{"Host":"a.b","UserName":"u","Password":"p","MaxPasswordAge":"28"}"#,
    );
    let e = r.unwrap_err();
    assert_eq!(e.code, hes_core::ErrorCode::CorruptSetting);
    assert!(!e.message.contains("\"p\""), "the message must not quote stored values");
}
