//! Step `Bind`, exactly as HES binds; how HES names the account and the directory;
//! AD's bind answers in plain words.

use hes_core::Secret;
use ldap3::Ldap;

use super::AdTarget;
use crate::codes;
use crate::run::{Recorder, StepResult, Stop};

/// `<first DNS label of the domain>\<logon name>`: HES's guess at the NetBIOS domain name.
pub fn hes_bind_name(domain: &str, logon: &str) -> String {
    let netbios = domain.trim().split('.').next().unwrap_or("");
    format!("{netbios}\\{}", logon.trim())
}

/// `<logon>@<domain>`: the UPN form, tried once when AD does not know HES's form (525).
pub fn upn(domain: &str, logon: &str) -> String {
    format!("{}@{}", logon.trim(), domain.trim())
}

/// HES's base DN: each label of the domain as `dc=<label>`, e.g. `dc=corp,dc=example,dc=com`.
pub fn hes_base_dn(domain: &str) -> String {
    domain.trim().split('.').filter(|l| !l.is_empty()).map(|l| format!("dc={l}")).collect::<Vec<_>>().join(",")
}

/// AD's sub-code from a bind diagnostic such as
/// `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1`.
pub fn ad_subcode(text: &str) -> Option<String> {
    let rest = &text[text.find("data ")? + 5..];
    let code: String = rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    (!code.is_empty()).then(|| code.to_ascii_lowercase())
}

/// A refused bind: its report code and plain words, from the LDAP result code and AD's text.
pub fn bind_failure(rc: u32, text: &str) -> (&'static str, String) {
    let sub = if rc == 49 { ad_subcode(text) } else { None };
    let (code, words) = match (rc, sub.as_deref()) {
        (49, Some("52e")) => (
            codes::LDAP_INVALID_CREDENTIALS,
            "wrong password (AD gives the same answer for an unknown user, so also check the logon name)",
        ),
        (49, Some("525")) => (codes::AD_UNKNOWN_USER, "unknown user: AD has no account with this logon name"),
        (49, Some("530")) => (codes::AD_LOGON_HOURS, "logon not allowed at this time (the account's logon hours)"),
        (49, Some("531")) => {
            (codes::AD_WORKSTATION_RESTRICTED, "logon not allowed from this computer (\"Log On To\" workstations)")
        }
        (49, Some("532")) => (codes::AD_PASSWORD_EXPIRED, "the password has expired: set a new one in AD"),
        (49, Some("533")) => (codes::AD_ACCOUNT_DISABLED, "the account is disabled: enable it in AD"),
        (49, Some("701")) => (codes::AD_ACCOUNT_EXPIRED, "the account has expired: extend its end date in AD"),
        (49, Some("773")) => (
            codes::AD_MUST_CHANGE_PASSWORD,
            "the user must change the password at next logon: clear that option or set a new password in AD",
        ),
        (49, Some("775")) => (
            codes::AD_ACCOUNT_LOCKED,
            "the account is locked out (too many wrong passwords): unlock it in AD; this check never retries",
        ),
        (49, _) => (codes::LDAP_INVALID_CREDENTIALS, "invalid credentials"),
        (8, _) => (
            codes::LDAP_STRONGER_AUTH_REQUIRED,
            "the server refuses a simple bind without TLS (strongerAuthRequired): use LDAPS or StartTLS",
        ),
        _ => (codes::LDAP_BIND_FAILED, "the server refused the bind"),
    };
    let text = text.trim().trim_end_matches('\0');
    let detail = if text.is_empty() { format!("{words} (rc {rc})") } else { format!("{words} (rc {rc}: {text})") };
    (code, detail)
}

/// Whether a failed HES-form bind may be followed by one UPN bind: only when AD said "unknown
/// user" (525) and the logon name is not a UPN already. Never after 52e: a wrong password would be
/// sent twice, and retries lock accounts.
pub fn may_try_upn(rc: u32, text: &str, logon: &str) -> bool {
    rc == 49 && ad_subcode(text).as_deref() == Some("525") && !logon.contains('@')
}

/// Step `Bind`: once as HES binds; once more as the UPN only after "unknown user". Returns the
/// failure to report at the end when only the UPN worked (the directory steps still run).
pub(super) async fn bind(rec: &Recorder, ldap: &mut Ldap, t: &AdTarget, password: &Secret) -> StepResult<Option<Stop>> {
    let step = rec.begin("Bind");
    let name = hes_bind_name(&t.domain, &t.logon_name);
    let first = match ldap.simple_bind(&name, password.expose()).await {
        Ok(r) => r,
        Err(e) => {
            return Err(rec.fail(step, codes::LDAP_BIND_FAILED, format!("the connection broke during the bind: {e}")))
        }
    };
    if first.rc == 0 {
        rec.ok(step, format!("bound as `{name}`, as HES binds"));
        return Ok(None);
    }
    let (code, words) = bind_failure(first.rc, &first.text);
    let logon_hint = if t.logon_name.contains('\\') || t.logon_name.contains('@') {
        format!(
            ". The User Logon Name should be the bare account name: HES adds `{}\\` itself",
            hes_bind_name(&t.domain, "").trim_end_matches('\\')
        )
    } else {
        String::new()
    };
    if !may_try_upn(first.rc, &first.text, &t.logon_name) {
        return Err(rec.fail(step, code, format!("`{name}`: {words}{logon_hint}")));
    }
    let upn = upn(&t.domain, &t.logon_name);
    match ldap.simple_bind(&upn, password.expose()).await {
        Ok(r) if r.rc == 0 => {
            let netbios = hes_bind_name(&t.domain, "");
            let stop = rec.fail(
                step,
                codes::AD_NETBIOS_NAME_MISMATCH,
                format!(
                    "HES binds as `{name}`, which AD does not know (data 525), but `{upn}` works: the domain's \
                     NetBIOS name is not `{}`, the first label of the Domain Name, so HES cannot bind. The next \
                     steps ran with `{upn}`.",
                    netbios.trim_end_matches('\\')
                ),
            );
            Ok(Some(stop))
        }
        Ok(r) => {
            let (_, w2) = bind_failure(r.rc, &r.text);
            Err(rec.fail(step, code, format!("`{name}`: {words}; `{upn}` also failed: {w2}")))
        }
        Err(e) => Err(rec.fail(step, code, format!("`{name}`: {words}; then the connection broke: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMBA_52E: &str = "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1";

    #[test]
    fn names_are_derived_as_hes_does() {
        assert_eq!(hes_bind_name("corp.example.com", "svc-hes"), "corp\\svc-hes");
        assert_eq!(hes_bind_name(" hes.test ", " svc "), "hes\\svc");
        assert_eq!(upn("hes.test", "svc"), "svc@hes.test");
        assert_eq!(hes_base_dn("corp.example.com"), "dc=corp,dc=example,dc=com");
        assert_eq!(hes_base_dn("hes.test."), "dc=hes,dc=test");
    }

    #[test]
    fn every_sub_code_has_its_own_code_and_words() {
        let cases = [
            ("52e", codes::LDAP_INVALID_CREDENTIALS, "wrong password"),
            ("525", codes::AD_UNKNOWN_USER, "unknown user"),
            ("530", codes::AD_LOGON_HOURS, "at this time"),
            ("531", codes::AD_WORKSTATION_RESTRICTED, "from this computer"),
            ("532", codes::AD_PASSWORD_EXPIRED, "password has expired"),
            ("533", codes::AD_ACCOUNT_DISABLED, "disabled"),
            ("701", codes::AD_ACCOUNT_EXPIRED, "account has expired"),
            ("773", codes::AD_MUST_CHANGE_PASSWORD, "must change the password"),
            ("775", codes::AD_ACCOUNT_LOCKED, "locked out"),
        ];
        for (sub, code, words) in cases {
            let text = SAMBA_52E.replace("52e", sub);
            let (c, d) = bind_failure(49, &text);
            assert_eq!(c, code, "{sub}");
            assert!(d.contains(words) && d.contains(&format!("data {sub}")), "{d}");
        }
        assert_eq!(bind_failure(49, "").0, codes::LDAP_INVALID_CREDENTIALS);
        let (c, d) = bind_failure(8, "BindSimple: Transport encryption required.");
        assert_eq!(c, codes::LDAP_STRONGER_AUTH_REQUIRED);
        assert!(d.contains("rc 8: BindSimple"), "{d}");
        assert_eq!(bind_failure(53, "").0, codes::LDAP_BIND_FAILED);
    }

    #[test]
    fn upn_is_tried_only_after_unknown_user() {
        let t525 = SAMBA_52E.replace("52e", "525");
        assert!(may_try_upn(49, &t525, "svc"));
        assert!(!may_try_upn(49, SAMBA_52E, "svc"), "never after a wrong password");
        assert!(!may_try_upn(49, &t525, "svc@hes.test"), "already a UPN");
        assert!(!may_try_upn(49, &SAMBA_52E.replace("52e", "775"), "svc"));
        assert!(!may_try_upn(8, &t525, "svc"));
        assert_eq!(ad_subcode("data 52E, v1db1").as_deref(), Some("52e"));
        assert_eq!(ad_subcode("no code"), None);
    }
}
