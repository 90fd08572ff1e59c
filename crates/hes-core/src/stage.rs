//! Staging: what copying settings from one database to another would change, shown before
//! anything is written. Secrets appear only as "stored", "not set" or "changed".

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum StageAction {
    /// The target has no such setting yet.
    Create,
    /// The target's setting differs and will be replaced.
    Replace,
    /// The source has none: the target's will be removed.
    Remove,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct StageField {
    /// Path inside the setting, e.g. `ApiAddress` or `[1].RedirectUris[0]`.
    pub field: String,
    #[ts(optional)]
    pub from: Option<String>,
    #[ts(optional)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct StageSection {
    pub key: String,
    pub action: StageAction,
    pub fields: Vec<StageField>,
    /// The target's items the source does not have (a list's domains, clients, service providers),
    /// by name. Like a `Remove` section, they are removed only when the admin confirms it; by
    /// default the copy keeps them.
    pub removes: Vec<String>,
}

/// The settings that are lists of items with an `Id` (the AppSettings lists; SAML rows are separate).
pub fn is_item_list(key: &str) -> bool {
    matches!(key, "domains" | "oidc")
}

/// How an item of a list is named to the admin.
fn item_name(item: &Value) -> String {
    ["Name", "Host", "ClientId", "Id"]
        .iter()
        .find_map(|f| item.get(*f).and_then(Value::as_str).filter(|s| !s.is_empty()))
        .unwrap_or("(unnamed)")
        .to_string()
}

fn item_id(item: &Value) -> Option<&str> {
    item.get("Id").and_then(Value::as_str)
}

/// The items of the target's list `dst` whose `Id` the source's list `src` does not have.
pub fn removed_items<'a>(dst: &'a Value, src: &Value) -> Vec<&'a Value> {
    let kept: Vec<&str> = src.as_array().map(|a| a.iter().filter_map(item_id).collect()).unwrap_or_default();
    dst.as_array()
        .map(|a| a.iter().filter(|d| item_id(d).is_none_or(|id| !kept.contains(&id))).collect())
        .unwrap_or_default()
}

/// Names of the removed items, for the preview.
pub fn removed_names(dst: &Value, src: &Value) -> Vec<String> {
    removed_items(dst, src).into_iter().map(item_name).collect()
}

/// The source's list with the target's other items kept after it: what a copy without removals writes.
pub fn keeping_removed(dst: &Value, src: &Value) -> Value {
    let mut out = src.as_array().cloned().unwrap_or_default();
    out.extend(removed_items(dst, src).into_iter().cloned());
    Value::Array(out)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "PascalCase")]
pub struct StagePreview {
    pub from: String,
    pub to: String,
    pub sections: Vec<StageSection>,
}

/// The secret fields of each setting (inside every item for the lists).
pub fn secret_fields(key: &str) -> &'static [&'static str] {
    match key {
        "licensing" => &["ApiKey"],
        "domain" | "email" => &["Password"],
        "splunk" => &["Token"],
        "domains" => &["Password", "ClientSecret"],
        "oidc" => &["ClientSecret"],
        _ => &[],
    }
}

/// Apply `f` to every secret string of a setting's JSON (`null` secrets stay `null`).
pub fn map_secrets<E>(key: &str, v: &mut Value, f: &mut dyn FnMut(&str) -> Result<String, E>) -> Result<(), E> {
    let fields = secret_fields(key);
    let mut on_object = |o: &mut serde_json::Map<String, Value>| -> Result<(), E> {
        for name in fields {
            if let Some(Value::String(s)) = o.get_mut(*name) {
                *s = f(s)?;
            }
        }
        Ok(())
    };
    match v {
        Value::Object(o) => on_object(o),
        Value::Array(items) => items.iter_mut().filter_map(Value::as_object_mut).try_for_each(on_object),
        _ => Ok(()),
    }
}

/// Leaf-by-leaf differences between two clear (decrypted) settings; secrets are masked.
pub fn diff(key: &str, from: Option<&Value>, to: Option<&Value>) -> Vec<StageField> {
    let mut a = Vec::new();
    let mut b = Vec::new();
    if let Some(v) = from {
        flatten("", v, &mut a);
    }
    if let Some(v) = to {
        flatten("", v, &mut b);
    }
    let mut paths: Vec<&String> = a.iter().map(|(p, _)| p).chain(b.iter().map(|(p, _)| p)).collect();
    paths.dedup();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for p in paths {
        if !seen.insert(p.clone()) {
            continue;
        }
        let x = a.iter().find(|(q, _)| q == p).map(|(_, v)| v);
        let y = b.iter().find(|(q, _)| q == p).map(|(_, v)| v);
        if x == y {
            continue;
        }
        let secret = secret_fields(key).iter().any(|f| p == f || p.ends_with(&format!(".{f}")));
        let (from, to) = if secret {
            (
                x.map(|_| "stored".to_string()),
                y.map(|_| if x.is_some() { "changed".to_string() } else { "stored".to_string() }),
            )
        } else {
            (x.cloned(), y.cloned())
        };
        out.push(StageField { field: p.clone(), from, to });
    }
    out
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&p, v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_masks_secrets_and_lists_changed_leaves() {
        let a = json!({"ApiKey": "old-key", "ApiAddress": "https://a"});
        let b = json!({"ApiKey": "new-key", "ApiAddress": "https://b"});
        let d = diff("licensing", Some(&a), Some(&b));
        assert_eq!(d.len(), 2);
        let key = d.iter().find(|f| f.field == "ApiKey").unwrap();
        assert_eq!((key.from.as_deref(), key.to.as_deref()), (Some("stored"), Some("changed")));
        assert!(!format!("{d:?}").contains("key\""), "no secret value in the diff");
        assert!(!format!("{d:?}").contains("new-key"));
        assert!(diff("licensing", Some(&a), Some(&a)).is_empty());
    }

    #[test]
    fn removed_items_are_named_and_kept_unless_confirmed() {
        let dst = json!([{"Id": "a", "Name": "Intranet"}, {"Id": "b", "Host": "corp.example.com"}, {"Id": "c"}]);
        let src = json!([{"Id": "a", "Name": "Intranet v2"}, {"Id": "n", "Name": "New"}]);
        assert_eq!(removed_names(&dst, &src), ["corp.example.com", "c"]);
        assert_eq!(
            keeping_removed(&dst, &src),
            json!([{"Id": "a", "Name": "Intranet v2"}, {"Id": "n", "Name": "New"}, {"Id": "b", "Host": "corp.example.com"}, {"Id": "c"}])
        );
        assert!(removed_names(&src, &keeping_removed(&dst, &src)).is_empty());
        assert!(removed_names(&json!([]), &src).is_empty());
    }

    #[test]
    fn map_secrets_touches_only_secret_fields_of_each_item() {
        let mut v =
            json!([{"Id": "1", "Type": "AzureAd", "ClientSecret": "s", "Name": "n"}, {"Id": "2", "Password": null}]);
        map_secrets::<()>("domains", &mut v, &mut |s| Ok(format!("<{s}>"))).unwrap();
        assert_eq!(
            v,
            json!([{"Id": "1", "Type": "AzureAd", "ClientSecret": "<s>", "Name": "n"}, {"Id": "2", "Password": null}])
        );
    }
}
