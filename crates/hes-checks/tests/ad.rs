//! The Active Directory check against the real Samba AD DC of tests/peers/samba.sh (realm HES.TEST,
//! loopback, the project's test CA; users and groups listed there). Start it with
//! `PEERS=samba bash tests/peers/peers-up.sh` and load peers.env (`set -a; . …/peers.env; set +a`).
//! Without `HES_AD_DOMAIN` these tests fail under `CI=true`; locally they print a note and pass.
//! The unreachable-host tests need no peer and always run.
//!
//! Every report (JSON, text, Debug) and every live step is checked for the password it was given.
mod common;

use hes_test_support::{must_env as env, peer_env};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use hes_checks::ad::bind_failure;
use hes_checks::{ad, codes, AdMode, AdTarget, CheckOptions, CheckReport, CheckStep, Outcome, StepStatus};
use hes_core::Secret;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::CertificateDer;

struct Peer {
    domain: String,
    host: String,
    ldap_port: u16,
    ca: PathBuf,
    user: String,
    password: String,
    user_password: String,
    admin: (String, String),
}

/// The Samba peer, or None (with a note) when it is not configured and this is not CI.
fn peer() -> Option<Peer> {
    let domain = peer_env("HES_AD_DOMAIN")?;
    Some(Peer {
        domain,
        host: env("HES_AD_HOST"),
        ldap_port: env("HES_AD_LDAP_PORT").parse().expect("HES_AD_LDAP_PORT is a port"),
        ca: PathBuf::from(env("HES_TEST_CA")),
        user: env("HES_AD_USER"),
        password: env("HES_AD_PASSWORD"),
        user_password: env("HES_AD_USER_PASSWORD"),
        admin: (env("HES_AD_ADMIN_USER"), env("HES_AD_ADMIN_PASSWORD")),
    })
}

impl Peer {
    fn target(&self, logon: &str) -> AdTarget {
        AdTarget { server: Some(self.host.clone()), ..AdTarget::new(&self.domain, logon) }
    }

    fn opts(&self) -> CheckOptions {
        CheckOptions::default().with_timeout(Duration::from_secs(10)).with_extra_ca(&self.ca)
    }

    /// SHA-256 of the DC's certificate, computed here from the file Samba serves.
    fn server_cert_sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let crt = self.ca.with_file_name("server.crt");
        let der = CertificateDer::from_pem_file(&crt).unwrap_or_else(|e| panic!("{}: {e}", crt.display()));
        Sha256::digest(der.as_ref()).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
    }
}

/// Run the check; assert that neither the report nor any live step shows the password.
async fn check(t: &AdTarget, password: &str, opts: CheckOptions) -> CheckReport {
    let steps: Arc<Mutex<Vec<CheckStep>>> = Arc::default();
    let s2 = steps.clone();
    let opts = opts.with_progress(move |s| s2.lock().unwrap().push(s.clone()));
    let r = ad(t, &Secret::new(password), &opts).await;
    let mut all = all_text(&r);
    for s in steps.lock().unwrap().iter() {
        all.push_str(&format!("{s:?}"));
    }
    assert!(!all.contains(password), "the password leaked:\n{all}");
    assert_eq!(steps.lock().unwrap().len(), r.steps.len(), "every step reaches the progress callback");
    r
}

fn env_count(name: &str) -> usize {
    env(name).parse().unwrap()
}

#[tokio::test]
async fn good_bind_over_ldaps_as_hes_finds_the_groups_and_counts_members() {
    let Some(p) = peer() else { return };
    let r = check(&p.target(&p.user), &p.password, p.opts()).await;
    assert_outcome(&r, Outcome::Ok, None);
    let names: Vec<&str> = r.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["CA", "DNS", "TCP", "TLS", "Bind", "Base DN", "Groups", "Members"], "{}", r.to_text());
    assert_step(&r, "TLS", StepStatus::Ok, "LDAPS");
    assert_step(&r, "TLS", StepStatus::Ok, "HES itself does not check");
    assert_step(&r, "Bind", StepStatus::Ok, &format!("bound as `hes\\{}`", p.user));
    assert_step(&r, "Base DN", StepStatus::Ok, "`dc=hes,dc=test`");
    assert_step(&r, "Groups", StepStatus::Ok, "Hideez Key Owners: CN=Hideez Key Owners,CN=Users,DC=hes,DC=test");
    assert_step(&r, "Groups", StepStatus::Ok, "Hideez Auto Password Change: CN=Hideez Auto Password Change");
    // Samba answers a subtree search from the domain with a reference to the configuration partition.
    assert_step(&r, "Groups", StepStatus::Ok, "referral(s) to other partitions not followed");
    // More than AD's 1000-entry page: only a paged search counts them all.
    let (members, synced) = (env_count("HES_AD_KEY_OWNERS_MEMBERS"), env_count("HES_AD_KEY_OWNERS_SYNCED"));
    assert!(members > 1000, "seed more than one page of members ({members})");
    let without = members - synced;
    assert_step(
        &r,
        "Members",
        StepStatus::Ok,
        &format!(
            "Hideez Key Owners: {members} user(s), {without} without a first name (HES syncs only users with one)"
        ),
    );
    let apc = env_count("HES_AD_AUTO_PASSWORD_MEMBERS");
    assert_step(&r, "Members", StepStatus::Ok, &format!("Hideez Auto Password Change: {apc} user(s)"));

    let c = r.certificate.as_ref().expect("certificate info");
    assert!(c.trusted && !c.pinned, "{c:?}");
    assert_eq!(c.sha256, p.server_cert_sha256());
    assert!(c.subject.contains("CN=localhost") && c.issuer.contains("HES Console test CA"), "{c:?}");
    assert!(c.names.iter().any(|n| n == "127.0.0.1") && c.names.iter().any(|n| n == "localhost"), "{c:?}");
    assert!(c.not_before.ends_with('Z') && c.not_before < c.not_after, "{c:?}");
}

/// A DC given as an IPv6 literal (Samba listens on ::1 too; the test certificate names IP ::1):
/// the TLS name is the address itself, in both TLS modes, and a name the certificate lacks still fails.
#[tokio::test]
async fn a_dc_given_as_an_ipv6_literal_is_verified_against_that_address() {
    let Some(p) = peer() else { return };
    for server in ["::1", "[::1]"] {
        for mode in [AdMode::Ldaps636, AdMode::StartTls389] {
            let port = (mode == AdMode::StartTls389).then_some(p.ldap_port);
            let t = AdTarget { server: Some(server.into()), mode, port, ..p.target(&p.user) };
            let r = check(&t, &p.password, p.opts()).await;
            match mode {
                AdMode::Ldaps636 => assert_outcome(&r, Outcome::Ok, None),
                AdMode::StartTls389 => assert_outcome(&r, Outcome::Warn, Some(codes::AD_NOT_AS_HES)),
            }
            assert_step(&r, "TLS", StepStatus::Ok, "trusted");
            let c = r.certificate.as_ref().expect("certificate info");
            assert!(c.trusted && !c.pinned && c.names.iter().any(|n| n == "::1"), "{c:?}");
        }
    }
    // 127.0.0.1 spelt as an IPv4-mapped IPv6 address reaches the same DC, but is an address the
    // certificate does not name: the name check is really made against the literal.
    let t = AdTarget { server: Some("::ffff:127.0.0.1".into()), ..p.target(&p.user) };
    let r = check(&t, &p.password, p.opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::TLS_UNTRUSTED_CERTIFICATE));
}

#[tokio::test]
async fn starttls_works_and_says_it_is_not_how_hes_connects() {
    let Some(p) = peer() else { return };
    let t = AdTarget { mode: AdMode::StartTls389, ..p.target(&p.user) };
    let r = check(&t, &p.password, p.opts()).await;
    assert_outcome(&r, Outcome::Warn, Some(codes::AD_NOT_AS_HES));
    assert_step(&r, "Mode", StepStatus::Warn, "LDAPS on port 636 only");
    assert_step(&r, "TLS", StepStatus::Ok, "StartTLS");
    assert_step(&r, "Bind", StepStatus::Ok, "bound as");
    assert_step(&r, "Members", StepStatus::Ok, "Hideez Key Owners");
    assert!(r.target.contains("with StartTLS") && r.target.contains(":389"), "{}", r.target);
}

#[tokio::test]
async fn the_administrator_binds_too() {
    let Some(p) = peer() else { return };
    let r = check(&p.target(&p.admin.0), &p.admin.1, p.opts()).await;
    assert_outcome(&r, Outcome::Ok, None);
}

/// A refused bind: its code, AD's sub-code in the text, and no step after it ran.
#[track_caller]
fn assert_bind_refused(r: &CheckReport, code: &str, data: &str, words: &str) {
    assert_outcome(r, Outcome::Fail, Some(code));
    assert_step(r, "Bind", StepStatus::Fail, &format!("data {data}"));
    assert_step(r, "Bind", StepStatus::Fail, words);
    for later in ["Base DN", "Groups", "Members"] {
        assert_eq!(step(r, later).status, StepStatus::Skipped, "{}", r.to_text());
    }
}

#[tokio::test]
async fn wrong_password_is_52e_and_is_not_retried() {
    let Some(p) = peer() else { return };
    let r = check(&p.target(&p.user), "Not-the-password-1!", p.opts()).await;
    assert_bind_refused(&r, codes::LDAP_INVALID_CREDENTIALS, "52e", "wrong password");
    let bind = step(&r, "Bind");
    assert!(!bind.detail.contains('@') && !bind.detail.contains("also failed"), "a retry: {}", bind.detail);
}

#[tokio::test]
async fn unknown_user_gets_samba_s_52e_and_no_upn_retry() {
    // Samba (like most DCs) answers an unknown user with 52e, so no UPN retry happens; the 525 path
    // (UPN tried once) is covered by the decision's unit tests in src/ad/bind.rs.
    let Some(p) = peer() else { return };
    let r = check(&p.target("no-such-user"), &p.user_password, p.opts()).await;
    assert_bind_refused(&r, codes::LDAP_INVALID_CREDENTIALS, "52e", "unknown user");
    assert!(!step(&r, "Bind").detail.contains("no-such-user@"), "{}", r.to_text());
}

/// Accounts the DC refuses for their state: each bind names the state (AD's sub-code).
#[tokio::test]
async fn disabled_must_change_and_expired_accounts_are_533_773_701() {
    let Some(p) = peer() else { return };
    for (user, code, sub, says) in [
        ("HES_AD_DISABLED_USER", codes::AD_ACCOUNT_DISABLED, "533", "the account is disabled"),
        ("HES_AD_MUST_CHANGE_USER", codes::AD_MUST_CHANGE_PASSWORD, "773", "must change the password"),
        ("HES_AD_EXPIRED_USER", codes::AD_ACCOUNT_EXPIRED, "701", "the account has expired"),
    ] {
        let r = check(&p.target(&env(user)), &p.user_password, p.opts()).await;
        assert_bind_refused(&r, code, sub, says);
    }
}

#[tokio::test]
async fn a_logon_name_with_a_domain_gets_a_hint() {
    let Some(p) = peer() else { return };
    let r = check(&p.target(&format!("{}@{}", p.user, p.domain)), &p.password, p.opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::LDAP_INVALID_CREDENTIALS));
    assert_step(&r, "Bind", StepStatus::Fail, "should be the bare account name: HES adds `hes\\` itself");
}

#[tokio::test]
async fn untrusted_certificate_fails_and_is_shown_for_pinning() {
    let Some(p) = peer() else { return };
    let opts = CheckOptions::default().with_timeout(Duration::from_secs(10)); // no test CA
    let r = check(&p.target(&p.user), &p.password, opts).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::TLS_UNTRUSTED_CERTIFICATE));
    assert_step(&r, "TLS", StepStatus::Fail, "not trusted: it is issued by a CA that this computer does not trust");
    assert_step(&r, "TLS", StepStatus::Fail, "HES would connect anyway");
    assert_eq!(step(&r, "Bind").status, StepStatus::Skipped, "no password to an untrusted server");
    let c = r.certificate.as_ref().expect("certificate info for the Trust button");
    assert!(!c.trusted && !c.pinned, "{c:?}");
    assert_eq!(c.sha256, p.server_cert_sha256());
    assert_step(&r, "TLS", StepStatus::Fail, &c.sha256);
}

#[tokio::test]
async fn pinned_certificate_is_accepted_in_either_form() {
    let Some(p) = peer() else { return };
    let sha = p.server_cert_sha256();
    for pin in [sha.clone(), sha.replace(':', "").to_lowercase()] {
        let t = AdTarget { pinned_sha256: Some(pin), ..p.target(&p.user) };
        let r = check(&t, &p.password, CheckOptions::default()).await;
        assert_outcome(&r, Outcome::Ok, None);
        assert_step(&r, "TLS", StepStatus::Ok, "trusted by pin; no CA vouches for it: it is issued by a CA");
        assert_step(&r, "TLS", StepStatus::Ok, "trusted by pin");
        let c = r.certificate.as_ref().unwrap();
        assert!(!c.trusted && c.pinned, "{c:?}");
    }
}

#[tokio::test]
async fn wrong_pin_is_refused() {
    let Some(p) = peer() else { return };
    let wrong = vec!["00"; 32].join(":");
    let t = AdTarget { pinned_sha256: Some(wrong.clone()), ..p.target(&p.user) };
    let r = check(&t, &p.password, CheckOptions::default()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::TLS_UNTRUSTED_CERTIFICATE));
    assert_step(&r, "TLS", StepStatus::Fail, &format!("does not match the pinned fingerprint {wrong}"));
    assert!(!r.certificate.as_ref().unwrap().pinned);

    let t = AdTarget { pinned_sha256: Some("AB:CD".into()), ..p.target(&p.user) };
    let r = check(&t, &p.password, CheckOptions::default()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::INVALID_TARGET));
    assert_step(&r, "Input", StepStatus::Fail, "not a SHA-256");
}

/// The check never binds without TLS (it would send the password in clear). The server's refusal
/// of a plain simple bind is read here with ldap3 directly and mapped by the check's own function.
#[tokio::test]
async fn plain_simple_bind_is_refused_with_its_own_code() {
    let Some(p) = peer() else { return };
    let url = format!("ldap://127.0.0.1:{}", p.ldap_port);
    let (conn, mut ldap) = ldap3::LdapConnAsync::new(&url).await.unwrap();
    ldap3::drive!(conn);
    let res = ldap.simple_bind(&format!("HES\\{}", p.user), &p.password).await.unwrap();
    assert_eq!(res.rc, 8, "{res:?}");
    let (code, words) = bind_failure(res.rc, &res.text);
    assert_eq!(code, codes::LDAP_STRONGER_AUTH_REQUIRED);
    assert!(words.contains("without TLS") && words.contains("Transport encryption required"), "{words}");
}

#[tokio::test]
async fn groups_this_account_cannot_read_are_missing() {
    // hes-blind binds fine, but both groups deny it every read (seeded ACEs), as for a service
    // account without read access: to it the groups do not exist.
    let Some(p) = peer() else { return };
    let r = check(&p.target(&env("HES_AD_BLIND_USER")), &p.user_password, p.opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::AD_GROUPS_MISSING));
    assert_step(&r, "Bind", StepStatus::Ok, "bound as");
    assert_step(&r, "Base DN", StepStatus::Ok, "exists");
    assert_step(&r, "Groups", StepStatus::Fail, "\"Hideez Key Owners\" (or \"Security Key Owners\")");
    assert_step(
        &r,
        "Groups",
        StepStatus::Fail,
        "\"Hideez Auto Password Change\" (or \"Security Key Auto Password Change\")",
    );
    assert_eq!(step(&r, "Members").status, StepStatus::Skipped);
}

#[tokio::test]
async fn empty_password_is_never_sent() {
    // An empty password would be an "unauthenticated bind", which AD accepts without checking anything.
    let Some(p) = peer() else { return };
    let r = ad(&p.target(&p.user), &Secret::new(""), &p.opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::INVALID_TARGET));
    assert_step(&r, "Input", StepStatus::Fail, "the password is empty");
    assert!(r.steps.iter().all(|s| s.name == "Input" || s.status == StepStatus::Skipped), "{}", r.to_text());
}

// ---- without a peer ------------------------------------------------------------------------------

#[tokio::test]
async fn silent_server_fails_within_the_timeout_plus_ten_percent() {
    // Accepts TCP, never answers the TLS handshake: a filtered or hung DC.
    let port = hes_test_support::net::SilentServer::start().port();
    let timeout = Duration::from_millis(1500);
    let t = AdTarget { server: Some("127.0.0.1".into()), port: Some(port), ..AdTarget::new("hes.test", "svc") };
    let started = Instant::now();
    let r = check(&t, "CANARY-ad-silent-1!", CheckOptions::default().with_timeout(timeout)).await;
    let took = started.elapsed();
    assert_outcome(&r, Outcome::Fail, Some(codes::TIMEOUT));
    assert_step(&r, "TLS", StepStatus::Fail, "no answer within the check's timeout (1500 ms)");
    assert!(took >= timeout && took <= timeout.mul_f64(1.1), "took {took:?} for a {timeout:?} timeout");
    assert_eq!(step(&r, "Bind").status, StepStatus::Skipped);
}

#[tokio::test]
async fn closed_port_and_unknown_host_fail_fast_with_their_codes() {
    let t =
        AdTarget { server: Some("127.0.0.1".into()), port: Some(closed_port()), ..AdTarget::new("hes.test", "svc") };
    let r = check(&t, "CANARY-ad-closed-1!", opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::UNREACHABLE));
    assert_step(&r, "TCP", StepStatus::Fail, "connection refused");
    assert!(r.duration_ms < 2000, "{}", r.to_text());

    let t = AdTarget::new("no-such-domain.invalid", "svc");
    let r = check(&t, "CANARY-ad-dns-1!", opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::DNS_FAILED));
    assert_step(&r, "DNS", StepStatus::Fail, "no-such-domain.invalid");
}

#[tokio::test]
async fn cancelling_stops_the_check() {
    let port = hes_test_support::net::SilentServer::start().port();
    let cancel = hes_checks::CancellationToken::new();
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        c2.cancel();
    });
    let t = AdTarget { server: Some("127.0.0.1".into()), port: Some(port), ..AdTarget::new("hes.test", "svc") };
    let started = Instant::now();
    let r = check(&t, "CANARY-ad-cancel-1!", opts().with_cancel(cancel)).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::CANCELLED));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn bad_inputs_are_refused_before_connecting() {
    for (t, words) in [
        (AdTarget::new("", "svc"), "the Domain Name is empty"),
        (AdTarget::new("hes..test", "svc"), "not a DNS domain name"),
        (AdTarget::new("hes.test", " "), "the User Logon Name is empty"),
    ] {
        let r = check(&t, "CANARY-ad-input-1!", opts()).await;
        assert_outcome(&r, Outcome::Fail, Some(codes::INVALID_TARGET));
        assert_step(&r, "Input", StepStatus::Fail, words);
    }
}

#[tokio::test]
async fn a_port_that_does_not_speak_the_mode_says_so() {
    let Some(p) = peer() else { return };
    let t = AdTarget { port: Some(p.ldap_port), ..p.target(&p.user) };
    let r = check(&t, &p.password, p.opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::TLS_FAILED));
    assert_step(&r, "TLS", StepStatus::Fail, "it may not speak LDAPS there");

    let t = AdTarget { mode: AdMode::StartTls389, port: Some(636), ..p.target(&p.user) };
    let r = check(&t, &p.password, p.opts()).await;
    assert_outcome(&r, Outcome::Fail, Some(codes::LDAP_STARTTLS_FAILED));
    assert_step(&r, "TLS", StepStatus::Fail, "instead of answering StartTLS on port 636");
    assert_eq!(step(&r, "Bind").status, StepStatus::Skipped);
}
