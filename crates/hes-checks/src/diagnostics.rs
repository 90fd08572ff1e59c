//! Diagnostics: every configured outside connection checked at once, from the stored settings.
//! The same runner serves the app's Diagnostics view and `hesctl check`.

use crate::report::{CheckProgress, CheckReport, CheckStep, Outcome, StepStatus};
use crate::{ad, azure, database, licensing, smtp, splunk, AdMode, AdTarget, AzureTarget, CheckOptions, SmtpTarget};
use hes_store::console::{CheckInputs, CheckSecret};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Where Azure AD lives: the public cloud by default; national clouds and tests set
/// `HES_AZURE_AUTHORITY` / `HES_GRAPH_URL`.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub azure_authority: String,
    pub graph: String,
}

impl Endpoints {
    pub fn from_env() -> Self {
        let var = |k: &str, d: &str| std::env::var(k).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| d.to_string());
        Endpoints {
            azure_authority: var("HES_AZURE_AUTHORITY", "https://login.microsoftonline.com"),
            graph: var("HES_GRAPH_URL", "https://graph.microsoft.com"),
        }
    }
}

/// Which checks to run: `all`, one section, or one domain / connection profile by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    Splunk,
    Licensing,
    Azure(Option<String>),
    Ad(Option<String>),
    Smtp,
    Database(Option<String>),
    DataProtection,
}

/// The names `hesctl check` and the app accept.
pub const CHECK_NAMES: &str = "all, ad [DOMAIN], azure [NAME], splunk, smtp, licensing, db [PROFILE], dataprotection";

impl Selection {
    /// `what` as typed (`all`, `splunk`, …) and an optional name; `None` for an unknown check.
    pub fn parse(what: &str, name: Option<String>) -> Option<Selection> {
        Some(match what {
            "all" => Selection::All,
            "splunk" => Selection::Splunk,
            "licensing" => Selection::Licensing,
            "azure" => Selection::Azure(name),
            "ad" => Selection::Ad(name),
            "smtp" | "email" => Selection::Smtp,
            "db" | "database" => Selection::Database(name),
            "dataprotection" | "data-protection" | "dp" => Selection::DataProtection,
            _ => return None,
        })
    }
}

type Job = Pin<Box<dyn Future<Output = CheckReport> + Send>>;

/// Receives every finished step of every check, tagged with its check (the UI's live list).
pub type OnStep = Arc<dyn Fn(CheckProgress) + Send + Sync>;

/// `opts` whose progress reports steps of this check, tagged, to `on_step`.
fn tagged(opts: &CheckOptions, check: &str, target: &str, on_step: &Option<OnStep>) -> CheckOptions {
    let Some(on_step) = on_step.clone() else { return opts.clone() };
    let (check, target) = (check.to_string(), target.to_string());
    opts.clone().with_progress(move |step| {
        on_step(CheckProgress { check: check.clone(), target: target.clone(), step: step.clone() })
    })
}

/// A report for a check that could not start (nothing configured, secret unavailable).
fn not_run(check: &str, target: &str, code: &str, detail: String) -> CheckReport {
    CheckReport {
        check: check.into(),
        target: target.into(),
        steps: vec![CheckStep { name: "Settings".into(), status: StepStatus::Fail, duration_ms: 0, detail }],
        outcome: Outcome::Fail,
        code: Some(code.into()),
        duration_ms: 0,
        certificate: None,
    }
}

fn with_secret(
    check: &'static str,
    target: String,
    secret: CheckSecret,
    run: impl FnOnce(hes_core::Secret) -> Job,
) -> Job {
    match secret {
        Ok(s) => run(s),
        Err(why) => Box::pin(async move {
            not_run(check, &target, "SecretUnavailable", format!("The stored secret cannot be used: {why}."))
        }),
    }
}

/// Run the selected checks concurrently; reports come back in a stable order.
pub async fn run(
    inputs: CheckInputs,
    selection: &Selection,
    opts: &CheckOptions,
    ends: &Endpoints,
    on_step: Option<OnStep>,
) -> Vec<CheckReport> {
    let mut jobs: Vec<Job> = Vec::new();
    let want = |s: &Selection| selection == &Selection::All || selection == s;
    if want(&Selection::Splunk) {
        match inputs.splunk {
            Some((host, secret)) => {
                let o = tagged(opts, "splunk", &host, &on_step);
                jobs.push(with_secret("splunk", host.clone(), secret, move |s| {
                    Box::pin(async move { splunk(&host, &s, &o).await })
                }));
            }
            None if selection != &Selection::All => jobs
                .push(Box::pin(async { not_run("splunk", "", "NotConfigured", "Splunk is not configured.".into()) })),
            None => {}
        }
    }
    if want(&Selection::Licensing) {
        match inputs.licensing {
            Some((address, secret)) => {
                let o = tagged(opts, "licensing", &address, &on_step);
                jobs.push(with_secret("licensing", address.clone(), secret, move |s| {
                    Box::pin(async move { licensing(&address, &s, &o).await })
                }));
            }
            None if selection != &Selection::All => jobs.push(Box::pin(async {
                not_run("licensing", "", "NotConfigured", "Licensing is not configured.".into())
            })),
            None => {}
        }
    }
    let azure_filter = match selection {
        Selection::All => Some(None),
        Selection::Azure(name) => Some(name.clone()),
        _ => None,
    };
    if let Some(filter) = azure_filter {
        let matching: Vec<_> = inputs
            .azure
            .into_iter()
            .filter(|a| filter.as_ref().is_none_or(|n| a.name.eq_ignore_ascii_case(n) || &a.id == n))
            .collect();
        if matching.is_empty() && selection != &Selection::All {
            jobs.push(Box::pin(async {
                not_run("azure", "", "NotConfigured", "No such Azure AD domain is configured.".into())
            }));
        }
        for a in matching {
            let target = AzureTarget {
                authority_base: ends.azure_authority.clone(),
                graph_base: ends.graph.clone(),
                tenant: a.tenant_id.clone(),
                app_id: a.application_id.clone(),
            };
            let label = format!("{} ({})", a.name, a.tenant_id);
            let o = tagged(opts, "azure", &label, &on_step);
            jobs.push(with_secret("azure", label, a.client_secret, move |s| {
                Box::pin(async move { azure(&target, &s, &o).await })
            }));
        }
    }
    let ad_filter = match selection {
        Selection::All => Some(None),
        Selection::Ad(name) => Some(name.clone()),
        _ => None,
    };
    if let Some(filter) = ad_filter {
        let matching: Vec<_> = inputs
            .ad
            .into_iter()
            .filter(|a| filter.as_ref().is_none_or(|n| a.domain.eq_ignore_ascii_case(n) || &a.id == n))
            .collect();
        if matching.is_empty() && selection != &Selection::All {
            jobs.push(Box::pin(async {
                not_run("ad", "", "NotConfigured", "No such Active Directory domain is configured.".into())
            }));
        }
        for a in matching {
            let mut target = AdTarget::new(a.domain.clone(), a.logon_name.clone());
            if a.starttls {
                target.mode = AdMode::StartTls389;
            }
            target.pinned_sha256 = a.pinned_sha256.clone();
            if let Some(server) = &a.server {
                let (host, port) = split_server(server);
                target.server = Some(host);
                target.port = port;
            }
            let label = target.describe();
            let o = tagged(opts, "ad", &label, &on_step);
            jobs.push(with_secret("ad", label, a.password, move |s| {
                Box::pin(async move { ad(&target, &s, &o).await })
            }));
        }
    }
    if want(&Selection::Smtp) {
        match inputs.smtp {
            Some(m) => {
                let target = SmtpTarget {
                    host: m.host,
                    port: m.port,
                    security: m.security,
                    user_name: m.user_name,
                    sender: m.from,
                    test_recipient: m.test_recipient,
                };
                let label = target.describe();
                let o = tagged(opts, "smtp", &label, &on_step);
                match m.password {
                    None => jobs.push(Box::pin(async move { smtp(&target, None, &o).await })),
                    Some(secret) => jobs.push(with_secret("smtp", label, secret, move |s| {
                        Box::pin(async move { smtp(&target, Some(&s), &o).await })
                    })),
                }
            }
            None if selection != &Selection::All => jobs.push(Box::pin(async {
                not_run("smtp", "", "NotConfigured", "E-mail (SMTP) is not configured.".into())
            })),
            None => {}
        }
    }
    let db_filter = match selection {
        Selection::All => Some(None),
        Selection::Database(name) => Some(name.clone()),
        _ => None,
    };
    if let Some(filter) = db_filter {
        let matching: Vec<_> = inputs
            .databases
            .into_iter()
            .filter(|d| filter.as_ref().is_none_or(|n| d.name.eq_ignore_ascii_case(n)))
            .collect();
        if matching.is_empty() && selection != &Selection::All {
            jobs.push(Box::pin(async {
                not_run("database", "", "NotConfigured", "No such connection profile is saved.".into())
            }));
        }
        for d in matching {
            let label = d.name.clone();
            jobs.push(match d.target {
                Ok(t) => {
                    // The same target text as the report's, so live steps land on the right card.
                    let o = tagged(opts, "database", &format!("{label} ({})", t.location()), &on_step);
                    Box::pin(async move { database(&label, &t, &o).await })
                }
                Err(why) => Box::pin(async move {
                    not_run(
                        "database",
                        &label,
                        "SecretUnavailable",
                        format!("The saved password cannot be used: {why}."),
                    )
                }),
            });
        }
    }
    if want(&Selection::DataProtection) {
        // In "all" only when there is something to say: Data Protection on, or secrets to repair.
        let dp = inputs.data_protection.filter(|dp| {
            selection == &Selection::DataProtection
                || dp.state != hes_core::workspace::DataProtectionState::Off
                || !dp.findings.is_empty()
        });
        if let Some(dp) = dp {
            let report = crate::data_protection::report(&dp);
            if let Some(on_step) = &on_step {
                for step in &report.steps {
                    on_step(CheckProgress {
                        check: report.check.clone(),
                        target: report.target.clone(),
                        step: step.clone(),
                    });
                }
            }
            jobs.push(Box::pin(async move { report }));
        }
    }
    let handles: Vec<_> = jobs.into_iter().map(tokio::spawn).collect();
    let mut reports = Vec::with_capacity(handles.len());
    for h in handles {
        match h.await {
            Ok(r) => reports.push(r),
            Err(e) => reports.push(not_run("internal", "", "Internal", format!("a check stopped: {e}"))),
        }
    }
    reports
}

/// `host`, `host:port` or `[v6]:port` → host and the port if one was given.
fn split_server(s: &str) -> (String, Option<u16>) {
    let s = s.trim();
    if let Some((host, port)) = s.rsplit_once(':') {
        if let Ok(port) = port.parse::<u16>() {
            if !host.contains(':') || host.starts_with('[') {
                return (host.trim_start_matches('[').trim_end_matches(']').to_string(), Some(port));
            }
        }
    }
    (s.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::split_server;

    #[test]
    fn servers_split_into_host_and_port() {
        assert_eq!(split_server("dc1.corp.example"), ("dc1.corp.example".into(), None));
        assert_eq!(split_server("dc1:6360"), ("dc1".into(), Some(6360)));
        assert_eq!(split_server("[::1]:636"), ("::1".into(), Some(636)));
        assert_eq!(split_server("::1"), ("::1".into(), None));
    }
}
