//! OIDC clients: `AppSettings['oidc']` = array of clients. HES 3.8.x has no OIDC provider
//! and no HES release is known to read this row: the console defined its format and
//! keeps it in its own row, each client marked with `ConsoleFormat` (docs/console-rows.md,
//! [`super::console_format`]). `ClientSecret` is secret.

use super::oidc_rules::{check_oidc_uri, check_scope};
use super::{clean, resolve_secret};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::protect::Protector;
use crate::secret::{SecretInput, SecretState, StoredSecret};
use crate::validate::Validator;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const KEY: &str = "oidc";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OidcClientStored {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<StoredSecret>,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct OidcClientView {
    pub id: String,
    pub name: String,
    pub client_id: String,
    pub client_secret: SecretState,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    pub enabled: bool,
}

#[derive(Debug, Default, Deserialize, TS)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OidcClientInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub client_id: String,
    /// Absent keeps, `null` clears (a public client using PKCE has none), a string replaces.
    #[serde(default, deserialize_with = "SecretInput::deserialize_field")]
    #[ts(as = "Option<String>", optional = nullable)]
    pub client_secret: SecretInput,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default = "yes")]
    #[ts(as = "Option<bool>", optional)]
    pub enabled: bool,
}

pub fn view(c: &OidcClientStored) -> OidcClientView {
    OidcClientView {
        id: c.id.clone(),
        name: c.name.clone(),
        client_id: c.client_id.clone(),
        client_secret: SecretState::of_stored(&c.client_secret),
        redirect_uris: c.redirect_uris.clone(),
        post_logout_redirect_uris: c.post_logout_redirect_uris.clone(),
        scopes: c.scopes.clone(),
        enabled: c.enabled,
    }
}

pub use super::oidc_rules::{is_scope_token, OIDC_SCOPES};

fn cleaned_list(items: Vec<String>) -> Vec<String> {
    items.into_iter().map(|s| clean(&s)).filter(|s| !s.is_empty()).collect()
}

/// Add (`id` = None) or edit a client in the list. Returns the new list and the client's id.
pub fn upsert(
    list: &[OidcClientStored],
    id: Option<&str>,
    input: OidcClientInput,
    p: &dyn Protector,
    new_id: impl FnOnce() -> String,
) -> AppResult<(Vec<OidcClientStored>, String)> {
    let old = match id {
        Some(id) => Some(list.iter().position(|c| c.id == id).ok_or_else(|| not_found(id))?),
        None => None,
    };
    let id = id.map(str::to_string).unwrap_or_else(new_id);
    let mut v = Validator::new();
    let name = clean(&input.name);
    v.required("Name", "Name", &name);
    let client_id = clean(&input.client_id);
    if v.required("ClientId", "Client ID", &client_id) {
        if client_id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            v.error("ClientId", "The Client ID must not contain spaces.");
        } else if list.iter().any(|c| c.id != id && c.client_id.to_lowercase() == client_id.to_lowercase()) {
            v.error("ClientId", format!("Another client already uses the Client ID {client_id}."));
        }
    }
    let old_secret = old.and_then(|i| list[i].client_secret.as_ref());
    let client_secret =
        resolve_secret(&mut v, p, "ClientSecret", "Client secret", input.client_secret, old_secret, false)?;
    let redirect_uris = cleaned_list(input.redirect_uris);
    if redirect_uris.is_empty() {
        v.error("RedirectUris", "Add at least one Redirect URI.");
    }
    check_uris(&mut v, "RedirectUris", "Redirect URI", &redirect_uris);
    let post_logout = cleaned_list(input.post_logout_redirect_uris);
    check_uris(&mut v, "PostLogoutRedirectUris", "Post-logout redirect URI", &post_logout);
    let mut scopes: Vec<String> = Vec::new();
    for s in cleaned_list(input.scopes) {
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    for (i, s) in scopes.iter().enumerate() {
        if let Err(why) = check_scope(s) {
            v.error(&format!("Scopes[{i}]"), why);
        }
    }
    if !scopes.iter().any(|s| s == "openid") {
        v.error("Scopes", "OpenID Connect clients need the \"openid\" scope.");
    }
    v.finish()?;
    let client = OidcClientStored {
        id: id.clone(),
        name,
        client_id,
        client_secret,
        redirect_uris,
        post_logout_redirect_uris: post_logout,
        scopes,
        enabled: input.enabled,
    };
    let mut next = list.to_vec();
    match old {
        Some(i) => next[i] = client,
        None => next.push(client),
    }
    Ok((next, id))
}

fn check_uris(v: &mut Validator, field: &str, label: &str, uris: &[String]) {
    for (i, u) in uris.iter().enumerate() {
        if let Err(why) = check_oidc_uri(u) {
            // Control characters are never echoed raw (terminals, logs).
            let shown: String =
                u.chars().take(60).map(|c| if crate::validate::is_control(c) { '\u{fffd}' } else { c }).collect();
            let more = if u.chars().count() > 60 { "…" } else { "" };
            v.error(&format!("{field}[{i}]"), format!("The {label} \"{shown}{more}\" is not valid: {why}."));
        }
    }
}

pub fn delete(list: &[OidcClientStored], id: &str) -> AppResult<Vec<OidcClientStored>> {
    let i = list.iter().position(|c| c.id == id).ok_or_else(|| not_found(id))?;
    let mut next = list.to_vec();
    next.remove(i);
    Ok(next)
}

fn not_found(id: &str) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("There is no OIDC client with id '{id}'."))
        .with_hint("Reload: it may have been removed by someone else.")
}

/// Replace the whole list (`hesctl settings set oidc`): an item whose `Id` exists keeps its
/// stored secret unless replaced; items without one are new.
pub fn replace_all(
    list: &[OidcClientStored],
    items: Vec<(Option<String>, OidcClientInput)>,
    p: &dyn Protector,
    mut new_id: impl FnMut() -> String,
) -> AppResult<Vec<OidcClientStored>> {
    let mut acc: Vec<OidcClientStored> = Vec::new();
    for (i, (id, input)) in items.into_iter().enumerate() {
        let id = match id {
            Some(id) if acc.iter().any(|c| c.id == id) => {
                return Err(AppError::new(ErrorCode::BadRequest, format!("OIDC client Id '{id}' is used twice.")));
            }
            Some(id) => {
                // Start from the stored client (for its secret), or from an empty one with this id.
                let base = list.iter().find(|c| c.id == id).cloned().unwrap_or_else(|| OidcClientStored {
                    id: id.clone(),
                    name: String::new(),
                    client_id: String::new(),
                    client_secret: None,
                    redirect_uris: vec![],
                    post_logout_redirect_uris: vec![],
                    scopes: vec![],
                    enabled: true,
                });
                acc.push(base);
                id
            }
            None => new_id(),
        };
        let exists = acc.iter().any(|c| c.id == id);
        let (next, _) =
            upsert(&acc, exists.then_some(id.as_str()), input, p, || id.clone()).map_err(|e| e.at_index(i))?;
        acc = next;
    }
    Ok(acc)
}

/// The client `key` names: its `Id`, else its Client ID (ignoring case, as uniqueness does).
pub fn find<'a>(list: &'a [OidcClientStored], key: &str) -> AppResult<&'a OidcClientStored> {
    list.iter()
        .find(|c| c.id == key)
        .or_else(|| list.iter().find(|c| c.client_id.to_lowercase() == key.to_lowercase()))
        .ok_or_else(|| not_found(key))
}

/// Enable or disable a client (a disabled client stays configured but may not sign in).
pub fn set_enabled(list: &[OidcClientStored], id: &str, enabled: bool) -> AppResult<Vec<OidcClientStored>> {
    let i = list.iter().position(|c| c.id == id).ok_or_else(|| not_found(id))?;
    let mut next = list.to_vec();
    next[i].enabled = enabled;
    Ok(next)
}
