//! Everything hesctl prints goes through here (no bare `println!` elsewhere). Views carry secrets
//! only as their state, so nothing here can leak one. A closed stdout (`hesctl … | head`) ends
//! the process quietly: the command's work is done by the time it prints.

use hes_core::connections::{ConnectionProfileView, ConnectionTestResult};
use hes_core::settings::domains::DomainView;
use hes_core::settings::view::SettingsView;
use hes_core::workspace::WorkspaceInfo;
use hes_core::AppError;
use serde_json::json;
use std::io::Write;

/// `println!` that ends the process quietly when stdout is closed (`hesctl … | head`): the
/// command's work is done by the time it prints.
macro_rules! out {
    ($($arg:tt)*) => {
        emit(format_args!($($arg)*))
    };
}

fn emit(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if stdout.write_fmt(args).and_then(|()| stdout.write_all(b"\n")).is_err() {
        std::process::exit(0);
    }
}

/// One line of text on stdout.
pub fn out_line(line: &str) {
    out!("{line}");
}

/// A JSON document on stdout (compact, one line).
pub fn out_json(v: &serde_json::Value) {
    out!("{v}");
}

/// One line of text on stdout.
pub fn line(text: impl std::fmt::Display) {
    out!("{text}");
}

/// A value as pretty JSON on stdout.
pub fn json(value: &impl serde::Serialize) {
    line(serde_json::to_string_pretty(value).expect("output serializes"));
}

/// Text that already ends its own lines, on stdout.
pub fn text(text: &str) {
    bytes(text.as_bytes());
}

/// A document as it is (an exported configuration file), on stdout.
pub fn bytes(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(bytes).and_then(|()| stdout.flush()).is_err() {
        std::process::exit(0);
    }
}

/// A line on stderr, as it is (no "note:" prefix): what the command is doing.
pub fn say(text: &str) {
    eprintln!("{text}");
}

/// A warning with its code on stderr (text and JSON modes alike: it is about the data sent).
pub fn warn(code: &str, text: &str) {
    eprintln!("warning [{code}]: {text}");
}

/// A progress line on stderr, redrawn in place (`\r`), for a person watching a terminal.
pub fn progress(text: &str) {
    eprint!("\r{text}");
}

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

/// The workspace this run created (`--db` naming a file that did not exist), for the outputs.
static CREATED_WORKSPACE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Say that a new, empty workspace was created: a note on stderr (text mode), and
/// `"CreatedWorkspace"` in the JSON outputs that describe the run's result.
pub fn created_workspace(location: &str, json: bool) {
    let _ = CREATED_WORKSPACE.set(location.to_string());
    note(&format!("created a new, empty workspace at {location}"), json);
}

/// `obj` with `"CreatedWorkspace"` added when this run created the workspace.
pub fn with_created(mut obj: serde_json::Value) -> serde_json::Value {
    if let (Some(path), Some(map)) = (CREATED_WORKSPACE.get(), obj.as_object_mut()) {
        map.insert("CreatedWorkspace".into(), json!(path));
    }
    obj
}

/// A remark on stderr that is not an error (text mode only: with --json stderr holds errors only).
pub fn note(what: &str, json: bool) {
    if !json {
        eprintln!("note: {what}");
    }
}

/// One value asked for explicitly (`protect decrypt|encrypt`): the bare value, or `{"<name>": value}`.
pub fn print_value(name: &str, value: &str, json: bool) {
    if json {
        out!("{}", json!({ name: value }));
    } else {
        out!("{value}");
    }
}

/// A serde enum's string form (`"locked"`, `"VerifyIdentity"`).
fn word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

pub fn print_connections(list: &[ConnectionProfileView], json: bool) {
    if json {
        out!("{}", serde_json::to_string_pretty(list).expect("views serialize"));
        return;
    }
    if list.is_empty() {
        out!("No saved connections (hesctl connections add).");
    }
    for v in list {
        print_connection(v);
    }
}

fn print_connection(v: &ConnectionProfileView) {
    let p = &v.profile;
    let stored = |b: bool| if b { "stored" } else { "not stored" };
    out!(
        "{}: {}@{}:{}/{} · TLS {}{} · timeout {} ms · password {} · Data Protection password {}",
        p.name,
        p.user,
        p.host,
        p.port,
        p.database,
        word(&p.tls),
        p.ca_file.as_deref().map(|c| format!(" (CA {c})")).unwrap_or_default(),
        p.timeout_ms,
        stored(v.password_stored),
        stored(v.data_protection_password_stored)
    );
}

pub fn print_connection_saved(v: &ConnectionProfileView, what: &str, json: bool) {
    if json {
        out!("{}", serde_json::to_string_pretty(v).expect("view serializes"));
    } else {
        out!("connection {} {what}", v.profile.name);
        print_connection(v);
    }
    // On stderr too in JSON mode: a weak TLS mode is chosen here, so say so here.
    if let Some(w) = hes_core::connections::ConnectionWarning::for_tls(v.profile.tls) {
        eprintln!("warning [{:?}]: {}", w.code, w.message);
    }
}

pub fn print_test_result(name: &str, r: &ConnectionTestResult, json: bool) {
    if json {
        out!("{}", serde_json::to_string_pretty(r).expect("result serializes"));
        return;
    }
    match &r.error {
        None => out!(
            "{name}: ok · HES {} · Data Protection: {} · {} · {} ms",
            r.hes_version.as_deref().unwrap_or("?"),
            r.data_protection.as_ref().map(word).unwrap_or_default(),
            if r.read_only == Some(true) { "read-only" } else { "read-write" },
            r.duration_ms
        ),
        Some(e) => {
            out!("{name}: failed [{}] {} ({} ms)", e.code, e.message, r.duration_ms);
            if let Some(h) = &e.hint {
                out!("hint: {h}");
            }
        }
    }
    if let Some(c) = &r.certificate {
        let trust = match (c.trusted, c.pinned) {
            (true, _) => "trusted",
            (false, true) => "trusted by its pin",
            (false, false) => "NOT trusted",
        };
        out!("certificate ({trust}): {}", c.subject);
        out!("  issuer: {}", c.issuer);
        out!("  valid: {} to {}", c.not_before, c.not_after);
        if !c.names.is_empty() {
            out!("  names: {}", c.names.join(", "));
        }
        out!("  SHA-256: {}", c.sha256);
        if !c.trusted && !c.pinned {
            out!(
                "  to trust exactly this certificate (after checking its SHA-256 with the server's administrator): \
                 hesctl connections trust-certificate {name} {}",
                c.sha256
            );
        }
    }
    if let Some(k) = &r.ssh_host_key {
        out!("SSH host key of {}:{}: {} {}", k.host, k.port, k.algorithm, k.sha256);
        out!(
            "  to trust it (after comparing it with the server's own, ssh-keygen -lf on the server): \
             hesctl connections trust-host-key {}:{} \"{} {}\"",
            k.host,
            k.port,
            k.algorithm,
            k.sha256
        );
    }
    if let Some(w) = &r.warning {
        out!("warning [{:?}]: {}", w.code, w.message);
    }
}

/// A write and the fields it changed (names only): `{"ok","message","Changed":[…]}` with --json.
pub fn print_changed(what: &str, changed: &[String], json: bool) {
    if json {
        out!("{}", with_created(json!({ "ok": true, "message": what, "Changed": changed })));
    } else if changed.is_empty() {
        out!("{what} (nothing changed)");
    } else {
        out!("{what}; changed: {}", changed.join(", "));
    }
}

pub fn print_done(what: &str, json: bool) {
    if json {
        out!("{}", with_created(json!({ "ok": true, "message": what })));
    } else {
        out!("{what}");
    }
}

pub fn print_settings(info: &WorkspaceInfo, v: &SettingsView, json: bool) {
    if json {
        // Per section, whether HES reads it (the details, with a sentence, in Workspace.Support).
        let reads: serde_json::Map<String, serde_json::Value> =
            info.support.iter().map(|s| (s.key.clone(), json!(s.hes_reads))).collect();
        let out = with_created(json!({ "Workspace": info, "HesReads": reads, "Settings": v }));
        out!("{}", serde_json::to_string_pretty(&out).expect("views serialize"));
        return;
    }
    let state = |s: &hes_core::SecretState| {
        serde_json::to_value(s).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    };
    out!(
        "{} ({}) · HES {} · Data Protection: {}{}",
        info.connection,
        info.location,
        info.hes_version.as_deref().unwrap_or("?"),
        word(&info.data_protection),
        if info.read_only { " · read-only" } else { "" }
    );
    if let Some(reason) = &info.read_only_reason {
        out!("Read-only: {reason}");
    }
    if let Some(at_rest) = &info.secrets_at_rest {
        out!("Secrets in this workspace: {at_rest}");
    }
    for f in &v.secret_findings {
        let item = f.item.as_deref().map(|i| format!("[{i}]")).unwrap_or_default();
        out!("Needs attention: {}{item}.{}: {}", f.section, f.field, f.message);
    }
    // What HES does with each section: reads it (live or after a restart), or not at all.
    let note = |key: &str| info.support.iter().find(|s| s.key == key).map(|s| s.note.clone()).unwrap_or_default();
    out!("\n[licensing]");
    out!("  {}", note("licensing"));
    match &v.licensing {
        Some(l) => out!("  API Key: {}\n  API Address: {}", state(&l.api_key), l.api_address),
        None => out!("  Not configured"),
    }
    out!("\n[domains]");
    out!("  Primary on-premises domain ('domain'): {}", note("domain"));
    out!("  Further domains and Azure AD ('domains'): {}", note("domains"));
    if v.domains.is_empty() {
        out!("  Not configured");
    }
    for d in &v.domains {
        match d {
            DomainView::ActiveDirectory { id, primary, host, user_name, password, max_password_age } => out!(
                "  {id}: on-premises {host}{} · User Logon Name {user_name} · Password {} · Auto Password Change {max_password_age} days",
                if *primary { " (primary)" } else { "" },
                state(password)
            ),
            DomainView::AzureAd { id, name, tenant_id, application_id, client_secret, max_password_age } => out!(
                "  {id}: Azure AD {name} · Tenant ID {tenant_id} · Application ID {application_id} · Client secret {} · Auto Password Change {max_password_age} days",
                state(client_secret)
            ),
        }
    }
    out!("\n[splunk]");
    out!("  {}", note("splunk"));
    match &v.splunk {
        Some(s) => out!("  Host: {}\n  Token: {}", s.host, state(&s.token)),
        None => out!("  Not configured"),
    }
    out!("\n[fido]");
    out!("  {}", note("fido"));
    out!(
        "  Allow platform authenticators: {}\n  Default key type: {}",
        v.fido.allow_platform_authenticators,
        serde_json::to_value(v.fido.default_authenticator_attachment)
            .ok()
            .and_then(|x| x.as_str().map(String::from))
            .unwrap_or_default()
    );
    out!("\n[oidc]");
    out!("  {}", note("oidc"));
    if v.oidc.is_empty() {
        out!("  No clients");
    }
    for c in &v.oidc {
        out!(
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
    out!("\n[saml]");
    out!("  {}", note("saml"));
    if v.saml.is_empty() {
        out!("  No service providers");
    }
    for s in &v.saml {
        out!("  {}: {} → {}", s.sp.id, s.sp.issuer, s.sp.single_sign_on_destination);
    }
    out!("\n[email]");
    out!("  {}", note("email"));
    match &v.email {
        Some(e) => out!(
            "  Host: {}:{} ({:?})\n  User Name: {}\n  Password: {}\n  From: {} <{}>",
            e.host,
            e.port,
            e.security,
            e.user_name,
            state(&e.password),
            e.from_name,
            e.from
        ),
        None => out!("  Not configured"),
    }
    out!("\n[customization]");
    out!("  {}", note("customization"));
    out!(
        "  Server Name: {}",
        if v.customization.server_name.is_empty() { "(default)" } else { &v.customization.server_name }
    );
    for l in &v.customization.logos {
        out!("  Logo {} ({}x{}): {}", l.slot, l.width, l.height, if l.custom { "custom" } else { "default" });
    }
    for p in &v.problems {
        out!("\n! {}: {}", p.key, p.message);
    }
}

/// A preview's changed fields, one line each (`field: from → to`; secrets only as their state).
pub fn print_fields(fields: &[hes_core::stage::StageField]) {
    for f in fields {
        line(format!(
            "      {}: {} → {}",
            f.field,
            f.from.as_deref().unwrap_or("(none)"),
            f.to.as_deref().unwrap_or("(none)")
        ));
    }
}
