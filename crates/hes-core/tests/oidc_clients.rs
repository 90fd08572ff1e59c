//! OIDC clients: the redirect/post-logout URI and scope tables, case-insensitive client ids, and
//! the generated secret (made by the console, shown once, stored like any other secret).

use hes_core::protect::Plaintext;
use hes_core::settings::oidc::{self, OidcClientInput, OidcClientStored};
use hes_core::settings::oidc_rules::{check_oidc_uri, check_scope, OIDC_SCOPES};
use hes_core::settings::oidc_secret::{add_client, regenerate_secret};
use hes_core::{ErrorCode, SecretInput};

#[test]
fn redirect_uri_table() {
    let ok = [
        "https://app.example.com/callback",
        "https://app.example.com:8443/cb?tenant=1",
        "HTTPS://APP.EXAMPLE.COM/cb",
        "https://10.0.0.5/cb",
        "https://[2001:db8::1]:8443/cb",
        "http://127.0.0.1/cb",
        "http://127.0.0.1:51234/cb",
        "http://localhost:3000/auth/callback",
        "http://LOCALHOST/cb",
        "https://app.example.com",
    ];
    for uri in ok {
        assert_eq!(check_oidc_uri(uri), Ok(()), "{uri}");
    }
    let refused = [
        ("", "empty"),
        ("   ", "empty"),
        ("/callback", "absolute"),
        ("app.example.com/cb", "absolute"),
        ("https:/cb", "absolute"),
        ("1https://x.example.com", "absolute"),
        ("https://app.example.com/cb#frag", "fragment"),
        ("https://*.example.com/cb", "wildcard"),
        ("https://app.example.com/*", "wildcard"),
        ("http://app.example.com/cb", "http is allowed only"),
        ("http://127.0.0.2/cb", "http is allowed only"),
        ("http://localhost.example.com/cb", "http is allowed only"),
        ("http://[::1]:8080/cb", "http is allowed only"),
        ("ftp://files.example.com/cb", "only https"),
        ("com.example.app:/oauth2redirect", "only https"),
        ("javascript:alert(1)", "only https"),
        ("https://user:pw@app.example.com/cb", "user name"),
        ("https:///cb", "host"),
        ("https://app..example.com/cb", "host"),
        ("https://app_example.com/cb", "host"),
        ("https://app.example.com:0/cb", "port"),
        ("https://app.example.com:99999/cb", "port"),
        ("https://app.example.com:/cb", "port"),
        ("https://app.example.com/a b", "spaces"),
        ("https://[zz::1]/cb", "host"),
    ];
    for (uri, why) in refused {
        let e = check_oidc_uri(uri).expect_err(uri);
        assert!(e.contains(why), "{uri}: {e:?} lacks {why:?}");
    }
}

#[test]
fn scope_table() {
    for s in OIDC_SCOPES {
        assert_eq!(check_scope(s), Ok(()), "{s}");
    }
    for (s, why) in
        [("bad\"scope", "visible ASCII"), ("a b", "visible ASCII"), ("admin", "not offered"), ("OPENID", "not offered")]
    {
        let e = check_scope(s).expect_err(s);
        assert!(e.contains(why), "{s}: {e}");
    }
}

fn client(client_id: &str) -> OidcClientInput {
    OidcClientInput {
        name: "Portal".into(),
        client_id: client_id.into(),
        redirect_uris: vec!["https://portal.example.com/cb".into()],
        post_logout_redirect_uris: vec!["http://localhost:8080/".into()],
        scopes: vec!["openid".into(), "email".into()],
        enabled: true,
        ..Default::default()
    }
}

fn field(r: Result<impl std::fmt::Debug, hes_core::AppError>, field: &str, part: &str) {
    let e = r.expect_err("refused");
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    let fe = e.field_errors.iter().find(|f| f.field == field).unwrap_or_else(|| panic!("no {field}: {e:?}"));
    assert!(fe.message.contains(part), "{field}: {}", fe.message);
}

#[test]
fn client_fields_are_marked_where_they_fail() {
    let new = || "c".to_string();
    let with = |f: &dyn Fn(&mut OidcClientInput)| {
        let mut c = client("portal");
        f(&mut c);
        oidc::upsert(&[], None, c, &Plaintext, new)
    };
    field(
        with(&|c| c.redirect_uris.push("http://evil.example.com/cb".into())),
        "RedirectUris[1]",
        "http is allowed only",
    );
    field(
        with(&|c| c.post_logout_redirect_uris = vec!["https://x.example.com/#/".into()]),
        "PostLogoutRedirectUris[0]",
        "fragment",
    );
    field(with(&|c| c.scopes = vec!["profile".into()]), "Scopes", "openid");
    field(with(&|c| c.scopes.push("admin".into())), "Scopes[2]", "not offered");
    assert!(with(&|c| c.scopes.push("offline_access".into())).is_ok());
}

#[test]
fn client_ids_are_unique_ignoring_case() {
    let (list, _, _) = add_client(&[], client("Portal"), &Plaintext, || "a".into()).unwrap();
    field(add_client(&list, client("PORTAL"), &Plaintext, || "b".into()), "ClientId", "already uses");
    // Editing a client may change the case of its own id.
    let (list, _) = oidc::upsert(&list, Some("a"), client("portal"), &Plaintext, || unreachable!()).unwrap();
    assert_eq!(list[0].client_id, "portal");
    assert_eq!(oidc::find(&list, "PORTAL").unwrap().id, "a", "found by client id, any case");
    assert_eq!(oidc::find(&list, "a").unwrap().client_id, "portal", "found by Id");
    assert_eq!(oidc::find(&list, "nope").unwrap_err().code, ErrorCode::NotFound);
}

fn stored_secret(list: &[OidcClientStored], id: &str) -> Option<String> {
    list.iter().find(|c| c.id == id).unwrap().client_secret.as_ref().map(|s| s.as_stored().to_string())
}

#[test]
fn the_console_generates_the_secret_and_regenerates_it() {
    let (list, id, secret) = add_client(&[], client("portal"), &Plaintext, || "a".into()).unwrap();
    let secret = secret.expect("a confidential client gets a secret");
    assert_eq!(secret.expose().len(), 43);
    assert_eq!(
        stored_secret(&list, &id).as_deref(),
        Some(secret.expose()),
        "stored (plaintext without Data Protection)"
    );
    assert!(!format!("{list:?}").contains(secret.expose()), "the stored form never debug-prints it");

    let (list2, again) = regenerate_secret(&list, &id, &Plaintext).unwrap();
    assert_ne!(again.expose(), secret.expose());
    assert_eq!(stored_secret(&list2, &id).as_deref(), Some(again.expose()));
    assert_eq!(list2[0].client_id, list[0].client_id, "nothing else changes");
    assert_eq!(regenerate_secret(&list, "nope", &Plaintext).unwrap_err().code, ErrorCode::NotFound);

    let mut public = client("spa");
    public.client_secret = SecretInput::Clear;
    let (list3, id3, none) = add_client(&list2, public, &Plaintext, || "b".into()).unwrap();
    assert!(none.is_none());
    assert_eq!(stored_secret(&list3, &id3), None, "a public client has no secret");

    let mut typed = client("typed");
    typed.client_secret = SecretInput::replace("password1");
    field(add_client(&list3, typed, &Plaintext, || "c".into()), "ClientSecret", "generates");

    let off = oidc::set_enabled(&list3, &id, false).unwrap();
    assert!(!off[0].enabled);
    assert_eq!(stored_secret(&off, &id), stored_secret(&list3, &id), "disabling keeps the secret");
}
