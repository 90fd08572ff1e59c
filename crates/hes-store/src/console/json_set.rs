//! `hesctl settings set|delete <section>`: a section's JSON as stored (PascalCase), where a
//! secret given as a string replaces it, an absent one is kept and `null` clears it.

use super::lists::{strict_domains, strict_oidc};
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
use hes_core::settings::view::SettingsView;
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

impl Console {
    pub async fn set_section_json(&self, section: &str, json: &str) -> AppResult<SettingsView> {
        self.check_writable()?;
        let v: Value = serde_json::from_str(json).map_err(|e| bad_json(section, &e))?;
        let revisions = self.current_revisions().await?;
        match section {
            "licensing" => self.set_single::<Licensing>(parse(section, v)?, &revisions).await,
            "splunk" => self.set_single::<Splunk>(parse(section, v)?, &revisions).await,
            "fido" => self.set_single::<Fido>(parse(section, v)?, &revisions).await,
            "email" => self.set_single::<Email>(parse(section, v)?, &revisions).await,
            "customization" => self.set_single::<Customization>(parse(section, v)?, &revisions).await,
            "domain" => {
                let Value::Object(mut obj) = v else {
                    return Err(AppError::new(ErrorCode::BadRequest, "The JSON for 'domain' must be an object."));
                };
                obj.insert("Type".into(), Value::String("ActiveDirectory".into()));
                let input: DomainInput = parse(section, Value::Object(obj))?;
                let has_primary = strict_domains(&rows::read_all(&self.db).await?)?.primary.is_some();
                self.domain_save(has_primary.then_some(PRIMARY_ID), input, &revisions).await
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
                self.write_domains(&rows, &revisions, &state, &next).await?;
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
                self.write_rows(&rows, &revisions, vec![(oidc::KEY, "OIDC", value)]).await?;
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
        let written = saml_rows::apply_in(&self.db, &self.dp_expected(), cols, &changes).await;
        self.after_write(written).await?;
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
