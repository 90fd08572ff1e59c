//! `hesctl licenses import|summary` (issue 5): import from the licensing server with the saved
//! API key or from a license file, previewed (`--dry-run`) or applied in one transaction; and the
//! Licensing tab's summary. The API key is never printed: the server shows as `…/<redacted>`.

use crate::cli::Cli;
use crate::connect;
use crate::input::Passwords;
use hes_checks::license_import::{fetch_licenses, plain_http_warning, shown_url, FetchOptions};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::licenses::preview::write_report_csv;
use hes_core::licenses::{ImportControl, ImportPreview, LicenseSummary, ParsedDocument};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(clap::Subcommand, Debug)]
pub enum LicensesCommand {
    /// Import licenses as HES's "Import Hardware Vaults" does: the missing orders, vaults and
    /// licenses (rows already there are skipped, as HES skips them). Prints the preview: per
    /// table new / present / rejected, each rejected record's reason, the license status HES will
    /// set on the new vaults (they are written with None, as HES's import writes them) and how many
    /// licenses HES's own import would skip. Without --dry-run it then writes everything in one
    /// transaction (bad records are left out), or nothing.
    Import {
        /// From the licensing server, with the API key and address saved in the licensing settings.
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        from_server: bool,
        /// From a license file (the JSON Hideez sends: DevicesDto, DeviceLicensesDto, LicenseOrdersDto).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Only preview: write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the rejected records (Table,Index,Key,Code,Field,Message,Record) to this CSV file:
        /// the first 1 000 (every one is counted; a last row says how many more there are).
        #[arg(long, value_name = "CSV")]
        report: Option<PathBuf>,
        /// With --from-server: send the saved API key even though the API address is plain http://
        /// (the key is in the URL path: anyone on the network path can read it). Without it such
        /// an address is refused (PlainHttpRefused, exit 3) and nothing is sent.
        #[arg(long, requires = "from_server")]
        allow_plain_http: bool,
        /// With --from-server: the longest wait for the server's answer (and each piece of it), in ms.
        #[arg(long, value_name = "MS", default_value_t = 30_000)]
        server_timeout_ms: u64,
        /// The largest document accepted, in MB.
        #[arg(long, value_name = "MB", default_value_t = 768)]
        max_mb: u64,
    },
    /// Vaults by the license status HES's status update leaves today (UTC; a license ending
    /// today keeps its stored status, as in HES) and licenses ending in each of the next 12 months.
    Summary,
}

/// How many rejections the text output lists (the JSON has the preview's 100, --report the
/// first 1 000).
const LISTED: usize = 20;

pub async fn run(cli: &Cli, command: &LicensesCommand, passwords: &Passwords) -> AppResult<u8> {
    let console = connect::open(cli, passwords).await?;
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
            let max_bytes = max_mb.saturating_mul(1024 * 1024);
            let (doc, source): (ParsedDocument, String) = match file {
                Some(path) => {
                    (hes_store::licenses::parse_file(path, max_bytes, &ctl).await?, path.display().to_string())
                }
                None => {
                    let (address, key) = console.licensing_server().await?;
                    if let Some(w) = plain_http_warning(&address).filter(|_| *allow_plain_http) {
                        eprintln!("warning [PlainHttp]: {w} (sent because of --allow-plain-http)");
                    }
                    let opts = FetchOptions {
                        timeout: Duration::from_millis((*server_timeout_ms).clamp(100, 600_000)),
                        max_bytes,
                        extra_ca_pem: None,
                        allow_plain_http: *allow_plain_http,
                    };
                    (fetch_licenses(&address, &key, &opts, &ctl).await?, shown_url(&address))
                }
            };
            if *dry_run || report.is_some() {
                let plan = console.license_check(&doc, &ctl).await?;
                if let Some(path) = report {
                    write_report(path, &plan.rejections)?;
                }
                if *dry_run {
                    end_progress(cli.json);
                    print_preview(&plan.preview(&source, doc.bytes), cli.json, None);
                    return Ok(0);
                }
            }
            let done = console.license_apply(&doc, &source, &ctl).await?;
            end_progress(cli.json);
            if cli.json {
                line(&serde_json::to_string_pretty(&done).expect("result serializes"));
            } else {
                print_preview(&done.applied, false, Some(done.duration_ms));
            }
            Ok(0)
        }
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
        eprint!("\r{:<8} {pct}   ", format!("{:?}", p.phase));
    })
}

fn end_progress(json: bool) {
    if !json && std::io::stderr().is_terminal() {
        eprint!("\r{:<30}\r", "");
    }
}

fn write_report(path: &Path, rejections: &hes_core::licenses::RejectionLog) -> AppResult<()> {
    let io =
        |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Cannot write the report {}: {e}", path.display()));
    let f = std::fs::File::create(path).map_err(io)?;
    write_report_csv(rejections.kept(), rejections.not_kept(), std::io::BufWriter::new(f)).map_err(io)
}

/// A line on stdout; a closed stdout (`| head`) ends the process quietly, the work being done.
fn line(text: &str) {
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{text}").is_err() {
        std::process::exit(0);
    }
}

fn print_preview(p: &ImportPreview, json: bool, applied_ms: Option<u32>) {
    if json {
        line(&serde_json::to_string_pretty(p).expect("preview serializes"));
        return;
    }
    line(&format!("Licenses from {} ({} bytes)", p.source, p.bytes));
    if p.tables.iter().all(|t| t.records == 0) {
        line("Nothing to import: the document lists no devices, licenses or orders.");
        return;
    }
    line(&format!("  {:<22} {:>8} {:>8} {:>8}", "table", "new", "present", "rejected"));
    for t in &p.tables {
        line(&format!("  {:<22} {:>8} {:>8} {:>8}", t.table.as_str(), t.new, t.present, t.rejected));
    }
    if p.existing_vaults_licensed > 0 {
        line(&format!(
            "  {} vault(s) already in the database get a new license (their rows stay as they are, as in HES's import)",
            p.existing_vaults_licensed
        ));
    }
    let new_vaults: u32 = p.new_vaults_status_after_hes_update.iter().map(|c| c.count).sum();
    if new_vaults > 0 {
        let by: Vec<String> =
            p.new_vaults_status_after_hes_update.iter().map(|c| format!("{:?} {}", c.status, c.count)).collect();
        line(&format!(
            "New vaults are written with license status None, as HES's import writes them. \
             Expected status after HES's next status update (HES will set it and e-mail the admins): {}",
            by.join(", ")
        ));
    }
    if p.hes_would_skip.count > 0 {
        line(&format!(
            "HES's own import would skip {} of these license(s): {}",
            p.hes_would_skip.count, p.hes_would_skip.reason
        ));
    }
    if p.rejected_total > 0 {
        let codes: Vec<String> = p.rejection_codes.iter().map(|c| format!("{} {}", c.code, c.count)).collect();
        line(&format!("Rejected: {} ({})", p.rejected_total, codes.join(", ")));
        for r in p.rejections.iter().take(LISTED) {
            let field = r.field.as_deref().map(|f| format!(" {f}")).unwrap_or_default();
            let key = r.key.as_deref().map(|k| format!(" {k}")).unwrap_or_default();
            line(&format!("  {}[{}]{key} {}{field}: {}", r.table.as_str(), r.index, r.code, r.message));
        }
        if p.rejected_total as usize > LISTED {
            let more = p.rejected_total as usize - LISTED;
            let not_kept = p.rejected_total.saturating_sub(p.rejections_kept);
            if not_kept > 0 {
                line(&format!(
                    "  … and {more} more (--report FILE.csv lists the first {}; the other {not_kept} are counted only)",
                    p.rejections_kept
                ));
            } else {
                line(&format!("  … and {more} more (--report FILE.csv lists every one)"));
            }
        }
    }
    match applied_ms {
        Some(ms) => line(&format!("Imported {} row(s) in one transaction ({ms} ms).", p.new_rows())),
        None => line("Dry run: nothing was written."),
    }
}

fn print_summary(s: &LicenseSummary, json: bool) {
    if json {
        line(&serde_json::to_string_pretty(s).expect("summary serializes"));
        return;
    }
    let by: Vec<String> = s.by_status.iter().map(|c| format!("{:?} {}", c.status, c.count)).collect();
    line(&format!("Vaults: {} — {} (as of {} UTC)", s.vaults, by.join(", "), s.today));
    line(&format!("Licenses: {}; ending per month:", s.licenses));
    for m in &s.ending_by_month {
        line(&format!("  {}  {:>6}", m.month, m.count));
    }
}
