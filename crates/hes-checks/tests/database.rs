//! The database check against the real MariaDB of tests/peers (read-only use of its fixture
//! databases `hes_plain` and `not_hes`): every step and failure class, and no password in a report.
//! Without `HES_MYSQL_PORT` these tests fail under `CI=true`; locally they say so and pass.

mod common;

use common::{all_text, assert_outcome, assert_step, closed_port};
use hes_checks::{codes, database, CheckOptions, Outcome, StepStatus};
use hes_core::workspace::TlsMode;
use hes_store::MySqlTarget;
use hes_test_support::mysql::MySqlPeer;
use std::time::{Duration, Instant};

fn peer() -> Option<MySqlPeer> {
    MySqlPeer::from_env()
}

fn var(name: &str) -> String {
    hes_test_support::must_env(name)
}

/// A target for the fixture database `database` as `user`, with or without the test CA.
fn target(p: &MySqlPeer, user: &str, password: &str, database: &str, tls: TlsMode, ca: bool) -> MySqlTarget {
    let mut t = p.target(database, &(user.to_string(), password.to_string()), tls);
    t.ca_file = ca.then(|| p.ca.clone());
    t.timeout = Duration::from_secs(5);
    t
}

fn opts() -> CheckOptions {
    common::opts()
}

#[tokio::test(flavor = "multi_thread")]
async fn verified_tls_login_reports_version_and_read_write_grants() {
    let Some(p) = peer() else { return };
    let pw = var("HES_MYSQL_PASSWORD");
    let t = target(&p, &var("HES_MYSQL_USER"), &pw, "hes_plain", TlsMode::VerifyIdentity, true);
    let r = database("prod", &t, &opts()).await;
    assert_outcome(&r, Outcome::Ok, None);
    assert_step(&r, "Login", StepStatus::Ok, "certificate and host name verified");
    assert_step(&r, "Login", StepStatus::Ok, "TLS");
    assert_step(&r, "HES version", StepStatus::Ok, "HES 3.8");
    assert_step(&r, "Grants", StepStatus::Ok, "read-write");
    assert!(r.target.starts_with("prod (hes@"), "{}", r.target);
    assert!(!all_text(&r).contains(&pw), "the password leaked: {}", all_text(&r));
}

#[tokio::test(flavor = "multi_thread")]
async fn helpdesk_user_is_read_only_and_plain_connection_warns() {
    let Some(p) = peer() else { return };
    let t = target(&p, &var("HES_MYSQL_RO_USER"), &var("HES_MYSQL_RO_PASSWORD"), "hes_plain", TlsMode::Disabled, false);
    let r = database("helpdesk", &t, &opts()).await;
    assert_outcome(&r, Outcome::Warn, Some(codes::DB_PLAIN_CONNECTION));
    assert_step(&r, "Login", StepStatus::Warn, "without TLS");
    assert_step(&r, "Grants", StepStatus::Ok, "read-only (helpdesk)");
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_fails_at_login_without_leaking_it() {
    let Some(p) = peer() else { return };
    let wrong = "DBCANARY-wrong-91c2";
    let t = target(&p, &var("HES_MYSQL_USER"), wrong, "hes_plain", TlsMode::VerifyIdentity, true);
    let r = database("prod", &t, &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some("DbAuthFailed"));
    assert_step(&r, "Login", StepStatus::Fail, "refused the login");
    assert_eq!(common::step(&r, "HES version").status, StepStatus::Skipped);
    assert!(!all_text(&r).contains(wrong), "{}", all_text(&r));
}

#[tokio::test(flavor = "multi_thread")]
async fn untrusted_server_certificate_fails_at_login() {
    let Some(p) = peer() else { return };
    // Verify identity with only the built-in roots: the test CA is not among them.
    let t = target(&p, &var("HES_MYSQL_USER"), &var("HES_MYSQL_PASSWORD"), "hes_plain", TlsMode::VerifyIdentity, false);
    let r = database("prod", &t, &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some("TlsUntrustedCertificate"));
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_only_user_without_tls_is_refused() {
    let Some(p) = peer() else { return };
    let t =
        target(&p, &var("HES_MYSQL_TLS_USER"), &var("HES_MYSQL_TLS_PASSWORD"), "hes_plain", TlsMode::Disabled, false);
    let r = database("tls-user", &t, &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some("DbAuthFailed"));
    assert_step(&r, "Login", StepStatus::Fail, "TLS mode");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_that_is_not_hes_fails_at_version() {
    let Some(p) = peer() else { return };
    let t = target(&p, &var("HES_MYSQL_USER"), &var("HES_MYSQL_PASSWORD"), "not_hes", TlsMode::VerifyIdentity, true);
    let r = database("other", &t, &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some("NotHesDatabase"));
    assert_eq!(common::step(&r, "Login").status, StepStatus::Ok);
    assert_eq!(common::step(&r, "HES version").status, StepStatus::Fail);
}

#[tokio::test(flavor = "multi_thread")]
async fn root_with_global_privileges_warns_about_broad_grants() {
    let Some(p) = peer() else { return };
    let root_pw = std::env::var("HES_MYSQL_ROOT_PASSWORD").unwrap_or_default();
    let t = target(&p, &var("HES_MYSQL_ROOT_USER"), &root_pw, "hes_plain", TlsMode::VerifyIdentity, true);
    let r = database("root", &t, &opts()).await;
    assert_outcome(&r, Outcome::Warn, Some(codes::DB_BROAD_GRANTS));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_port_fails_at_tcp_at_once() {
    let Some(p) = peer() else { return };
    let mut t = target(&p, "hes", "x", "hes_plain", TlsMode::Disabled, false);
    t.port = closed_port();
    let started = Instant::now();
    let r = database("nowhere", &t, &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::UNREACHABLE));
    assert_step(&r, "TCP", StepStatus::Fail, "refused");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}
