//! Shared helpers for the check tests (stubs on 127.0.0.1).
#![allow(dead_code)]

use std::time::Duration;

use hes_checks::{CheckOptions, CheckReport, Outcome, StepStatus};

pub fn opts() -> CheckOptions {
    CheckOptions::default().with_timeout(Duration::from_secs(5))
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

pub fn step<'a>(r: &'a CheckReport, name: &str) -> &'a hes_checks::CheckStep {
    r.steps.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no step {name} in {}", r.to_text()))
}

#[track_caller]
pub fn assert_outcome(r: &CheckReport, outcome: Outcome, code: Option<&str>) {
    assert_eq!((r.outcome, r.code.as_deref()), (outcome, code), "{}", r.to_text());
}

#[track_caller]
pub fn assert_step(r: &CheckReport, name: &str, status: StepStatus, contains: &str) {
    let s = step(r, name);
    assert_eq!(s.status, status, "{}", r.to_text());
    assert!(s.detail.contains(contains), "step {name} lacks {contains:?}: {}", r.to_text());
}

/// Everything a report can show: JSON, text and Debug.
pub fn all_text(r: &CheckReport) -> String {
    format!("{}\n{}\n{:?}", serde_json::to_string(r).unwrap(), r.to_text(), r)
}
