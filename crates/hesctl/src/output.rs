//! What hesctl prints. Views carry secrets only as their state, so nothing here can leak one.

use hes_core::settings::domains::DomainView;
use hes_core::settings::view::SettingsView;
use hes_core::workspace::WorkspaceInfo;
use hes_core::AppError;
use serde_json::json;

pub fn print_error(e: &AppError, json: bool) {
    if json {
        eprintln!("{}", serde_json::to_string(e).expect("error serializes"));
    } else {
        eprintln!("error [{}]: {}", e.code, e.message);
        for fe in e.field_errors.iter().skip(1) {
            eprintln!("  {}: {}", fe.field, fe.message);
        }
        if let Some(h) = &e.hint {
            eprintln!("hint: {h}");
        }
    }
}

pub fn print_done(what: &str, json: bool) {
    if json {
        println!("{}", json!({ "ok": true, "message": what }));
    } else {
        println!("{what}");
    }
}

pub fn print_settings(info: &WorkspaceInfo, v: &SettingsView, json: bool) {
    if json {
        let out = json!({ "Workspace": info, "Settings": v });
        println!("{}", serde_json::to_string_pretty(&out).expect("views serialize"));
        return;
    }
    let state = |s: &hes_core::SecretState| {
        serde_json::to_value(s).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    };
    println!(
        "{} ({}) · HES {} · Data Protection: {:?}{}",
        info.connection,
        info.location,
        info.hes_version.as_deref().unwrap_or("?"),
        info.data_protection,
        if info.read_only { " · read-only" } else { "" }
    );
    println!("\n[licensing]");
    match &v.licensing {
        Some(l) => println!("  API Key: {}\n  API Address: {}", state(&l.api_key), l.api_address),
        None => println!("  Not configured"),
    }
    println!("\n[domains]");
    if v.domains.is_empty() {
        println!("  Not configured");
    }
    for d in &v.domains {
        match d {
            DomainView::ActiveDirectory { id, primary, host, user_name, password, max_password_age } => println!(
                "  {id}: on-premises {host}{} · User Logon Name {user_name} · Password {} · Auto Password Change {max_password_age} days",
                if *primary { " (primary)" } else { "" },
                state(password)
            ),
            DomainView::AzureAd { id, name, tenant_id, application_id, client_secret, max_password_age } => println!(
                "  {id}: Azure AD {name} · Tenant ID {tenant_id} · Application ID {application_id} · Client secret {} · Auto Password Change {max_password_age} days",
                state(client_secret)
            ),
        }
    }
    println!("\n[splunk]");
    match &v.splunk {
        Some(s) => println!("  Host: {}\n  Token: {}", s.host, state(&s.token)),
        None => println!("  Not configured"),
    }
    println!("\n[fido]");
    println!(
        "  Allow platform authenticators: {}\n  Default key type: {}",
        v.fido.allow_platform_authenticators,
        serde_json::to_value(v.fido.default_authenticator_attachment)
            .ok()
            .and_then(|x| x.as_str().map(String::from))
            .unwrap_or_default()
    );
    println!("\n[oidc]");
    if v.oidc.is_empty() {
        println!("  No clients");
    }
    for c in &v.oidc {
        println!(
            "  {}: {} · Client ID {} · secret {} · {} redirect URI(s) · scopes {} · {}",
            c.id,
            c.name,
            c.client_id,
            state(&c.client_secret),
            c.redirect_uris.len(),
            c.scopes.join(" "),
            if c.enabled { "enabled" } else { "disabled" }
        );
    }
    println!("\n[saml]");
    if v.saml.is_empty() {
        println!("  No service providers");
    }
    for s in &v.saml {
        println!("  {}: {} → {}", s.sp.id, s.sp.issuer, s.sp.single_sign_on_destination);
    }
    println!("\n[email]");
    match &v.email {
        Some(e) => println!(
            "  Host: {}:{} ({:?})\n  User Name: {}\n  Password: {}\n  From: {} <{}>",
            e.host,
            e.port,
            e.security,
            e.user_name,
            state(&e.password),
            e.from_name,
            e.from
        ),
        None => println!("  Not configured"),
    }
    println!("\n[customization]");
    println!(
        "  Server Name: {}",
        if v.customization.server_name.is_empty() { "(default)" } else { &v.customization.server_name }
    );
    for l in &v.customization.logos {
        println!("  Logo {} ({}x{}): {}", l.slot, l.width, l.height, if l.custom { "custom" } else { "default" });
    }
    for p in &v.problems {
        println!("\n! {}: {}", p.key, p.message);
    }
}
