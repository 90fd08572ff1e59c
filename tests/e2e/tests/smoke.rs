//! Real-window smoke tests: the built app, its real WebKitGTK webview and its real IPC.
//! Run through `tests/e2e/run.sh` (scripts/test.sh does); skipped when `E2E_APP` is unset.

use hes_e2e::*;
use std::time::{Duration, Instant};

/// Unique, so that any leak of it is unambiguous.
const API_KEY: &str = "e2e-ApiKey-3f9c1d7a5b2e4c80";
const API_ADDRESS: &str = "https://hls.e2e.example.com";

/// Licensing → Set Licensing Settings: type the key and address and press Save.
async fn fill_licensing(c: &Client, key: &str, address: &str) -> Result {
    click(c, "licensing-set").await?;
    wait_tid(c, "dialog-licensing").await?;
    type_into(c, "field-ApiKey", key).await?;
    type_into(c, "field-ApiAddress", address).await?;
    click(c, "dialog-save").await
}

/// [`fill_licensing`], then wait for the dialog to close (saved).
async fn set_licensing(c: &Client, key: &str, address: &str) -> Result {
    fill_licensing(c, key, address).await?;
    wait_gone(c, &tid("dialog-licensing"), TIMEOUT).await
}

/// The app starts, shows its first data within 20 s, and every tab renders;
/// a screenshot of each goes to target/test-artifacts/screenshots/<nn>-<tab>.png.
#[tokio::test]
async fn a_every_tab_renders() -> Result {
    with_app("a_every_tab_renders", &[], |c| async move {
        let started = Instant::now();
        wait_ready(&c).await?;
        eprintln!("data-ready after {:.1} s", started.elapsed().as_secs_f64());
        for (i, tab) in TABS.iter().enumerate() {
            open_tab(&c, tab).await?;
            // Let the section's data arrive and paint.
            tokio::time::sleep(Duration::from_millis(400)).await;
            screenshot(&c, &format!("{:02}-{tab}", i + 1)).await?;
        }
        Ok(())
    })
    .await
}

/// Licensing: set API key and address through the dialog; the key is then shown as
/// stored and never appears in the page (or in the app's logs and web storage), also
/// after a reload.
#[tokio::test]
async fn b_licensing_key_is_stored_never_shown() -> Result {
    with_app("b_licensing_key_is_stored_never_shown", &[], |c| async move {
        wait_ready(&c).await?;
        open_tab(&c, "licensing").await?;
        fill_licensing(&c, API_KEY, API_ADDRESS).await?;

        if let Err(e) = wait_text(&c, "licensing-apikey-state", "stored", TIMEOUT).await {
            let toast = text_of(&c, "toast").await.unwrap_or_default();
            return Err(format!("{e}; toast: {toast:?}").into());
        }
        wait_gone(&c, &tid("dialog-licensing"), TIMEOUT).await?;
        assert_secret_not_in_page(&c, API_KEY).await?;
        screenshot(&c, "licensing-key-stored").await?;

        // It was persisted by the backend, not only held by the page.
        c.refresh().await?;
        wait_ready(&c).await?;
        open_tab(&c, "licensing").await?;
        wait_text(&c, "licensing-apikey-state", "stored", TIMEOUT).await?;
        assert_secret_not_in_page(&c, API_KEY).await?;

        assert_secret_not_in_app_files(API_KEY)?;
        Ok(())
    })
    .await
}

/// Diagnostics in the real window: Splunk's dialog tests the typed values against the project's HEC
/// stub (live steps inside the dialog), then the Diagnostics view runs every configured check and
/// shows one report; screenshots of both are kept (diagnostics-form-test, diagnostics-run), and of
/// the History view with the two changes (history).
#[tokio::test]
async fn c_diagnostics_run_against_stubs() -> Result {
    use hes_stubs::{hec, licensing};
    let (hec_addr, _hec) = hec::start(hec::HecConfig::standard()).await?;
    let key = "e2e-LicKey-8a1f0c3b";
    let cfg = licensing::LicensingConfig::new().key(key, licensing::KeyAnswer::Good(2));
    let (lic_addr, _lic) = licensing::start(cfg).await?;
    with_app("c_diagnostics_run_against_stubs", &[], |c| async move {
        wait_ready(&c).await?;
        open_tab(&c, "splunk").await?;
        click(&c, "splunk-set").await?;
        wait_tid(&c, "dialog-splunk").await?;
        type_into(&c, "field-Host", &format!("http://{hec_addr}")).await?;
        type_into(&c, "field-Token", hec::VALID_TOKEN).await?;
        click(&c, "splunk-form-test-run").await?;
        // Plain http is a warning (the token travels unencrypted); the test event itself passed.
        wait_text(&c, "splunk-form-test-result-outcome", "Warning", TIMEOUT).await?;
        screenshot(&c, "diagnostics-form-test").await?;
        click(&c, "dialog-save").await?;
        wait_gone(&c, &tid("dialog-splunk"), TIMEOUT).await?;

        open_tab(&c, "licensing").await?;
        set_licensing(&c, key, &format!("http://{lic_addr}")).await?;

        open_tab(&c, "diagnostics").await?;
        click(&c, "diagnostics-run").await?;
        wait_text(&c, "check-splunk-result-outcome", "Warning", TIMEOUT).await?;
        wait_text(&c, "check-licensing-result-outcome", "Warning", TIMEOUT).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&c, "diagnostics-run").await?;
        assert_secret_not_in_page(&c, hec::VALID_TOKEN).await?;
        assert_secret_not_in_page(&c, key).await?;

        // History: the two settings just saved, newest first, one expanded with its masked diff.
        click(&c, "nav-history").await?;
        wait_tid(&c, "history-entry-2").await?;
        wait_for(&c, &format!("{} summary", tid("history-entry-2")), TIMEOUT).await?.click().await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&c, "history").await?;
        assert_secret_not_in_page(&c, key).await?;
        assert_secret_not_in_app_files(key)?;
        Ok(())
    })
    .await
}

/// Issue 6 in the real window. Two logos are set with the built `hesctl` on the app's own
/// workspace; after a reload Customization previews them (screenshot `customization-logos`).
/// Then an OIDC client added through the UI gets a generated secret, shown once and masked
/// (screenshot `oidc-secret-generated`): the value is in the page only while Show is on, and
/// never in the app's logs or web storage.
#[tokio::test]
async fn d_logos_and_oidc_secret_shown_once() -> Result {
    with_app("d_logos_and_oidc_secret_shown_once", &[], |c| async move {
        wait_ready(&c).await?;
        let workspace = std::env::var_os("HES_CONSOLE_WORKSPACE")
            .ok_or("HES_CONSOLE_WORKSPACE is not set (tests/e2e/run.sh sets it)")?;
        let hesctl = repo_root().join("target").join("debug").join("hesctl");
        if !hesctl.is_file() {
            return Err(format!("{} does not exist: build it first (cargo build -p hesctl)", hesctl.display()).into());
        }
        let image = repo_root().join("tests").join("fixtures").join("images").join("good-480x120.png");
        for slot in ["main", "email"] {
            let out = std::process::Command::new(&hesctl)
                .arg("--db")
                .arg(&workspace)
                .args(["logo", "set", slot])
                .arg(&image)
                .output()?;
            if !out.status.success() {
                return Err(
                    format!("hesctl logo set {slot} failed: {}", String::from_utf8_lossy(&out.stderr).trim()).into()
                );
            }
        }

        c.refresh().await?;
        wait_ready(&c).await?;
        open_tab(&c, "customization").await?;
        wait_tid(&c, "logo-preview-main-light").await?;
        wait_tid(&c, "logo-preview-email-dark").await?;
        wait_text(&c, "logo-state-main", "custom", TIMEOUT).await?;
        c.execute(
            r#"document.querySelector('[data-testid="logos-card"]').scrollIntoView({ block: 'start' });"#,
            vec![],
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
        screenshot(&c, "customization-logos").await?;

        open_tab(&c, "oidc").await?;
        click(&c, "oidc-add").await?;
        wait_tid(&c, "dialog-oidc").await?;
        type_into(&c, "field-Name", "E2E portal").await?;
        type_into(&c, "field-ClientId", "e2e-portal").await?;
        type_into(&c, "field-RedirectUris", "https://portal.e2e.example.com/signin-oidc").await?;
        click(&c, "dialog-save").await?;
        if let Err(e) = wait_tid(&c, "oidc-new-secret-masked").await {
            let toast = text_of(&c, "toast").await.unwrap_or_default();
            return Err(format!("{e}; toast: {toast:?}").into());
        }
        // One modal at a time: the Add dialog has gone before the secret's opens.
        wait_gone(&c, &tid("dialog-oidc"), TIMEOUT).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&c, "oidc-secret-generated").await?;

        // Show once to learn the value, then mask it again: masked, it is nowhere in the page.
        click(&c, "oidc-new-secret-show").await?;
        let secret = text_of(&c, "oidc-new-secret-value").await?;
        if secret.len() != 43 || !secret.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_') {
            return Err(
                format!("the generated secret is not 43 URL-safe characters ({} characters)", secret.len()).into()
            );
        }
        click(&c, "oidc-new-secret-show").await?;
        wait_gone(&c, &tid("oidc-new-secret-value"), TIMEOUT).await?;
        wait_tid(&c, "oidc-new-secret-masked").await?;
        assert_secret_not_in_page(&c, &secret).await?;

        click(&c, "oidc-new-secret-close").await?;
        wait_gone(&c, &tid("oidc-new-secret"), TIMEOUT).await?;
        assert_secret_not_in_page(&c, &secret).await?;
        assert_secret_not_in_app_files(&secret)?;
        Ok(())
    })
    .await
}

/// License import in the real window: from the project's licensing-server stub, the preview (per
/// table, nothing written yet; the plain-http stub first needs the admin's confirmation), Apply, then the summary with its 12-month chart; screenshots
/// license-preview and license-chart.
#[tokio::test]
async fn e_license_import_preview_apply_and_chart() -> Result {
    use hes_stubs::licensing;
    let key = "e2e-LicImport-5c2d9e";
    let (lic_addr, _lic) =
        licensing::start(licensing::LicensingConfig::new().key(key, licensing::KeyAnswer::Spread(14))).await?;
    with_app("e_license_import_preview_apply_and_chart", &[], |c| async move {
        wait_ready(&c).await?;
        open_tab(&c, "licensing").await?;
        set_licensing(&c, key, &format!("http://{lic_addr}")).await?;

        click(&c, "licenses-import-server").await?;
        // The stub speaks plain http: the key is not sent until the admin confirms.
        let warning = text_of(&c, "license-plain-http").await?;
        if !warning.contains("Nothing was sent") {
            return Err(format!("no plain-http warning before sending the key: {warning:?}").into());
        }
        screenshot(&c, "license-plain-http").await?;
        click(&c, "license-plain-http-confirm").await?;
        wait_tid(&c, "license-preview").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&c, "license-preview").await?;
        click(&c, "license-apply").await?;
        wait_tid(&c, "license-import-done").await?;
        click(&c, "license-close").await?;
        wait_gone(&c, &tid("dialog-license-import"), TIMEOUT).await?;
        let summary = text_of(&c, "license-summary").await?;
        if !summary.contains("14 licenses") {
            return Err(format!("the summary does not count the 14 imported licenses: {summary:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&c, "license-chart").await?;
        assert_secret_not_in_page(&c, key).await?;
        assert_secret_not_in_app_files(key)?;
        Ok(())
    })
    .await
}

/// A secret the console cannot vouch for (a ciphertext under a key this computer does not hold,
/// as in a workspace copied from elsewhere or left after HES disabled Data Protection): the real
/// window lists it in the Data Protection banner and at its field, with no Show; the ciphertext
/// never reaches the page.
#[tokio::test]
async fn f_secret_the_console_cannot_vouch_for() -> Result {
    let Some(workspace) = std::env::var_os("HES_CONSOLE_WORKSPACE") else {
        eprintln!("note: HES_CONSOLE_WORKSPACE is not set; skipping");
        return Ok(());
    };
    if app_path().is_none() {
        eprintln!("note: E2E_APP is not set; skipping real-window test `f_secret_the_console_cannot_vouch_for`");
        return Ok(());
    }
    let envelope = hes_core::protect::ProtectionKey::from_bytes(3, [9u8; 32]).encrypt("smtp-e2e-Passw0rd");
    let url = format!("sqlite:{}", std::path::Path::new(&workspace).display());
    let pool = sqlx::SqlitePool::connect(&url).await?;
    let row = format!(
        r#"{{"ConsoleFormat":1,"Host":"smtp.e2e.example.com","Port":587,"Security":"StartTls","UserName":"hes","Password":"{envelope}","From":"hes@e2e.example.com","FromName":null}}"#
    );
    sqlx::query("INSERT OR REPLACE INTO AppSettings (Id, Value) VALUES ('email', ?)").bind(&row).execute(&pool).await?;
    pool.close().await;

    let shown = envelope.clone();
    let result = with_app("f_secret_the_console_cannot_vouch_for", &[], |c| async move {
        wait_ready(&c).await?;
        let banner = text_of(&c, "dp-findings-banner").await?;
        // "stored elsewhere" (the workspace's key is in the keychain) or "Data Protection is now
        // off" (no keychain): either way the value is not used and must be entered again.
        if !banner.contains("1 stored secret cannot be used.") || !banner.contains("enter it again") {
            return Err(format!("banner: {banner:?}").into());
        }
        open_tab(&c, "customization").await?;
        let note = text_of(&c, "email-password-state-finding").await?;
        if !note.contains("enter it again") {
            return Err(format!("field note: {note:?}").into());
        }
        if c.find(Locator::Css(&tid("email-show"))).await.is_ok() {
            return Err("Show is offered for a value the console cannot vouch for".into());
        }
        assert_secret_not_in_page(&c, &shown).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&c, "07-secret-the-console-cannot-vouch-for").await?;
        Ok(())
    })
    .await;

    // Leave the shared workspace as the other tests expect it.
    let pool = sqlx::SqlitePool::connect(&url).await?;
    sqlx::query("DELETE FROM AppSettings WHERE Id = 'email'").execute(&pool).await?;
    pool.close().await;
    result
}

/// Runs the built `hesctl` on the app's own config folder and keychain: the same XDG config home
/// as the app (tests/e2e/run.sh), and the same session bus, so the same Secret Service.
fn hesctl_for_app(args: &[&str], stdin: Option<&str>) -> Result<std::process::Output> {
    use std::io::Write;
    let home = std::env::var_os("E2E_APP_HOME").ok_or("E2E_APP_HOME is not set (tests/e2e/run.sh sets it)")?;
    let hesctl = repo_root().join("target").join("debug").join("hesctl");
    if !hesctl.is_file() {
        return Err(format!("{} does not exist: build it first (cargo build -p hesctl)", hesctl.display()).into());
    }
    let mut child = std::process::Command::new(&hesctl)
        .args(args)
        .env("XDG_CONFIG_HOME", std::path::Path::new(&home).join("config"))
        .env_remove("HES_CONSOLE_CONFIG_DIR")
        .env_remove("SSH_AUTH_SOCK")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.unwrap_or_default().as_bytes())?;
    }
    Ok(child.wait_with_output()?)
}

/// [`hesctl_for_app`] that must succeed.
fn hesctl_ok(args: &[&str], stdin: Option<&str>) -> Result<String> {
    let out = hesctl_for_app(args, stdin)?;
    if !out.status.success() {
        // The arguments hold no secret: passwords go through stdin.
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!("hesctl {} failed ({}): {}", args.join(" "), out.status, stderr.trim()).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Issue 14 in the real window: a connection profile that reaches the MariaDB peer through the
/// OpenSSH peer (key authentication, the host key trusted beforehand, TLS verified against the
/// test CA). It is saved with the built `hesctl` into the app's own config folder and keychain;
/// the window opens it from the connection menu and shows that database's Licensing address
/// (screenshot `08-profile-over-ssh`), then switches back to the local workspace.
#[tokio::test]
async fn g_profile_over_ssh() -> Result {
    if app_path().is_none() {
        eprintln!("note: E2E_APP is not set; skipping real-window test `g_profile_over_ssh`");
        return Ok(());
    }
    let Some(peer) = hes_test_support::mysql::MySqlPeer::from_env() else { return Ok(()) };
    let Some(ssh_port) = hes_test_support::peer_env("HES_SSH_PORT") else { return Ok(()) };
    let env = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set (peers.env)"));
    let (ssh_host, ssh_user, ssh_key) = (env("HES_SSH_HOST")?, env("HES_SSH_USER")?, env("HES_SSH_KEY")?);

    // The remote database's own, unmistakable value.
    const REMOTE_ADDRESS: &str = "https://hls.over-ssh.e2e.example.com";
    let seed = format!(
        "INSERT INTO `AppSettings` (`Id`, `Value`) VALUES \
         ('licensing', '{{\"ApiKey\":\"e2e-ssh-ApiKey-71c4\",\"ApiAddress\":\"{REMOTE_ADDRESS}\"}}')"
    );
    let db = hes_test_support::mysql::ScratchDb::create(&peer, &[hes_test_support::mysql::SCHEMA, &seed]).await;

    let name = "e2e-over-ssh";
    let ssh_at = format!("{ssh_host}:{ssh_port}");
    let dest = format!("{ssh_user}@{ssh_at}");
    let password = format!("{}\n", peer.user.1);
    let url = peer.url(&db.name, "127.0.0.1");
    // The host key as an admin first sees it (a test of the connection names it), then trusted.
    let tested = hesctl_for_app(
        &["--db", &url, "--password-stdin", "--ssh", &dest, "--ssh-key", &ssh_key, "connections", "test"],
        Some(&password),
    )?;
    let shown = String::from_utf8_lossy(&tested.stdout).into_owned();
    let sha = shown
        .split_whitespace()
        .find(|w| w.starts_with("SHA256:"))
        .map(|w| w.trim_end_matches(['.', ',', ')', '"']).to_string())
        .ok_or_else(|| format!("`connections test` did not show the SSH host key: {shown}"))?;
    hesctl_ok(&["connections", "trust-host-key", &ssh_at, &format!("ssh-ed25519 {sha}")], None)?;
    let ca = peer.ca.to_string_lossy().into_owned();
    let more = ["--ca-file", &ca, "--password-stdin", "--ssh", &dest, "--ssh-key", &ssh_key];
    let add = peer.add_profile_args(name, &db.name, "127.0.0.1", &more);
    hesctl_ok(&add.iter().map(String::as_str).collect::<Vec<_>>(), Some(&password))?;

    let db_password = peer.user.1.clone();
    let dest_shown = dest.clone();
    let result = with_app("g_profile_over_ssh", &[], move |c| async move {
        wait_ready(&c).await?;
        open_tab(&c, "licensing").await?;
        let local = text_of(&c, "licensing-apiaddress").await?;
        if local == REMOTE_ADDRESS {
            return Err("the local workspace already shows the remote database's address".into());
        }

        click(&c, "connection-switcher").await?;
        click(&c, &format!("connection-item-{name}")).await?;
        if let Err(e) = wait_text(&c, "header-connection", name, Duration::from_secs(30)).await {
            let error = text_of(&c, "connection-error-message").await.unwrap_or_default();
            return Err(format!("{e}; connection error: {error:?}").into());
        }
        open_tab(&c, "licensing").await?;
        wait_text(&c, "licensing-apiaddress", REMOTE_ADDRESS, TIMEOUT).await?;
        // The header names the tunnel (its text is read from the DOM: WebKitWebDriver calls the
        // ellipsized span not displayed).
        let location = c
            .execute(r#"return document.querySelector('[data-testid="header-location"]')?.textContent ?? '';"#, vec![])
            .await?;
        let location = location.as_str().unwrap_or_default().trim().to_string();
        if !location.contains(&format!("via ssh {dest_shown}")) {
            return Err(format!("the header does not say the connection goes through SSH: {location:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&c, "08-profile-over-ssh").await?;
        eprintln!("opened `{name}` through SSH: {location}");
        assert_secret_not_in_page(&c, &db_password).await?;

        click(&c, "connection-switcher").await?;
        click(&c, "connection-item-local").await?;
        wait_text(&c, "header-connection", "Local workspace", TIMEOUT).await?;
        open_tab(&c, "licensing").await?;
        wait_text(&c, "licensing-apiaddress", &local, TIMEOUT).await?;
        assert_secret_not_in_app_files(&db_password)?;
        Ok(())
    })
    .await;

    // Leave the app's config as the other tests expect it (the password leaves the keychain too).
    let removed = hesctl_ok(&["connections", "remove", name], None);
    drop(db);
    result.and(removed.map(|_| ()))
}
