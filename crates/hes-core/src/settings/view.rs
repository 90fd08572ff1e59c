//! The whole Parameters page as the UI and `hesctl settings show` see it, built from the stored rows.
//! Secrets appear only as their state. A row that cannot be read is listed in `Problems`
//! instead of failing the whole page.

use super::customization::{Customization, CustomizationView};
use super::domains::{DomainEntry, DomainView, DomainsState, LdapStored, LIST_KEY, PRIMARY_KEY};
use super::email::{Email, EmailView};
use super::fido::{Fido, FidoView};
use super::licensing::{Licensing, LicensingView};
use super::oidc::{self, OidcClientStored, OidcClientView};
use super::saml::{SamlSp, SamlSpView};
use super::saml_cert;
use super::splunk::{Splunk, SplunkView};
use super::{parse_stored, SingleSection};
use crate::revision::RevisionKey;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// The `AppSettings` keys the console reads and writes, in the order of the HES page.
pub const APP_SETTING_KEYS: [&str; 8] =
    ["licensing", "domain", "domains", "splunk", "fido", "oidc", "email", "customization"];

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SectionProblem {
    pub key: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct SettingsView {
    pub licensing: Option<LicensingView>,
    pub domains: Vec<DomainView>,
    pub splunk: Option<SplunkView>,
    pub fido: FidoView,
    /// Whether a `fido` row exists (otherwise the defaults above apply).
    pub fido_set: bool,
    pub oidc: Vec<OidcClientView>,
    pub saml: Vec<SamlSpView>,
    pub email: Option<EmailView>,
    pub customization: CustomizationView,
    /// Compare-and-swap token per `AppSettings` key; send them back with a change.
    pub revisions: Revisions,
    pub problems: Vec<SectionProblem>,
    /// Stored secrets the console cannot use under the current Data Protection state (filled by
    /// the store, which knows that state); each says what happened and what to do.
    pub secret_findings: Vec<crate::protect::health::SecretFinding>,
}

/// `AppSettings` key → revision token (`absent` when the row does not exist).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(as = "BTreeMap<String, String>")]
pub struct Revisions(pub BTreeMap<String, String>);

impl Revisions {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

/// Parse every section out of the raw rows. Pure: the store supplies the rows.
pub fn build_view(rows: &HashMap<String, String>, saml: &[SamlSp], rev: &RevisionKey) -> SettingsView {
    let mut problems = Vec::new();
    let single = |key: &str| -> Option<&String> { rows.get(key) };
    fn parse<S: SingleSection>(row: Option<&String>, problems: &mut Vec<SectionProblem>) -> Option<S::Stored> {
        let raw = row?;
        match parse_stored::<S::Stored>(S::KEY, raw) {
            Ok(s) => Some(s),
            Err(e) => {
                problems.push(SectionProblem { key: S::KEY.into(), message: e.message });
                None
            }
        }
    }
    let licensing = parse::<Licensing>(single("licensing"), &mut problems).map(|s| Licensing::view(&s));
    let splunk = parse::<Splunk>(single("splunk"), &mut problems).map(|s| Splunk::view(&s));
    let email = parse::<Email>(single("email"), &mut problems).map(|s| Email::view(&s));
    let fido_stored = parse::<Fido>(single("fido"), &mut problems);
    let fido_set = fido_stored.is_some();
    let customization = parse::<Customization>(single("customization"), &mut problems).unwrap_or_default();
    let domains = domains_state(rows, &mut problems);
    let oidc_list = oidc_list(rows, &mut problems);
    let revisions = Revisions(
        APP_SETTING_KEYS.iter().map(|k| (k.to_string(), rev.token(rows.get(*k).map(String::as_str)))).collect(),
    );
    SettingsView {
        licensing,
        domains: domains.views(),
        splunk,
        fido: fido_stored.unwrap_or_default(),
        fido_set,
        oidc: oidc_list.iter().map(oidc::view).collect(),
        saml: saml.iter().map(|sp| saml_view(rev, sp)).collect(),
        email,
        customization: Customization::view(&customization),
        revisions,
        problems,
        secret_findings: Vec::new(),
    }
}

/// The two domain rows parsed together; unreadable rows are reported and read as empty.
pub fn domains_state(rows: &HashMap<String, String>, problems: &mut Vec<SectionProblem>) -> DomainsState {
    let mut report = |key: &str, msg: String| problems.push(SectionProblem { key: key.into(), message: msg });
    let primary = rows.get(PRIMARY_KEY).and_then(|raw| match parse_stored::<LdapStored>(PRIMARY_KEY, raw) {
        Ok(p) => Some(p),
        Err(e) => {
            report(PRIMARY_KEY, e.message);
            None
        }
    });
    let others =
        rows.get(LIST_KEY).map_or_else(Vec::new, |raw| match parse_stored::<Vec<DomainEntry>>(LIST_KEY, raw) {
            Ok(l) => l,
            Err(e) => {
                report(LIST_KEY, e.message);
                Vec::new()
            }
        });
    DomainsState { primary, others }
}

pub fn oidc_list(rows: &HashMap<String, String>, problems: &mut Vec<SectionProblem>) -> Vec<OidcClientStored> {
    rows.get(oidc::KEY).map_or_else(Vec::new, |raw| match parse_stored::<Vec<OidcClientStored>>(oidc::KEY, raw) {
        Ok(l) => l,
        Err(e) => {
            problems.push(SectionProblem { key: oidc::KEY.into(), message: e.message });
            Vec::new()
        }
    })
}

/// A SAML row with its token and what its certificate says (a stored text that does not parse is
/// reported on the row, never fatal: HES may have written it).
pub fn saml_view(rev: &RevisionKey, sp: &SamlSp) -> SamlSpView {
    let cert = sp.signature_validation_certificate_base64.as_deref().filter(|c| !c.trim().is_empty());
    let (certificate, certificate_problem) = match cert.map(|c| saml_cert::inspect(c.as_bytes())) {
        None => (None, None),
        Some(Ok(info)) => (Some(info), None),
        Some(Err(e)) => (None, Some(e.message)),
    };
    SamlSpView { revision: saml_revision(rev, sp), sp: sp.clone(), certificate, certificate_problem }
}

/// A SAML row's token covers every column.
pub fn saml_revision(rev: &RevisionKey, sp: &SamlSp) -> String {
    rev.token(Some(&serde_json::to_string(sp).expect("plain struct")))
}
