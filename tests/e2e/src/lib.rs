//! Real-window end-to-end helpers for HES Console.
//!
//! The tests drive the *built* app (`E2E_APP`, normally `target/debug/hes-console`) through
//! `tauri-driver` (port 4444) and WebKitWebDriver, inside Xvfb and a private D-Bus session.
//! `tests/e2e/run.sh` sets all of that up; `scripts/test.sh` calls it.
//!
//! Without `E2E_APP` every test returns early and passes with a note, so a plain
//! `cargo test --workspace` works without a display.
//!
//! WebKitGTK allows one automation session at a time: run with `--test-threads=1`.
//! Artifacts (screenshots, page sources of failed tests) go to `target/test-artifacts/`.
//!
//! A test is short:
//! ```no_run
//! use hes_e2e::*;
//! # async fn demo() -> Result {
//! with_app("my-test", &[], |c| async move {
//!     wait_ready(&c).await?;
//!     open_tab(&c, "splunk").await?;
//!     screenshot(&c, "my-test").await?;
//!     Ok(())
//! })
//! .await
//! # }
//! ```

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::time::timeout;

pub use fantoccini::elements::Element;
pub use fantoccini::{Client, Locator};

/// Every helper returns this; any error type converts into it with `?`.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long the app may take to show its first data (`body[data-ready="true"]`).
pub const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// Default wait for an element or a state change after a user action.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long creating a session (which launches the app) may take.
pub const SESSION_TIMEOUT: Duration = Duration::from_secs(60);
/// Upper bound for one whole test body.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(180);
/// Upper bound for a single WebDriver command that could hang (screenshots of an unmapped
/// window never return, for example).
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);
const CLOSE_TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

/// The nav/section suffixes of Settings → Parameters, in display order.
/// `nav-<tab>` is the nav button, `section-<tab>` the section's root.
pub const TABS: [&str; 8] = ["licensing", "domains", "splunk", "fido", "oidc", "saml", "customization", "diagnostics"];

/// The app binary under test, from `E2E_APP`, or `None` when E2E is not set up.
pub fn app_path() -> Option<PathBuf> {
    let app = std::env::var_os("E2E_APP").filter(|s| !s.is_empty())?;
    let app = PathBuf::from(app);
    Some(if app.is_absolute() { app } else { repo_root().join(app) })
}

/// The WebDriver endpoint (tauri-driver): `E2E_DRIVER_URL` or `http://127.0.0.1:4444`.
pub fn driver_url() -> String {
    std::env::var("E2E_DRIVER_URL").unwrap_or_else(|_| "http://127.0.0.1:4444".to_string())
}

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_else(|| manifest.join("../.."))
}

/// `target/test-artifacts/` in the repository (created on demand).
pub fn artifacts_dir() -> PathBuf {
    repo_root().join("target").join("test-artifacts")
}

/// `target/test-artifacts/screenshots/`.
pub fn screenshots_dir() -> PathBuf {
    artifacts_dir().join("screenshots")
}

/// CSS selector for a `data-testid`.
pub fn tid(id: &str) -> String {
    format!(r#"[data-testid="{id}"]"#)
}

/// Runs one test against a fresh app session: connects (launching `E2E_APP` with `args`),
/// runs `body`, and always closes the session (which quits the app), even when `body`
/// fails or panics. On failure it saves `failures/<name>.png` and `failures/<name>.html`.
///
/// Returns `Ok(())` with a printed note when `E2E_APP` is unset.
pub async fn with_app<F, Fut>(name: &str, args: &[&str], body: F) -> Result
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result> + Send + 'static,
{
    let Some(app) = app_path() else {
        eprintln!(
            "note: E2E_APP is not set; skipping real-window test `{name}` \
             (run tests/e2e/run.sh under xvfb-run to run it)"
        );
        return Ok(());
    };
    let client = connect(&app, args).await?;
    let session_id = match timeout(COMMAND_TIMEOUT, client.session_id()).await {
        Ok(Ok(id)) => id,
        _ => None,
    };
    let started = Instant::now();
    // A separate task, so that a panicking assertion or a hung command still lets us close
    // the session (which quits the app; WebKitGTK allows only one session at a time).
    let mut task = tokio::spawn(body(client.clone()));
    let outcome = match timeout(TEST_TIMEOUT, &mut task).await {
        Ok(joined) => joined.map_err(|e| (e.is_panic(), e)),
        Err(_) => {
            task.abort();
            Ok(Err(format!("the test did not finish within {TEST_TIMEOUT:?}").into()))
        }
    };
    let failed = !matches!(outcome, Ok(Ok(())));
    // fantoccini sends one command at a time: after a hung command every later one would
    // queue behind it, so each gets a timeout and a hang falls back to a raw DELETE.
    let mut wedged = false;
    if failed {
        wedged = !save_failure_artifacts(&client, name).await;
    }
    let closed: Result = if wedged {
        Err("the WebDriver session hung".into())
    } else {
        match timeout(CLOSE_TIMEOUT, client.close()).await {
            Ok(r) => r.map_err(Into::into),
            Err(_) => Err(format!("closing the session took more than {CLOSE_TIMEOUT:?}").into()),
        }
    };
    let closed = match (closed, session_id) {
        (Err(e), Some(id)) => {
            eprintln!("e2e `{name}`: {e}; deleting session {id} directly");
            delete_session_raw(&id).await.map_err(|raw| format!("{e}; direct delete failed too: {raw}").into())
        }
        (r, _) => r,
    };
    eprintln!("e2e `{name}`: {} in {:.1} s", if failed { "FAILED" } else { "ok" }, started.elapsed().as_secs_f64());
    match outcome {
        Err((true, join)) => std::panic::resume_unwind(join.into_panic()),
        Err((false, join)) => return Err(format!("test task failed: {join}").into()),
        Ok(Err(e)) => return Err(e),
        Ok(Ok(())) => {}
    }
    closed.map_err(|e| format!("closing the WebDriver session failed: {e}"))?;
    Ok(())
}

/// Deletes a WebDriver session with a plain HTTP request, bypassing fantoccini's (possibly
/// blocked) command queue.
async fn delete_session_raw(session_id: &str) -> Result {
    use std::io::{Read, Write};
    let url = driver_url();
    let authority = url.trim_start_matches("http://").split('/').next().unwrap_or("127.0.0.1:4444").to_string();
    let request = format!(
        "DELETE /session/{session_id} HTTP/1.1\r\nHost: {authority}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let io = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
        let mut stream = std::net::TcpStream::connect(&authority)?;
        stream.set_read_timeout(Some(CLOSE_TIMEOUT))?;
        stream.write_all(request.as_bytes())?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        Ok(response)
    });
    let response = io.await??;
    let status = response.lines().next().unwrap_or_default().to_string();
    if status.contains(" 200 ") {
        Ok(())
    } else {
        Err(format!("DELETE /session/{session_id}: {status}").into())
    }
}

/// Opens a WebDriver session for the app at `app` (launched with `args`).
pub async fn connect(app: &Path, args: &[&str]) -> Result<Client> {
    if !app.is_file() {
        return Err(format!("E2E_APP={} does not exist: build the app first (cargo build)", app.display()).into());
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert("tauri:options".into(), serde_json::json!({ "application": app, "args": args }));
    let url = driver_url();
    let mut builder = fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(caps);
    match timeout(SESSION_TIMEOUT, builder.connect(&url)).await {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(e)) => Err(format!(
            "could not start a WebDriver session at {url} for {}: {e} \
             (is tauri-driver running? see target/test-artifacts/tauri-driver.log)",
            app.display()
        )
        .into()),
        Err(_) => Err(format!("starting a WebDriver session at {url} took more than {SESSION_TIMEOUT:?}").into()),
    }
}

/// Polls `probe` every 100 ms until it yields `Some`, or fails after `timeout` with `what`.
pub async fn wait_until<T, P, Fut>(timeout: Duration, what: &str, mut probe: P) -> Result<T>
where
    P: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + timeout;
    let mut last_error = None;
    loop {
        match probe().await {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(e) => last_error = Some(e.to_string()),
        }
        if Instant::now() >= deadline {
            let detail = last_error.map(|e| format!(" (last error: {e})")).unwrap_or_default();
            return Err(format!("timed out after {timeout:?} waiting for {what}{detail}").into());
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Waits until an element matching the CSS selector exists and is displayed.
pub async fn wait_for(c: &Client, css: &str, timeout: Duration) -> Result<Element> {
    wait_until(timeout, &format!("`{css}` to be displayed"), || async {
        match c.find(Locator::Css(css)).await {
            Ok(el) => Ok(el.is_displayed().await?.then_some(el)),
            Err(e) if e.is_no_such_element() => Ok(None),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Waits until no displayed element matches the CSS selector.
pub async fn wait_gone(c: &Client, css: &str, timeout: Duration) -> Result {
    wait_until(timeout, &format!("`{css}` to disappear"), || async {
        for el in c.find_all(Locator::Css(css)).await? {
            if el.is_displayed().await.unwrap_or(false) {
                return Ok(None);
            }
        }
        Ok(Some(()))
    })
    .await
}

/// Waits for a `data-testid` element to be displayed.
pub async fn wait_tid(c: &Client, id: &str) -> Result<Element> {
    wait_for(c, &tid(id), TIMEOUT).await
}

/// Waits until the app says its first data is shown: `body[data-ready="true"]`.
pub async fn wait_ready(c: &Client) -> Result {
    wait_for(c, r#"body[data-ready="true"]"#, READY_TIMEOUT)
        .await
        .map(|_| ())
        .map_err(|e| format!("the app did not become ready: {e}").into())
}

/// Clicks a `data-testid` element once it is displayed and enabled (retrying while, for
/// example, a dialog is still animating in).
pub async fn click(c: &Client, id: &str) -> Result {
    let css = tid(id);
    wait_until(TIMEOUT, &format!("`{css}` to be clickable"), || async {
        let el = match c.find(Locator::Css(&css)).await {
            Ok(el) => el,
            Err(e) if e.is_no_such_element() => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if !el.is_displayed().await? || !el.is_enabled().await? {
            return Ok(None);
        }
        el.click().await?;
        Ok(Some(()))
    })
    .await
}

/// Replaces the content of a `data-testid` input with `text`, as a user typing.
pub async fn type_into(c: &Client, id: &str, text: &str) -> Result {
    let el = wait_tid(c, id).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

/// The visible text of a `data-testid` element (trimmed).
pub async fn text_of(c: &Client, id: &str) -> Result<String> {
    Ok(wait_tid(c, id).await?.text().await?.trim().to_string())
}

/// Waits until a `data-testid` element's trimmed text equals `expected`, ignoring case.
pub async fn wait_text(c: &Client, id: &str, expected: &str, timeout: Duration) -> Result {
    let css = tid(id);
    let deadline = Instant::now() + timeout;
    let mut seen = None;
    loop {
        match c.find(Locator::Css(&css)).await {
            Ok(el) => {
                let text = el.text().await?.trim().to_string();
                if text.eq_ignore_ascii_case(expected) {
                    return Ok(());
                }
                seen = Some(text);
            }
            Err(e) if e.is_no_such_element() => {}
            Err(e) => return Err(e.into()),
        }
        if Instant::now() >= deadline {
            let seen = match seen {
                Some(t) => format!("it read {t:?}"),
                None => "it was never found".to_string(),
            };
            return Err(format!("timed out after {timeout:?} waiting for `{css}` to read {expected:?}; {seen}").into());
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Clicks `nav-<tab>` and waits for `section-<tab>`.
pub async fn open_tab(c: &Client, tab: &str) -> Result<Element> {
    click(c, &format!("nav-{tab}")).await?;
    wait_tid(c, &format!("section-{tab}")).await
}

/// Saves a PNG of the window's viewport as `target/test-artifacts/screenshots/<name>.png`, and
/// the same view in Ukrainian as `screenshots/uk/<name>.png`: the language is switched through
/// the header's control (live, no reload: the view and what was typed stay) and back to English.
pub async fn screenshot(c: &Client, name: &str) -> Result<PathBuf> {
    let dir = screenshots_dir();
    let path = save_png(c, name, &dir).await?;
    set_language(c, "uk").await?;
    let shot = save_png(c, name, &dir.join("uk")).await;
    set_language(c, "en").await?;
    shot?;
    Ok(path)
}

/// Chooses the UI language through the header's `language` control and lets the page repaint.
pub async fn set_language(c: &Client, lang: &str) -> Result {
    let js = "const s = document.querySelector('[data-testid=\"language\"]'); \
              if (!s) return false; s.value = arguments[0]; \
              s.dispatchEvent(new Event('change', { bubbles: true })); return true;";
    let done = timeout(COMMAND_TIMEOUT, c.execute(js, vec![serde_json::json!(lang)]))
        .await
        .map_err(|_| format!("switching the language took more than {COMMAND_TIMEOUT:?}"))??;
    if done != serde_json::json!(true) {
        return Err("the language control (data-testid=language) is missing".into());
    }
    tokio::time::sleep(Duration::from_millis(250)).await;
    Ok(())
}

/// Waits until the page has produced two frames since the last change, then a little longer: on a
/// busy machine a snapshot taken at once can show the frame before the last click.
async fn painted(c: &Client) -> Result {
    let js = "const done = arguments[arguments.length - 1]; \
              requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    timeout(COMMAND_TIMEOUT, c.execute_async(js, vec![]))
        .await
        .map_err(|_| format!("the page did not paint within {COMMAND_TIMEOUT:?}"))??;
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

async fn save_png(c: &Client, name: &str, dir: &Path) -> Result<PathBuf> {
    painted(c).await?;
    let png = match timeout(COMMAND_TIMEOUT, c.screenshot()).await {
        Ok(png) => png?,
        Err(_) => {
            return Err(format!(
                "taking screenshot {name:?} took more than {COMMAND_TIMEOUT:?} \
                 (WebKitGTK never answers while the window is not shown)"
            )
            .into())
        }
    };
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png)?;
    eprintln!("screenshot: {}", path.display());
    Ok(path)
}

/// Everything a user or a script in the page could read: the serialized DOM, the visible
/// text and the current values of all inputs (which the DOM serialization leaves out).
pub async fn page_text(c: &Client) -> Result<String> {
    let source = c.source().await?;
    let live = c
        .execute(
            "return [document.body ? document.body.innerText : '']
                .concat(Array.from(document.querySelectorAll('input, textarea, select'))
                .map(e => e.value)).join('\\n');",
            vec![],
        )
        .await?;
    Ok(format!("{source}\n{}", live.as_str().unwrap_or_default()))
}

/// Fails if `secret` occurs in the page (DOM, visible text or any input's value).
pub async fn assert_secret_not_in_page(c: &Client, secret: &str) -> Result {
    if page_text(c).await?.contains(secret) {
        return Err("the secret value appears in the page (DOM, text or an input value)".into());
    }
    Ok(())
}

/// Fails if `secret` occurs in any file the app wrote under its data, config or cache dirs
/// (logs, WebKit storage). `run.sh` points the app's XDG dirs at `E2E_APP_HOME`; the
/// workspace database (`HES_CONSOLE_WORKSPACE`, outside those dirs) is not searched.
/// Does nothing when `E2E_APP_HOME` is unset.
pub fn assert_secret_not_in_app_files(secret: &str) -> Result {
    let Some(home) = std::env::var_os("E2E_APP_HOME").filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    let workspace = std::env::var_os("HES_CONSOLE_WORKSPACE").map(PathBuf::from);
    let mut stack: Vec<PathBuf> = ["data", "config", "cache"].iter().map(|d| Path::new(&home).join(d)).collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if let Some(ws) = &workspace {
                if path.as_os_str().to_string_lossy().starts_with(&*ws.to_string_lossy()) {
                    continue;
                }
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                return Err(format!("the secret value was written to {}", path.display()).into());
            }
        }
    }
    Ok(())
}

/// Saves `failures/<name>.png` and `failures/<name>.html`; returns false when a command hung.
async fn save_failure_artifacts(c: &Client, name: &str) -> bool {
    let dir = artifacts_dir().join("failures");
    if std::fs::create_dir_all(&dir).is_err() {
        return true;
    }
    eprintln!("failure artifacts: {}/{name}.{{html,png}}", dir.display());
    match timeout(COMMAND_TIMEOUT, c.source()).await {
        Ok(Ok(html)) => {
            let _ = std::fs::write(dir.join(format!("{name}.html")), html);
        }
        Ok(Err(e)) => eprintln!("  page source: {e}"),
        Err(_) => {
            eprintln!("  page source: no answer within {COMMAND_TIMEOUT:?}");
            return false;
        }
    }
    match timeout(COMMAND_TIMEOUT, c.screenshot()).await {
        Ok(Ok(png)) => {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
        Ok(Err(e)) => eprintln!("  screenshot: {e}"),
        Err(_) => {
            eprintln!("  screenshot: no answer within {COMMAND_TIMEOUT:?} (is the window shown?)");
            return false;
        }
    }
    true
}
