//! `hesctl history`: the change history of the open database (newest first; secrets only as
//! set / changed / cleared), and `hesctl history revert ID` (a preview; `--apply` writes it).

use crate::cli::{Cli, HistoryArgs, HistoryCommand};
use crate::connect;
use crate::input::Passwords;
use crate::output::{self, line};
use hes_core::error::AppResult;
use hes_core::history::HistoryEntryView;
use hes_core::stage::StageSection;

pub async fn run(cli: &Cli, args: &HistoryArgs, passwords: &Passwords) -> AppResult<u8> {
    let console = connect::open(cli, passwords).await?;
    match &args.command {
        None => {
            let list = console.history(args.section.as_deref()).await?;
            if cli.json {
                output::json(&list);
                return Ok(0);
            }
            if let Some(n) = &list.notice {
                output::note(n, false);
            }
            for e in &list.entries {
                print_entry(e);
            }
            if list.entries.is_empty() {
                line("no changes recorded");
            }
            Ok(0)
        }
        Some(HistoryCommand::Revert { id, apply }) => {
            let preview = console.revert_preview(*id).await?;
            if cli.json && !apply {
                output::json(&preview);
                // A blocked revert ends as its refusal would, in both output forms.
                return preview.blocked.map_or(Ok(0), Err);
            }
            if !cli.json {
                line(format!(
                    "revert of entry {id}{}",
                    if *apply { "" } else { " (preview: nothing written; add --apply)" }
                ));
                print_sections(&preview.sections);
                if !preview.changed_since.is_empty() {
                    line("changed since the entry (the revert is refused):");
                    print_sections(&preview.changed_since);
                }
            }
            if *apply {
                console.revert(*id).await?;
                if cli.json {
                    output::out_json(&serde_json::json!({ "Reverted": id }));
                } else {
                    line("reverted");
                }
            } else if let Some(e) = preview.blocked {
                return Err(e);
            }
            Ok(0)
        }
    }
}

fn print_entry(e: &HistoryEntryView) {
    line(format!(
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
    ));
    print_sections(&e.sections);
}

fn print_sections(sections: &[StageSection]) {
    for s in sections {
        line(format!("  {} ({:?})", s.key, s.action));
        output::print_fields(&s.fields);
    }
}
