//! Validation rules. HES's DataAnnotations with HES's own messages, plus the
//! stricter checks a careful tool adds (ports, e-mail, GUIDs, absolute redirect URIs).
//! A [`Validator`] collects every field error so a form can mark all bad fields at once.

use crate::error::{AppError, FieldError};

#[derive(Default, Debug)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, field: &str, message: impl Into<String>) {
        // One message per field: the first rule that fails is the one to fix first.
        if !self.errors.iter().any(|e| e.field == field) {
            self.errors.push(FieldError { field: field.to_string(), message: message.into() });
        }
    }

    pub fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// HES `[Required]`: null, empty or whitespace-only fails.
    pub fn required(&mut self, field: &str, label: &str, value: &str) -> bool {
        if value.trim().is_empty() {
            self.error(field, format!("The {label} field is required."));
            return false;
        }
        true
    }

    /// HES `[Url]` (prefix http://, https:// or ftp://, any case) plus: a host and no spaces.
    pub fn url(&mut self, field: &str, label: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        if !is_hes_url(value) {
            self.error(field, format!("The {label} field is not a valid fully-qualified http, https, or ftp URL."));
        } else if !has_host(value) || value.chars().any(char::is_whitespace) {
            self.error(
                field,
                format!(
                    "The {label} field must be a URL with a host name and no spaces, like https://host.example.com."
                ),
            );
        }
    }

    /// HES `[Range(min,max)]`.
    pub fn range(&mut self, field: &str, label: &str, value: i32, min: i32, max: i32) {
        if value < min || value > max {
            self.error(field, format!("The field {label} must be between {min} and {max}."));
        }
    }

    pub fn port(&mut self, field: &str, label: &str, value: i32) {
        if !(1..=65535).contains(&value) {
            self.error(field, format!("The {label} must be a TCP port between 1 and 65535."));
        }
    }

    pub fn email(&mut self, field: &str, label: &str, value: &str) {
        if !value.is_empty() && !is_email(value) {
            self.error(field, format!("The {label} field is not a valid e-mail address."));
        }
    }

    pub fn guid(&mut self, field: &str, label: &str, value: &str) {
        if !value.is_empty() && !is_guid(value) {
            self.error(
                field,
                format!("The {label} must be a GUID like 00000000-0000-0000-0000-000000000000 (copy it from the app's Overview page in Azure)."),
            );
        }
    }

    pub fn absolute_uri(&mut self, field: &str, label: &str, value: &str) {
        if let Err(why) = check_redirect_uri(value) {
            self.error(field, format!("The {label} \"{}\" is not valid: {why}.", shorten(value)));
        }
    }

    pub fn max_len(&mut self, field: &str, label: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.error(field, format!("The {label} field must be at most {max} characters."));
        }
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::validation(self.errors))
        }
    }
}

/// A C0 or C1 control character (U+0000–U+001F, U+007F–U+009F).
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Every string in `v` (a section's stored form, or one item of it) must be free of control
/// characters: a NUL or an escape in an address or a name is a paste accident HES would store
/// and later choke on. `multiline` names the fields that may hold line breaks (CR, LF; e.g. a
/// PEM certificate). Each bad field is named by its path (`ApiAddress`, `[1].RedirectUris[0]`),
/// never with its value.
pub fn no_control_chars(v: &serde_json::Value, multiline: &[&str]) -> Result<(), AppError> {
    fn walk(v: &serde_json::Value, path: &str, key: &str, multiline: &[&str], out: &mut Validator) {
        match v {
            serde_json::Value::String(s) => {
                let line_breaks_ok = multiline.contains(&key);
                if s.chars().any(|c| is_control(c) && !(line_breaks_ok && (c == '\n' || c == '\r'))) {
                    let what = if line_breaks_ok {
                        "control characters other than line breaks"
                    } else {
                        "control characters (such as NUL, tab or a line break)"
                    };
                    out.error(path, format!("The {key} field must not contain {what}."));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), key, multiline, out);
                }
            }
            serde_json::Value::Object(fields) => {
                for (k, item) in fields {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    walk(item, &p, k, multiline, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Validator::new();
    walk(v, "", "value", multiline, &mut out);
    out.finish()
}

/// A value quoted in a message: at most 60 characters, control characters shown as U+FFFD so a
/// message never carries a raw NUL or escape sequence to a terminal or log.
fn shorten(v: &str) -> String {
    let safe = |c: char| if is_control(c) { '\u{fffd}' } else { c };
    if v.chars().count() > 60 {
        format!("{}…", v.chars().take(60).map(safe).collect::<String>())
    } else {
        v.chars().map(safe).collect()
    }
}

pub fn is_hes_url(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    ["http://", "https://", "ftp://"].iter().any(|p| lower.starts_with(p))
}

fn has_host(v: &str) -> bool {
    let rest = v.split_once("://").map(|(_, r)| r).unwrap_or("");
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = if host.starts_with('[') { host } else { host.split(':').next().unwrap_or("") };
    !host.is_empty()
}

pub fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

pub fn is_guid(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// OAuth redirect URIs: absolute (a scheme), no fragment, no spaces; http(s) needs a host.
pub fn check_redirect_uri(v: &str) -> Result<(), &'static str> {
    if v.trim().is_empty() {
        return Err("it is empty");
    }
    if v.chars().any(char::is_whitespace) {
        return Err("it contains spaces");
    }
    let Some((scheme, rest)) = v.split_once(':') else {
        return Err("it must be an absolute URI such as https://app.example.com/callback");
    };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    if !scheme_ok || rest.is_empty() {
        return Err("it must be an absolute URI such as https://app.example.com/callback");
    }
    if v.contains('#') {
        return Err("a redirect URI must not contain a fragment (#)");
    }
    let lower = scheme.to_ascii_lowercase();
    if (lower == "http" || lower == "https") && !(rest.starts_with("//") && has_host(v)) {
        return Err("an http(s) URI needs a host, like https://app.example.com/callback");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(f: impl FnOnce(&mut Validator)) -> Option<String> {
        let mut v = Validator::new();
        f(&mut v);
        v.finish().err().map(|e| e.message)
    }

    #[test]
    fn required_follows_hes() {
        assert_eq!(
            one(|v| {
                v.required("ApiKey", "API Key", "");
            })
            .unwrap(),
            "The API Key field is required."
        );
        assert!(one(|v| {
            v.required("ApiKey", "API Key", "  \t");
        })
        .is_some());
        assert!(one(|v| {
            v.required("ApiKey", "API Key", "k");
        })
        .is_none());
    }

    #[test]
    fn url_follows_hes_prefix_rule_and_wants_a_host() {
        for ok in ["https://hls.hideez.com", "HTTP://x", "ftp://files.example.com/a", "https://[::1]:8088/x"] {
            assert!(one(|v| v.url("U", "Host", ok)).is_none(), "{ok}");
        }
        assert_eq!(
            one(|v| v.url("U", "Host", "hls.hideez.com")).unwrap(),
            "The Host field is not a valid fully-qualified http, https, or ftp URL."
        );
        for bad in ["https://", "https:///path", "https://a b.com", "mailto:x@y.z"] {
            assert!(one(|v| v.url("U", "Host", bad)).is_some(), "{bad}");
        }
        assert!(one(|v| v.url("U", "Host", "")).is_none(), "empty is Required's job");
    }

    #[test]
    fn range_and_port() {
        assert!(one(|v| v.range("M", "Auto Password Change", 1, 1, 180)).is_none());
        assert!(one(|v| v.range("M", "Auto Password Change", 180, 1, 180)).is_none());
        assert_eq!(
            one(|v| v.range("M", "Auto Password Change", 0, 1, 180)).unwrap(),
            "The field Auto Password Change must be between 1 and 180."
        );
        assert!(one(|v| v.range("M", "X", 181, 1, 180)).is_some());
        assert!(one(|v| v.port("P", "Port", 0)).is_some());
        assert!(one(|v| v.port("P", "Port", 65536)).is_some());
        assert!(one(|v| v.port("P", "Port", 587)).is_none());
    }

    #[test]
    fn email_syntax() {
        for ok in ["admin@example.com", "first.last+hes@mail.corp.example.org", "a@b.io"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "admin",
            "admin@",
            "@example.com",
            "a@b",
            "a@b.c",
            "a b@example.com",
            ".a@example.com",
            "a@-x.com",
            "a@x.c0m",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn guid_syntax() {
        assert!(is_guid("8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c"));
        assert!(is_guid("8C3E7A2B-5F1D-4C6E-9A0B-1D2E3F4A5B6C"));
        for bad in [
            "",
            "8c3e7a2b5f1d4c6e9a0b1d2e3f4a5b6c",
            "8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6",
            "zc3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c",
            "{8c3e7a2b-5f1d-4c6e-9a0b-1d2e3f4a5b6c}",
        ] {
            assert!(!is_guid(bad), "{bad}");
        }
    }

    #[test]
    fn redirect_uris_must_be_absolute() {
        for ok in [
            "https://app.example.com/cb",
            "http://127.0.0.1:8080/cb",
            "com.example.app:/oauth2redirect",
            "https://a.example.com/cb?x=1",
        ] {
            assert!(check_redirect_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/callback",
            "app.example.com/cb",
            "https://app.example.com/cb#frag",
            "https:/cb",
            "https://a b/cb",
            "1http://x",
        ] {
            assert!(check_redirect_uri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn control_characters_are_refused_with_the_path_and_line_breaks_only_where_allowed() {
        let v = serde_json::json!({"Host": "a\u{0}b", "Ok": "Zürich — HES", "List": ["x", "y\u{9b}"], "Pem": "-----BEGIN\r\nx\n"});
        let e = no_control_chars(&v, &["Pem"]).unwrap_err();
        let fields: Vec<&str> = e.field_errors.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["Host", "List[1]"]);
        assert!(!e.message.contains('\u{0}'));
        let e = no_control_chars(&serde_json::json!({"Pem": "a\u{0}"}), &["Pem"]).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("Pem"));
        assert!(no_control_chars(&serde_json::json!({"Pem": "a\tb"}), &[]).is_err(), "tab is a control");
        assert!(is_control('\u{7f}') && is_control('\u{85}') && !is_control('\u{a0}'));
    }

    #[test]
    fn validator_collects_every_field_once() {
        let mut v = Validator::new();
        v.required("A", "A", "");
        v.url("A", "A", "nope");
        v.required("B", "B", "");
        let e = v.finish().unwrap_err();
        assert_eq!(e.field_errors.len(), 2);
        assert_eq!(e.field.as_deref(), Some("A"));
    }
}
