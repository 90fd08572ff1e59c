//! After the bind: the base DN HES derives, HES's two groups, and their members (a paged search,
//! so that AD's 1000-entry limit does not cut the count). Search references (AD's referrals to other
//! partitions) are counted, never followed, and never parsed with a panicking helper.

use ldap3::adapters::PagedResults;
use ldap3::asn1::StructureTag;
use ldap3::{ldap_escape, Ldap, LdapError, ResultEntry, Scope};

use super::bind::hes_base_dn;
use crate::azure::GROUPS;
use crate::codes;
use crate::run::{Recorder, StepResult};

/// Below AD's default MaxPageSize (1000), so large groups take several pages.
const PAGE_SIZE: i32 = 500;

/// A found group: the name HES looks for and its DN.
pub(super) struct Group {
    pub name: String,
    pub dn: String,
}

/// An entry's DN and attributes (names lower-cased).
struct Entry {
    dn: String,
    attrs: Vec<(String, Vec<String>)>,
}

impl Entry {
    fn first(&self, attr: &str) -> Option<&String> {
        self.attrs.iter().find(|(n, _)| n == attr)?.1.first()
    }
}

/// Entries and referral URLs of one search.
#[derive(Default)]
struct Found {
    entries: Vec<Entry>,
    refs: Vec<String>,
}

impl Found {
    fn add(&mut self, re: ResultEntry) {
        if re.is_ref() {
            let urls = re.0.expect_constructed().unwrap_or_default();
            self.refs.extend(urls.into_iter().filter_map(|t| t.expect_primitive()).map(lossy));
        } else if !re.is_intermediate() {
            if let Some(e) = entry(re.0) {
                self.entries.push(e);
            }
        }
    }

    fn refs_note(&self) -> String {
        match self.refs.len() {
            0 => String::new(),
            n => format!("; {n} referral(s) to other partitions not followed ({})", self.refs.join(", ")),
        }
    }
}

fn lossy(b: Vec<u8>) -> String {
    String::from_utf8_lossy(&b).into_owned()
}

/// SearchResultEntry: [dn, [[type, {values}]…]], read without panicking on odd input.
fn entry(tag: StructureTag) -> Option<Entry> {
    let mut parts = tag.match_id(4)?.expect_constructed()?.into_iter();
    let dn = lossy(parts.next()?.expect_primitive()?);
    let mut attrs = Vec::new();
    for a in parts.next()?.expect_constructed()? {
        let mut av = a.expect_constructed()?.into_iter();
        let name = lossy(av.next()?.expect_primitive()?).to_ascii_lowercase();
        let vals = av.next()?.expect_constructed()?.into_iter().filter_map(|v| v.expect_primitive()).map(lossy);
        attrs.push((name, vals.collect()));
    }
    Some(Entry { dn, attrs })
}

async fn search(
    ldap: &mut Ldap,
    base: &str,
    scope: Scope,
    filter: &str,
    attrs: &[&str],
    paged: bool,
) -> Result<(Found, u32, String), LdapError> {
    let attrs: Vec<&str> = attrs.to_vec();
    let mut stream = if paged {
        ldap.streaming_search_with(PagedResults::new(PAGE_SIZE), base, scope, filter, attrs).await?
    } else {
        ldap.streaming_search(base, scope, filter, attrs).await?
    };
    let mut found = Found::default();
    while let Some(re) = stream.next().await? {
        found.add(re);
    }
    let res = stream.finish().await;
    found.refs.extend(res.refs); // rc 10: the referral in the result itself
    Ok((found, res.rc, res.text))
}

/// `DC=hes,DC=test` → `hes.test`.
fn domain_of(dn: &str) -> String {
    dn.split(',')
        .filter_map(|p| p.trim().split_once('='))
        .filter(|(k, _)| k.eq_ignore_ascii_case("dc"))
        .map(|(_, v)| v)
        .collect::<Vec<_>>()
        .join(".")
}

/// The domain this DC serves (rootDSE `defaultNamingContext`), if it says.
async fn served_domain(ldap: &mut Ldap) -> Option<String> {
    let (found, rc, _) =
        search(ldap, "", Scope::Base, "(objectClass=*)", &["defaultNamingContext"], false).await.ok()?;
    let nc = found.entries.first()?.first("defaultnamingcontext")?;
    (rc == 0).then(|| nc.clone())
}

/// Step `Base DN`: HES's base DN exists on this server. Returns it.
pub(super) async fn base_dn(rec: &Recorder, ldap: &mut Ldap, domain: &str) -> StepResult<String> {
    let step = rec.begin("Base DN");
    let base = hes_base_dn(domain);
    let served = served_domain(ldap).await;
    let hint = match &served {
        Some(nc) if !nc.eq_ignore_ascii_case(&base) => format!(
            ". This server holds `{nc}`: the Domain Name should be `{}` (the AD DNS domain name, \
             not a domain controller's host name)",
            domain_of(nc)
        ),
        _ => ". The Domain Name must be the AD DNS domain name, not a domain controller's host name".into(),
    };
    match search(ldap, &base, Scope::Base, "(objectClass=*)", &["1.1"], false).await {
        Ok((found, 0, _)) if !found.entries.is_empty() => {
            rec.ok(step, format!("`{base}` (derived from the Domain Name as HES does) exists"));
            Ok(base)
        }
        Ok((found, 10, _)) => Err(rec.fail(
            step,
            codes::AD_BASE_DN_NOT_FOUND,
            format!(
                "the server referred `{base}` elsewhere ({}): it is not a DC of that domain{hint}",
                found.refs.join(", ")
            ),
        )),
        Ok((_, rc @ (0 | 32), text)) => Err(rec.fail(
            step,
            codes::AD_BASE_DN_NOT_FOUND,
            format!("`{base}` (derived from the Domain Name as HES does) does not exist (rc {rc}: {text}){hint}"),
        )),
        Ok((_, rc, text)) => {
            Err(rec.fail(step, codes::LDAP_SEARCH_FAILED, format!("reading `{base}` failed (rc {rc}: {text})")))
        }
        Err(e) => Err(rec.fail(step, codes::LDAP_SEARCH_FAILED, format!("reading `{base}` failed: {e}"))),
    }
}

/// Step `Groups`: for each of HES's groups, the classic name or the newer one exists under the base.
pub(super) async fn groups(rec: &Recorder, ldap: &mut Ldap, base: &str) -> StepResult<Vec<Group>> {
    let step = rec.begin("Groups");
    let names: String =
        GROUPS.iter().flat_map(|(a, b)| [a, b]).map(|n| format!("(name={})", ldap_escape(*n))).collect();
    let filter = format!("(&(objectCategory=group)(|{names}))");
    let found = match search(ldap, base, Scope::Subtree, &filter, &["name"], false).await {
        Ok((found, 0 | 10, _)) => found,
        Ok((_, rc, text)) => {
            return Err(rec.fail(
                step,
                codes::LDAP_SEARCH_FAILED,
                format!("searching the groups failed (rc {rc}: {text})"),
            ))
        }
        Err(e) => return Err(rec.fail(step, codes::LDAP_SEARCH_FAILED, format!("searching the groups failed: {e}"))),
    };
    let dn_of = |name: &str| {
        found.entries.iter().find_map(|e| e.first("name")?.eq_ignore_ascii_case(name).then(|| e.dn.clone()))
    };
    let (mut out, mut lines, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    for (classic, newer) in GROUPS {
        if let Some(dn) = dn_of(classic) {
            lines.push(format!("{classic}: {dn}"));
            out.push(Group { name: classic.into(), dn });
        } else if let Some(dn) = dn_of(newer) {
            lines.push(format!(
                "{newer}: {dn} (the newer name, read by newer HES versions; HES 3.x looks for \"{classic}\")"
            ));
            out.push(Group { name: newer.into(), dn });
        } else {
            missing.push(format!("\"{classic}\" (or \"{newer}\")"));
        }
    }
    let refs = found.refs_note();
    if missing.is_empty() {
        rec.ok(step, format!("{}{refs}", lines.join("; ")));
        Ok(out)
    } else {
        Err(rec.fail(
            step,
            codes::AD_GROUPS_MISSING,
            format!(
                "not found under `{base}`: {}. Create the group with exactly this name, or let this account \
                 read it{}{refs}",
                missing.join(", "),
                if lines.is_empty() { String::new() } else { format!(". Found: {}", lines.join("; ")) }
            ),
        ))
    }
}

/// Step `Members`: users whose `memberOf` is the group (HES's filter), counted with a paged search.
pub(super) async fn members(rec: &Recorder, ldap: &mut Ldap, base: &str, groups: &[Group]) -> StepResult<()> {
    let step = rec.begin("Members");
    let mut lines = Vec::new();
    for g in groups {
        let filter = format!("(&(objectCategory=user)(memberOf={}))", ldap_escape(g.dn.as_str()));
        let found = match search(ldap, base, Scope::Subtree, &filter, &["givenName"], true).await {
            Ok((found, 0 | 10, _)) => found,
            Ok((_, rc, text)) => {
                return Err(rec.fail(
                    step,
                    codes::LDAP_SEARCH_FAILED,
                    format!("counting {} failed (rc {rc}: {text})", g.name),
                ))
            }
            Err(e) => {
                return Err(rec.fail(step, codes::LDAP_SEARCH_FAILED, format!("counting {} failed: {e}", g.name)))
            }
        };
        let total = found.entries.len();
        let named = found.entries.iter().filter(|e| e.first("givenname").is_some()).count();
        let mut line = format!("{}: {total} user(s)", g.name);
        if named < total {
            line.push_str(&format!(", {} without a first name (HES syncs only users with one)", total - named));
        }
        lines.push(line);
    }
    rec.ok(step, lines.join("; "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_is_read_back_from_a_naming_context() {
        assert_eq!(domain_of("DC=hes,DC=test"), "hes.test");
        assert_eq!(domain_of("dc=corp, dc=example,DC=com"), "corp.example.com");
        assert_eq!(domain_of("CN=Users,DC=hes,DC=test"), "hes.test");
    }
}
