//! Active Directory (HES's `domain` setting): DNS → TCP → TLS → bind exactly as HES
//! binds → the base DN HES derives → HES's two groups → their members.
//!
//! - HES connects with LDAPS on 636 and never checks the certificate. This check does: an untrusted
//!   certificate fails (and is shown, so the administrator can trust it pinned to its SHA-256), and
//!   the TLS step says that HES itself would not notice. StartTLS on 389 is offered for diagnosis and
//!   then reported as a warning, since HES does not use it.
//! - One bind as `<first DNS label>\<logon>`. Only when AD answers "unknown user" (525) is the UPN
//!   `<logon>@<domain>` tried, once; never after a wrong password (52e): retries lock accounts.
//! - The check never binds without TLS, so it never sends a password in clear. A server's
//!   strongerAuthRequired answer (rc 8) is still mapped, see [`bind_failure`].

mod bind;
mod connect;
mod directory;

use crate::tls;

use hes_core::Secret;
use ldap3::Ldap;

pub use bind::{ad_subcode, bind_failure, hes_base_dn, hes_bind_name};

use crate::report::CheckReport;
use crate::run::{run, Recorder, StepResult};
use crate::{codes, CheckOptions};

/// How the check reaches the domain controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AdMode {
    /// LDAPS (TLS from the first byte), port 636: what HES does.
    #[default]
    Ldaps636,
    /// Plain LDAP upgraded with StartTLS, port 389: for diagnosis; HES does not use it.
    StartTls389,
}

impl AdMode {
    pub fn default_port(self) -> u16 {
        match self {
            AdMode::Ldaps636 => 636,
            AdMode::StartTls389 => 389,
        }
    }
}

/// What to check: HES's `domain.Host` and `domain.UserName`, and how to connect.
#[derive(Debug, Clone)]
pub struct AdTarget {
    /// The AD DNS domain name, e.g. `hes.test` (HES's "Domain Name").
    pub domain: String,
    /// Connect to this host instead of the domain name (e.g. one DC); the names HES derives still
    /// come from `domain`.
    pub server: Option<String>,
    /// HES's "User Logon Name", e.g. `svc-hes`.
    pub logon_name: String,
    pub mode: AdMode,
    /// Instead of the mode's port.
    pub port: Option<u16>,
    /// Trust the server's certificate when its SHA-256 equals this (`AB:CD:…` or plain hex).
    pub pinned_sha256: Option<String>,
}

impl AdTarget {
    /// As HES connects: LDAPS on 636 to the domain name itself.
    pub fn new(domain: impl Into<String>, logon_name: impl Into<String>) -> Self {
        AdTarget {
            domain: domain.into(),
            server: None,
            logon_name: logon_name.into(),
            mode: AdMode::Ldaps636,
            port: None,
            pinned_sha256: None,
        }
    }

    fn host(&self) -> &str {
        self.server.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(self.domain.trim())
    }

    /// The server as an IPv6 address (`::1`, `[::1]`), if it is one.
    fn ipv6_literal(&self) -> Option<std::net::Ipv6Addr> {
        self.host().trim_start_matches('[').trim_end_matches(']').parse().ok()
    }

    /// The URL ldap3 gets once the TCP connection is open: it only names the TLS server. ldap3
    /// passes an IPv6 host on with its brackets, which no TLS library takes for a name, so such a
    /// host is named by a placeholder that the verifier maps back to the address.
    fn tls_url(&self) -> String {
        match self.ipv6_literal() {
            Some(_) => format!("{}://{}:{}", self.scheme(), crate::tls::IP_LITERAL_NAME, self.port()),
            None => self.url(),
        }
    }

    fn port(&self) -> u16 {
        self.port.unwrap_or(self.mode.default_port())
    }

    /// The report's target text: domain, bind name and URL (no secret).
    pub fn describe(&self) -> String {
        let via = if self.mode == AdMode::StartTls389 { " with StartTLS" } else { "" };
        format!("{} as {} via {}{via}", self.domain.trim(), hes_bind_name(&self.domain, &self.logon_name), self.url())
    }

    fn scheme(&self) -> &'static str {
        if self.mode == AdMode::Ldaps636 {
            "ldaps"
        } else {
            "ldap"
        }
    }

    fn url(&self) -> String {
        let host = self.host();
        let host = if host.contains(':') && !host.starts_with('[') { format!("[{host}]") } else { host.to_string() };
        format!("{}://{host}:{}", self.scheme(), self.port())
    }
}

/// Run the AD check with the bind password `password`.
pub async fn ad(target: &AdTarget, password: &Secret, opts: &CheckOptions) -> CheckReport {
    let shown = target.describe();
    let later = ["DNS", "TCP", "TLS", "Bind", "Base DN", "Groups", "Members"];
    run("ad", &shown, opts, vec![password.clone()], &later, |rec| body(rec, target, password, opts)).await
}

async fn body(rec: Recorder, t: &AdTarget, password: &Secret, opts: &CheckOptions) -> StepResult<()> {
    validate(&rec, t, password)?;
    if t.mode != AdMode::Ldaps636 || t.port() != 636 {
        let step = rec.begin("Mode");
        let how = if t.mode == AdMode::StartTls389 { "StartTLS" } else { "LDAPS" };
        rec.warn(
            step,
            codes::AD_NOT_AS_HES,
            format!(
                "HES connects with LDAPS on port 636 only; this check uses {how} on port {}, so it does not show \
                 that HES can connect",
                t.port()
            ),
        );
    }
    let tls = connect::tls_setup(&rec, t, opts)?;
    let tcp = connect::dns_tcp(&rec, t.host(), t.port()).await?;
    let mut ldap = connect::connect(&rec, t, &tls, tcp).await?;

    // A NetBIOS mismatch is the verdict even when a later step fails too: HES cannot bind at all.
    let deferred = bind::bind(&rec, &mut ldap, t, password).await?;
    let rest = directory_steps(&rec, &mut ldap, &t.domain).await;
    let _ = ldap.unbind().await;
    deferred.map_or(rest, Err)
}

async fn directory_steps(rec: &Recorder, ldap: &mut Ldap, domain: &str) -> StepResult<()> {
    let base = directory::base_dn(rec, ldap, domain).await?;
    let groups = directory::groups(rec, ldap, &base).await?;
    directory::members(rec, ldap, &base, &groups).await
}

fn validate(rec: &Recorder, t: &AdTarget, password: &Secret) -> StepResult<()> {
    let problem = if t.domain.trim().is_empty() {
        Some("the Domain Name is empty".to_string())
    } else if t.domain.trim().split('.').any(str::is_empty) || t.domain.contains(char::is_whitespace) {
        Some(format!("`{}` is not a DNS domain name", t.domain.trim()))
    } else if t.logon_name.trim().is_empty() {
        Some("the User Logon Name is empty".into())
    } else if password.is_blank() {
        // An empty password makes an "unauthenticated bind", which succeeds without checking anything.
        Some("the password is empty".into())
    } else {
        t.pinned_sha256.as_deref().and_then(|p| tls::parse_pin(p).err())
    };
    match problem {
        Some(p) => Err(rec.fail(rec.begin("Input"), codes::INVALID_TARGET, p)),
        None => Ok(()),
    }
}
