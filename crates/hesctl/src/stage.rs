//! `hesctl stage`: preview (and with --apply, write) a copy of sections from the open database to
//! another one. The preview names every changed field; secrets show only as stored/changed.

use crate::cli::Cli;
use crate::connect;
use crate::input::Passwords;
use crate::output::{self, line};
use hes_core::error::AppResult;
use hes_core::stage::{StageAction, StagePreview};
use hes_core::Secret;
use hes_service::connections::{self, Reach, RememberedFailed};
use hes_service::{stage, ProfileStore};
use hes_store::Console;

pub struct Target {
    pub db: Option<String>,
    pub profile: Option<String>,
}

/// The target of `--to-db` or `--to-profile`: a profile opens as in the app (hes-service), its
/// Data Protection unlocked with HESCTL_TARGET_DP_PASSWORD, else the one remembered for it.
async fn open_target(t: &Target, cli: &Cli) -> AppResult<Console> {
    if let Some(path) = &t.db {
        return connect::open_named_workspace(path, cli.create, cli.json).await;
    }
    let name = t.profile.as_deref().unwrap_or_default();
    let profiles = ProfileStore::open_default().await?;
    let password = std::env::var("HESCTL_TARGET_DP_PASSWORD").ok().filter(|p| !p.is_empty()).map(Secret::new);
    let opened = connections::open_profile(&profiles, name, Reach::default(), password).await?;
    match opened.remembered {
        Some(RememberedFailed::Unreadable(e) | RememberedFailed::Refused(e)) => Err(e),
        None => Ok(opened.console),
    }
}

/// Whether to write the preview, and which removals it confirms (none: the target keeps them).
pub struct Apply<'a> {
    pub apply: bool,
    pub remove: &'a [String],
}

pub async fn run(
    cli: &Cli,
    passwords: &Passwords,
    target: Target,
    sections: &[String],
    how: Apply<'_>,
) -> AppResult<()> {
    let Apply { apply, remove } = how;
    let source = connect::open(cli, passwords).await?;
    let target = open_target(&target, cli).await?;
    connect::allow_newer(&target, cli);
    let plan = stage::preview(&source, &target, sections, false).await?;
    print_preview(&plan.preview, apply, remove, cli.json);
    if apply {
        stage::apply(&target, plan, remove).await?;
        if !cli.json {
            line("applied");
        }
    }
    Ok(())
}

/// Print a preview. `remove`: the sections whose removals are confirmed (the rest are kept).
pub fn print_preview(p: &StagePreview, apply: bool, remove: &[String], json: bool) {
    if json {
        output::json(&serde_json::json!({ "Preview": p, "Applied": apply, "Removals": remove }));
        return;
    }
    line(format!("{} → {}{}", p.from, p.to, if apply { "" } else { " (preview: nothing written; add --apply)" }));
    for s in &p.sections {
        let action = match s.action {
            StageAction::Create => "create",
            StageAction::Replace => "replace",
            StageAction::Remove => "remove",
            StageAction::Unchanged => "unchanged",
        };
        let confirmed = remove.contains(&s.key);
        let kept = if (s.action == StageAction::Remove || !s.removes.is_empty()) && !confirmed {
            " (removals kept: add --remove ".to_string() + &s.key + ")"
        } else {
            String::new()
        };
        line(format!("  {:<14} {action}{kept}", s.key));
        for r in &s.removes {
            line(format!("      remove item: {r}{}", if confirmed { "" } else { " (kept)" }));
        }
        output::print_fields(&s.fields);
    }
}
