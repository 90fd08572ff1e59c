//! `hesctl history`: the change history of the open database (newest first; secrets only as
//! set / changed / cleared), and `hesctl history revert ID` (a preview; `--apply` writes it).

use crate::cli::Cli;
use crate::connect;
use crate::input::Passwords;
use hes_core::error::AppResult;
use hes_core::history::HistoryEntryView;
use hes_core::stage::StageSection;

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HistoryArgs {
    #[command(subcommand)]
    command: Option<HistoryCommand>,
    /// Only entries that changed this section (licensing, domains, oidc, saml, customization, …).
    #[arg(long)]
    section: Option<String>,
}

#[derive(clap::Subcommand, Debug)]
pub enum HistoryCommand {
    /// Preview putting back what entry ID changed (the rows as they were stored before it);
    /// with --apply, write it. Refused (ConcurrentChange, exit 5) when a row changed since.
    Revert {
        id: i64,
        #[arg(long)]
        apply: bool,
    },
}

pub async fn run(cli: &Cli, args: &HistoryArgs, passwords: &Passwords) -> AppResult<u8> {
    let console = connect::open(cli, passwords).await?;
    match &args.command {
        None => {
            let list = console.history(args.section.as_deref()).await?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&list).expect("history serializes"));
                return Ok(0);
            }
            if let Some(n) = &list.notice {
                eprintln!("note: {n}");
            }
            for e in &list.entries {
                print_entry(e);
            }
            if list.entries.is_empty() {
                println!("no changes recorded");
            }
            Ok(0)
        }
        Some(HistoryCommand::Revert { id, apply }) => {
            let preview = console.revert_preview(*id).await?;
            if cli.json && !apply {
                println!("{}", serde_json::to_string_pretty(&preview).expect("preview serializes"));
                // A blocked revert ends as its refusal would, in both output forms.
                return preview.blocked.map_or(Ok(0), Err);
            }
            if !cli.json {
                println!(
                    "revert of entry {id}{}",
                    if *apply { "" } else { " (preview: nothing written; add --apply)" }
                );
                print_sections(&preview.sections);
                if !preview.changed_since.is_empty() {
                    println!("changed since the entry (the revert is refused):");
                    print_sections(&preview.changed_since);
                }
            }
            if *apply {
                console.revert(*id).await?;
                if cli.json {
                    println!("{}", serde_json::json!({ "Reverted": id }));
                } else {
                    println!("reverted");
                }
            } else if let Some(e) = preview.blocked {
                return Err(e);
            }
            Ok(0)
        }
    }
}

fn print_entry(e: &HistoryEntryView) {
    println!(
        "#{} {} {} [{}] by {} ({}@{}, console {}) via {}{}",
        e.id,
        e.at,
        e.action,
        e.section,
        e.db_user,
        e.os_user,
        e.computer,
        e.console_version,
        e.connection,
        if e.summary.is_empty() { String::new() } else { format!(": {}", e.summary) }
    );
    print_sections(&e.sections);
}

fn print_sections(sections: &[StageSection]) {
    for s in sections {
        println!("  {} ({:?})", s.key, s.action);
        for f in &s.fields {
            println!(
                "      {}: {} → {}",
                f.field,
                f.from.as_deref().unwrap_or("(none)"),
                f.to.as_deref().unwrap_or("(none)")
            );
        }
    }
}
