//! Diagnostics: every configured outside connection checked at once, from the stored settings.
//! The same runner serves the app's Diagnostics view and `hesctl check`.

use crate::report::{CheckProgress, CheckReport, CheckStep, Outcome, StepStatus};
use crate::{azure, licensing, splunk, AzureTarget, CheckOptions};
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

/// Which checks to run: `all`, `splunk`, `licensing`, or `azure` (optionally one domain by name or id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    Splunk,
    Licensing,
    Azure(Option<String>),
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
            .filter(|a| filter.as_ref().map_or(true, |n| a.name.eq_ignore_ascii_case(n) || &a.id == n))
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
