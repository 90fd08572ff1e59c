//! Azure AD check against the Entra ID + Graph stub.
mod common;

use common::*;
use hes_checks::{azure, codes, AzureTarget, CheckReport, Outcome, StepStatus};
use hes_core::Secret;
use hes_stubs::azure::{self as stub, AzureConfig, APP_ID, APP_NO_ROLE_ID, APP_SECRET, EXPIRED_SECRET, TENANT_ID};

async fn run_with(cfg: AzureConfig, tenant: &str, app: &str, secret: &str) -> CheckReport {
    let (addr, _h) = stub::start(cfg).await.unwrap();
    let base = format!("http://{addr}");
    let t = AzureTarget { authority_base: base.clone(), graph_base: base, tenant: tenant.into(), app_id: app.into() };
    let r = azure(&t, &Secret::new(secret), &opts()).await;
    let text = all_text(&r);
    assert!(!text.contains(secret) && !text.contains("eyJ"), "secret or token leaked: {text}");
    r
}

async fn run(tenant: &str, app: &str, secret: &str) -> CheckReport {
    run_with(AzureConfig::standard(), tenant, app, secret).await
}

#[tokio::test]
async fn good_token_with_directory_read_all() {
    let r = run(TENANT_ID, APP_ID, APP_SECRET).await;
    assert_step(&r, "Token", StepStatus::Ok, "token issued");
    assert_step(&r, "Permissions", StepStatus::Ok, "Directory.Read.All present");
    assert_step(&r, "Organization", StepStatus::Ok, "HES Test");
    assert_step(&r, "Groups", StepStatus::Ok, "Hideez Key Owners: found");
    // Only the plain-http URL warning.
    assert_outcome(&r, Outcome::Warn, Some(codes::PLAIN_HTTP));
}

#[tokio::test]
async fn tenant_by_domain_works() {
    let r = run(stub::TENANT_DOMAIN, APP_ID, APP_SECRET).await;
    assert_step(&r, "Groups", StepStatus::Ok, "found");
}

#[tokio::test]
async fn missing_role_fails_with_what_to_do() {
    let r = run(TENANT_ID, APP_NO_ROLE_ID, APP_SECRET).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::AAD_PERMISSION_MISSING));
    assert_step(&r, "Permissions", StepStatus::Fail, "Grant admin consent");
    assert!(step(&r, "Permissions").detail.contains("granted: User.Read.All"));
    assert_eq!(step(&r, "Organization").status, StepStatus::Skipped);
}

#[tokio::test]
async fn aadsts_7000215_wrong_secret() {
    let r = run(TENANT_ID, APP_ID, "CANARY-az-wrong-secret").await;
    assert_outcome(&r, Outcome::Fail, Some(codes::AAD_INVALID_CLIENT_SECRET));
    let d = &step(&r, "Token").detail;
    assert!(d.contains("secret's ID was pasted instead of its value"), "{d}");
    assert!(d.contains("AADSTS7000215") && d.contains("Trace ID: ") && d.contains("Correlation ID: "), "{d}");
}

#[tokio::test]
async fn aadsts_7000222_expired_secret() {
    let r = run(TENANT_ID, APP_ID, EXPIRED_SECRET).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::AAD_CLIENT_SECRET_EXPIRED));
    assert_step(&r, "Token", StepStatus::Fail, "expired");
}

#[tokio::test]
async fn aadsts_700016_app_not_in_tenant() {
    let r = run(TENANT_ID, "00000000-1111-2222-3333-444444444444", APP_SECRET).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::AAD_APP_NOT_IN_TENANT));
    assert_step(&r, "Token", StepStatus::Fail, "AADSTS700016");
}

#[tokio::test]
async fn aadsts_90002_tenant_not_found() {
    let r = run("99999999-8888-7777-6666-555555555555", APP_ID, APP_SECRET).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::AAD_TENANT_NOT_FOUND));
    assert_step(&r, "Token", StepStatus::Fail, "AADSTS90002");
}

#[tokio::test]
async fn codes_come_from_error_codes_not_from_text() {
    // A description that mentions another code must not change the mapping.
    assert_eq!(hes_checks::azure::aadsts_words(7000222).0, codes::AAD_CLIENT_SECRET_EXPIRED);
    assert_eq!(hes_checks::azure::aadsts_words(123).0, codes::AAD_ERROR);
}

#[tokio::test]
async fn missing_groups_warn() {
    let mut cfg = AzureConfig::standard();
    cfg.tenants[0].groups = vec!["Hideez Key Owners".into()];
    let r = run_with(cfg, TENANT_ID, APP_ID, APP_SECRET).await;
    assert_outcome(&r, Outcome::Warn, Some(codes::AAD_GROUPS_MISSING));
    assert_step(&r, "Groups", StepStatus::Warn, "Hideez Auto Password Change: missing");
    assert!(step(&r, "Groups").detail.contains("Create the missing group(s) in Entra ID: Hideez Auto Password Change"));
}

#[tokio::test]
async fn newer_group_names_are_enough() {
    let mut cfg = AzureConfig::standard();
    cfg.tenants[0].groups = vec!["Security Key Owners".into(), "Security Key Auto Password Change".into()];
    let r = run_with(cfg, TENANT_ID, APP_ID, APP_SECRET).await;
    assert_step(&r, "Groups", StepStatus::Ok, "Security Key Owners: found");
}

#[tokio::test]
async fn closed_authority_fails_fast() {
    let t0 = std::time::Instant::now();
    let base = format!("http://127.0.0.1:{}", closed_port());
    let t =
        AzureTarget { authority_base: base.clone(), graph_base: base, tenant: TENANT_ID.into(), app_id: APP_ID.into() };
    let r = azure(&t, &Secret::new(APP_SECRET), &opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::UNREACHABLE));
    assert_eq!(step(&r, "Token").status, StepStatus::Skipped);
    assert!(t0.elapsed().as_millis() < 1000);
}
