//! `hesctl licenses import|summary` (issue 5): import from the licensing server with the saved
//! API key or from a license file, previewed (`--dry-run`) or applied in one transaction; and the
//! Licensing tab's summary. The API key is never printed: the server shows as `…/<redacted>`.

use crate::cli::{Cli, LicensesCommand};
use crate::input::Passwords;
use crate::output::{self, line};
use hes_core::error::AppResult;
use hes_core::licenses::{ImportControl, ImportPreview, LicenseSummary};
use hes_service::licenses::{self, LicenseSource, ReadOptions};
use std::io::IsTerminal;
use std::time::Duration;

/// How many rejections the text output lists (the JSON has the preview's 100, --report the
/// first 1 000).
const LISTED: usize = 20;

pub async fn run(cli: &Cli, command: &LicensesCommand, passwords: &Passwords) -> AppResult<u8> {
    let console = crate::connect::open(cli, passwords).await?;
    match command {
        LicensesCommand::Summary => {
            print_summary(&console.license_summary().await?, cli.json);
            Ok(0)
        }
        LicensesCommand::Import {
            from_server: _,
            file,
            dry_run,
            report,
            allow_plain_http,
            server_timeout_ms,
            max_mb,
        } => {
            let ctl = control(cli.json);
            let _interrupt = cancel_on_interrupt(&ctl);
            let source = match file {
                Some(path) => LicenseSource::File { path: path.to_string_lossy().into_owned() },
                None => LicenseSource::Server,
            };
            let opts = ReadOptions {
                allow_plain_http: *allow_plain_http,
                server_timeout: Duration::from_millis((*server_timeout_ms).clamp(100, 600_000)),
                max_bytes: max_mb.saturating_mul(1024 * 1024),
            };
            let document = licenses::read(&console, &source, &opts, &ctl).await?;
            if let Some(w) = &document.warning {
                output::warn("PlainHttp", &format!("{w} (sent because of --allow-plain-http)"));
            }
            if *dry_run || report.is_some() {
                let (preview, pending) = licenses::preview(&console, document, &ctl).await?;
                if let Some(path) = report {
                    licenses::write_report(path, &pending.rejections)?;
                }
                if *dry_run {
                    end_progress(cli.json);
                    print_preview(&preview, cli.json, None);
                    return Ok(0);
                }
                let done = licenses::apply(&console, &pending, &ctl).await?;
                return Ok(print_applied(&done, cli.json));
            }
            let done = licenses::apply_document(&console, &document, &ctl).await?;
            Ok(print_applied(&done, cli.json))
        }
    }
}

fn print_applied(done: &hes_core::licenses::ApplyResult, json: bool) -> u8 {
    end_progress(json);
    if json {
        output::json(done);
    } else {
        print_preview(&done.applied, false, Some(done.duration_ms));
    }
    0
}

/// Ctrl-C cancels the import as the app's Cancel does (the service stops the fetch or rolls the
/// transaction back; `Cancelled`, nothing imported) instead of killing hesctl mid-way. Watches
/// until dropped.
fn cancel_on_interrupt(ctl: &ImportControl) -> AbortOnDrop {
    // Registered here, before the import starts (a future's registration would wait for its first poll).
    #[cfg(unix)]
    let interrupts = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
    #[cfg(windows)]
    let interrupts = tokio::signal::windows::ctrl_c();
    let ctl = ctl.clone();
    AbortOnDrop(tokio::spawn(async move {
        #[cfg(any(unix, windows))]
        if let Ok(mut interrupts) = interrupts {
            if interrupts.recv().await.is_some() {
                ctl.cancel();
            }
        }
        #[cfg(not(any(unix, windows)))]
        let _ = ctl;
    }))
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Progress on stderr while a person watches (a terminal, text mode); silent otherwise.
fn control(json: bool) -> ImportControl {
    if json || !std::io::stderr().is_terminal() {
        return ImportControl::new();
    }
    ImportControl::with_progress(|p| {
        let pct = match (p.done * 100).checked_div(p.total) {
            Some(pct) => format!("{pct:>3}%"),
            None => format!("{} bytes", p.done),
        };
        output::progress(&format!("{:<8} {pct}   ", format!("{:?}", p.phase)));
    })
}

fn end_progress(json: bool) {
    if !json && std::io::stderr().is_terminal() {
        output::progress(&format!("{:<30}\r", ""));
    }
}

fn print_preview(p: &ImportPreview, json: bool, applied_ms: Option<u32>) {
    if json {
        output::json(p);
        return;
    }
    line(format!("Licenses from {} ({} bytes)", p.source, p.bytes));
    if p.tables.iter().all(|t| t.records == 0) {
        line("Nothing to import: the document lists no devices, licenses or orders.");
        return;
    }
    line(format!("  {:<22} {:>8} {:>8} {:>8}", "table", "new", "present", "rejected"));
    for t in &p.tables {
        line(format!("  {:<22} {:>8} {:>8} {:>8}", t.table.as_str(), t.new, t.present, t.rejected));
    }
    if p.existing_vaults_licensed > 0 {
        line(format!(
            "  {} vault(s) already in the database get a new license (their rows stay as they are, as in HES's import)",
            p.existing_vaults_licensed
        ));
    }
    let new_vaults: u32 = p.new_vaults_status_after_hes_update.iter().map(|c| c.count).sum();
    if new_vaults > 0 {
        let by: Vec<String> =
            p.new_vaults_status_after_hes_update.iter().map(|c| format!("{:?} {}", c.status, c.count)).collect();
        line(format!(
            "New vaults are written with license status None, as HES's import writes them. \
             Expected status after HES's next status update (HES will set it and e-mail the admins): {}",
            by.join(", ")
        ));
    }
    if p.hes_would_skip.count > 0 {
        line(format!(
            "HES's own import would skip {} of these license(s): {}",
            p.hes_would_skip.count, p.hes_would_skip.reason
        ));
    }
    if p.rejected_total > 0 {
        let codes: Vec<String> = p.rejection_codes.iter().map(|c| format!("{} {}", c.code, c.count)).collect();
        line(format!("Rejected: {} ({})", p.rejected_total, codes.join(", ")));
        for r in p.rejections.iter().take(LISTED) {
            let field = r.field.as_deref().map(|f| format!(" {f}")).unwrap_or_default();
            let key = r.key.as_deref().map(|k| format!(" {k}")).unwrap_or_default();
            line(format!("  {}[{}]{key} {}{field}: {}", r.table.as_str(), r.index, r.code, r.message));
        }
        if p.rejected_total as usize > LISTED {
            let more = p.rejected_total as usize - LISTED;
            let not_kept = p.rejected_total.saturating_sub(p.rejections_kept);
            if not_kept > 0 {
                line(format!(
                    "  … and {more} more (--report FILE.csv lists the first {}; the other {not_kept} are counted only)",
                    p.rejections_kept
                ));
            } else {
                line(format!("  … and {more} more (--report FILE.csv lists every one)"));
            }
        }
    }
    match applied_ms {
        Some(ms) => line(format!("Imported {} row(s) in one transaction ({ms} ms).", p.new_rows())),
        None => line("Dry run: nothing was written."),
    }
}

fn print_summary(s: &LicenseSummary, json: bool) {
    if json {
        output::json(s);
        return;
    }
    let by: Vec<String> = s.by_status.iter().map(|c| format!("{:?} {}", c.status, c.count)).collect();
    line(format!("Vaults: {} — {} (as of {} UTC)", s.vaults, by.join(", "), s.today));
    line(format!("Licenses: {}; ending per month:", s.licenses));
    for m in &s.ending_by_month {
        line(format!("  {}  {:>6}", m.month, m.count));
    }
}
