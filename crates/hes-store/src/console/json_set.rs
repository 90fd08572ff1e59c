//! `hesctl settings set|delete <section>`: a section's JSON as stored (PascalCase), where a
//! secret given as a string replaces it, an absent one is kept and `null` clears it.

use super::domains::strict_domains;
use super::oidc::strict_oidc;
use super::{to_stj, Console};
use crate::rows;
use crate::saml_rows::{self, SamlChange};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::customization::Customization;
use hes_core::settings::domains::{DomainInput, PRIMARY_ID};
use hes_core::settings::email::Email;
use hes_core::settings::fido::Fido;
use hes_core::settings::licensing::Licensing;
use hes_core::settings::splunk::Splunk;
use hes_core::settings::view::{Revisions, SettingsView};
use hes_core::settings::{describe_json_error, oidc, saml};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The section names `hesctl` accepts: the `AppSettings` keys plus `saml`.
pub const SECTIONS: [&str; 9] =
    ["licensing", "domain", "domains", "splunk", "fido", "oidc", "email", "customization", "saml"];

fn bad_json(section: &str, e: &serde_json::Error) -> AppError {
    // Field-name errors ("unknown field `Hots`") are safe and useful; value errors are described
    // without the value, which could be a secret.
    let msg = e.to_string();
    let detail =
        if msg.starts_with("unknown field") || msg.starts_with("missing field") || msg.starts_with("unknown variant") {
            msg.split(" at line").next().unwrap_or(&msg).to_string()
        } else {
            describe_json_error(e)
        };
    AppError::new(ErrorCode::BadRequest, format!("The JSON for '{section}' is not valid: {detail}."))
        .with_hint(format!("See `hesctl settings show --json` for the shape of '{section}'."))
}

fn parse<T: DeserializeOwned>(section: &str, v: Value) -> AppResult<T> {
    serde_json::from_value(v).map_err(|e| bad_json(section, &e))
}

/// An array of objects with optional `Id`s → (Id, the rest).
fn items(section: &str, v: Value) -> AppResult<Vec<(Option<String>, Value)>> {
    let Value::Array(arr) = v else {
        return Err(AppError::new(ErrorCode::BadRequest, format!("The JSON for '{section}' must be an array.")));
    };
    arr.into_iter()
        .map(|item| {
            let Value::Object(mut obj) = item else {
                return Err(AppError::new(
                    ErrorCode::BadRequest,
                    format!("Every item of '{section}' must be an object."),
                ));
            };
            let id = match obj.remove("Id") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s),
                Some(_) => {
                    return Err(AppError::new(ErrorCode::BadRequest, format!("An Id in '{section}' must be a string.")))
                }
            };
            Ok((id, Value::Object(obj)))
        })
        .collect()
}

/// How `settings set` reads the JSON it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetMode {
    /// Lossless: a field given replaces, an absent field is kept (secret or not), `null` clears
    /// (a field that cannot be empty falls back to HES's default; a required one is refused).
    /// List items are matched by `Id`; an item not listed is deleted, as before.
    Merge,
    /// The JSON is the whole section: an absent plain field becomes its default (`--replace`).
    Replace,
}

/// What `settings set` did: the new view and the fields that changed (names only, never values;
/// list items as `Id.Field`, or `Id` when added or removed).
#[derive(Debug)]
pub struct SetOutcome {
    pub view: SettingsView,
    pub changed: Vec<String>,
}

/// The non-secret fields of each section's input, as stored: what an absent field keeps. Secret
/// fields need no entry (absent already means keep).
fn kept_fields(section: &str) -> &'static [&'static str] {
    match section {
        "licensing" => &["ApiAddress"],
        "splunk" => &["Host"],
        "fido" => &["AllowPlatformAuthenticators", "DefaultAuthenticatorAttachment"],
        "email" => &["Host", "Port", "Security", "UserName", "From", "FromName"],
        "customization" => &["ServerName", "Logos"],
        "domain" => &["Host", "UserName", "MaxPasswordAge"],
        "domains" => &["Type", "Host", "UserName", "Name", "TenantId", "ApplicationId", "MaxPasswordAge"],
        "oidc" => &["Name", "ClientId", "RedirectUris", "PostLogoutRedirectUris", "Scopes", "Enabled"],
        "saml" => &[
            "Issuer",
            "SingleSignOnDestination",
            "SingleLogoutResponseDestination",
            "SignatureValidationCertificateBase64",
            "NameIdentifierFormat",
            "NameIdentifierField",
        ],
        _ => &[],
    }
}

/// `given` laid over the kept fields of `stored`: given fields replace, `null` on a kept field
/// drops it (its default applies), `null` on anything else (a secret: clear) is passed on.
fn overlay(section: &str, stored: Option<&Value>, given: Value) -> AppResult<Value> {
    let Value::Object(given) = given else {
        return Err(AppError::new(ErrorCode::BadRequest, format!("The JSON for '{section}' must be an object.")));
    };
    let kept = kept_fields(section);
    let mut out: serde_json::Map<String, Value> = match stored {
        Some(Value::Object(o)) => o
            .iter()
            .filter(|(k, v)| kept.contains(&k.as_str()) && !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        _ => serde_json::Map::new(),
    };
    for (k, v) in given {
        if v.is_null() && kept.contains(&k.as_str()) {
            out.remove(&k);
        } else {
            out.insert(k, v);
        }
    }
    Ok(Value::Object(out))
}

/// [`SetMode::Merge`] of a whole section: objects field by field, lists item by item (by `Id`).
fn merge(section: &str, before: &Value, given: Value) -> AppResult<Value> {
    match given {
        Value::Array(items) => {
            let old = before.as_array().map(Vec::as_slice).unwrap_or_default();
            items
                .into_iter()
                .map(|item| {
                    let id = item.get("Id").and_then(Value::as_str).map(String::from);
                    match id.and_then(|id| old.iter().find(|o| o.get("Id").and_then(Value::as_str) == Some(&id))) {
                        Some(stored) if item.is_object() => overlay(section, Some(stored), item),
                        _ => Ok(item),
                    }
                })
                .collect::<AppResult<Vec<_>>>()
                .map(Value::Array)
        }
        given => overlay(section, Some(before), given),
    }
}

/// The names of the fields that differ between two stored forms of a section.
fn changed_fields(before: &Value, after: &Value) -> Vec<String> {
    fn object_diff(
        prefix: &str,
        a: &serde_json::Map<String, Value>,
        b: &serde_json::Map<String, Value>,
    ) -> Vec<String> {
        let mut keys: Vec<&String> = b.keys().collect();
        keys.extend(a.keys().filter(|k| !b.contains_key(*k)));
        keys.into_iter().filter(|k| a.get(*k) != b.get(*k)).map(|k| format!("{prefix}{k}")).collect()
    }
    let id = |v: &Value| v.get("Id").and_then(Value::as_str).map(String::from);
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => object_diff("", a, b),
        (Value::Null, Value::Object(b)) => object_diff("", &serde_json::Map::new(), b),
        (Value::Object(a), Value::Null) => object_diff("", a, &serde_json::Map::new()),
        (a, b) if a.is_array() || b.is_array() => {
            let empty = Vec::new();
            let (a, b) = (a.as_array().unwrap_or(&empty), b.as_array().unwrap_or(&empty));
            let mut out = Vec::new();
            for item in b {
                match a.iter().find(|o| id(o) == id(item)) {
                    None => out.push(id(item).unwrap_or_default()),
                    Some(old) => {
                        if let (Value::Object(x), Value::Object(y)) = (old, item) {
                            out.extend(object_diff(&format!("{}.", id(item).unwrap_or_default()), x, y));
                        }
                    }
                }
            }
            out.extend(a.iter().filter(|o| !b.iter().any(|n| id(n) == id(o))).map(|o| id(o).unwrap_or_default()));
            out
        }
        (a, b) if a != b => vec!["(all)".to_string()],
        _ => Vec::new(),
    }
}

impl Console {
    /// A section's stored form as JSON (`Null` when absent): the base of a merge and of the
    /// changed-field list.
    async fn section_json(&self, section: &str) -> AppResult<Value> {
        if section == "saml" {
            let list = saml_rows::list_in(&self.db, self.saml_columns()).await?;
            return serde_json::to_value(list).map_err(|e| AppError::internal(format!("SAML rows as JSON: {e}")));
        }
        let rows = rows::read_all(&self.db).await?;
        // A row that is not JSON is reported by the write itself (CorruptSetting).
        Ok(rows.get(section).and_then(|raw| serde_json::from_str(raw).ok()).unwrap_or(Value::Null))
    }

    /// `hesctl settings set`: validate and write a section from its JSON ([`SetMode`]), and say
    /// which fields changed. The merge lives here so every front end gets the same rule.
    pub async fn set_section(&self, section: &str, json: &str, mode: SetMode) -> AppResult<SetOutcome> {
        self.check_writable()?;
        let given: Value = serde_json::from_str(json).map_err(|e| bad_json(section, &e))?;
        if !SECTIONS.contains(&section) {
            return Err(unknown_section(section));
        }
        // Revisions first: a change made after they were read fails the write's compare-and-swap
        // instead of being folded into the merge base.
        let revisions = self.current_revisions().await?;
        let before = self.section_json(section).await?;
        let v = match mode {
            SetMode::Merge => merge(section, &before, given)?,
            SetMode::Replace => given,
        };
        let view = self.set_value(section, v, &revisions).await?;
        let after = self.section_json(section).await?;
        Ok(SetOutcome { view, changed: changed_fields(&before, &after) })
    }

    /// [`Console::set_section`] with [`SetMode::Merge`].
    pub async fn set_section_json(&self, section: &str, json: &str) -> AppResult<SettingsView> {
        Ok(self.set_section(section, json, SetMode::Merge).await?.view)
    }

    async fn set_value(&self, section: &str, v: Value, revisions: &Revisions) -> AppResult<SettingsView> {
        match section {
            "licensing" => self.set_single::<Licensing>(parse(section, v)?, revisions).await,
            "splunk" => self.set_single::<Splunk>(parse(section, v)?, revisions).await,
            "fido" => self.set_single::<Fido>(parse(section, v)?, revisions).await,
            "email" => self.set_single::<Email>(parse(section, v)?, revisions).await,
            "customization" => self.set_single::<Customization>(parse(section, v)?, revisions).await,
            "domain" => {
                let Value::Object(mut obj) = v else {
                    return Err(AppError::new(ErrorCode::BadRequest, "The JSON for 'domain' must be an object."));
                };
                obj.insert("Type".into(), Value::String("ActiveDirectory".into()));
                let input: DomainInput = parse(section, Value::Object(obj))?;
                let has_primary = strict_domains(&rows::read_all(&self.db).await?)?.primary.is_some();
                self.domain_save(has_primary.then_some(PRIMARY_ID), input, revisions).await
            }
            "domains" => {
                let list = items(section, v)?
                    .into_iter()
                    .map(|(id, rest)| Ok((id, parse::<DomainInput>(section, rest)?)))
                    .collect::<AppResult<Vec<_>>>()?;
                let guard = self.write_lock.lock().await;
                let rows = rows::read_all(&self.db).await?;
                let state = strict_domains(&rows)?;
                let next =
                    state.replace_others(list, self.protector().as_ref(), || uuid::Uuid::new_v4().to_string())?;
                self.write_domains(&rows, revisions, &state, &next).await?;
                drop(guard);
                self.view().await
            }
            "oidc" => {
                let list = items(section, v)?
                    .into_iter()
                    .map(|(id, rest)| Ok((id, parse::<oidc::OidcClientInput>(section, rest)?)))
                    .collect::<AppResult<Vec<_>>>()?;
                let guard = self.write_lock.lock().await;
                let rows = rows::read_all(&self.db).await?;
                let next = oidc::replace_all(&strict_oidc(&rows)?, list, self.protector().as_ref(), || {
                    uuid::Uuid::new_v4().to_string()
                })?;
                let value = if next.is_empty() { None } else { Some(to_stj(&next)?) };
                self.write_rows(&rows, revisions, vec![(oidc::KEY, "OIDC", value)]).await?;
                drop(guard);
                self.view().await
            }
            "saml" => self.saml_replace_all(items(section, v)?).await,
            _ => Err(unknown_section(section)),
        }
    }

    /// Make the table hold exactly `items`, in one transaction.
    async fn saml_replace_all(&self, items: Vec<(Option<String>, Value)>) -> AppResult<SettingsView> {
        let guard = self.write_lock.lock().await;
        let cols = self.saml_columns();
        let old = saml_rows::list_in(&self.db, cols).await?;
        let mut built: Vec<saml::SamlSp> = Vec::new();
        for (i, (id, rest)) in items.into_iter().enumerate() {
            let input: saml::SamlSpInput = parse("saml", rest)?;
            let id = id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            if built.iter().any(|b| b.id == id) {
                return Err(AppError::new(ErrorCode::BadRequest, format!("SAML Id '{id}' is used twice.")));
            }
            let previous = old.iter().find(|o| o.id == id);
            built.push(saml::build(id, input, &built, previous, cols).map_err(|e| e.at_index(i))?);
        }
        let mut changes: Vec<SamlChange> = old
            .iter()
            .filter(|o| !built.iter().any(|b| b.id == o.id))
            .map(|o| SamlChange { old: Some(o), new: None })
            .collect();
        for b in &built {
            match old.iter().find(|o| o.id == b.id) {
                Some(o) if o == b => {}
                o => changes.push(SamlChange { old: o, new: Some(b) }),
            }
        }
        self.write_recorded("set", String::new(), None, &[], &changes).await?;
        drop(guard);
        self.view().await
    }

    pub async fn delete_section(&self, section: &str) -> AppResult<SettingsView> {
        self.check_writable()?;
        let revisions = self.current_revisions().await?;
        match section {
            "licensing" => self.delete_single::<Licensing>(&revisions).await,
            "splunk" => self.delete_single::<Splunk>(&revisions).await,
            "fido" => self.delete_single::<Fido>(&revisions).await,
            "email" => self.delete_single::<Email>(&revisions).await,
            "customization" => self.delete_single::<Customization>(&revisions).await,
            "domain" => self.domain_delete(PRIMARY_ID, &revisions).await,
            "domains" => self.set_section_json("domains", "[]").await,
            "oidc" => self.set_section_json("oidc", "[]").await,
            "saml" => self.saml_replace_all(Vec::new()).await,
            _ => Err(unknown_section(section)),
        }
    }
}

fn unknown_section(section: &str) -> AppError {
    AppError::new(ErrorCode::BadRequest, format!("There is no section '{section}'."))
        .with_hint(format!("Sections: {}.", SECTIONS.join(", ")))
}
