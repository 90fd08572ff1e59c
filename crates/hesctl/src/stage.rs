//! `hesctl stage`: preview (and with --apply, write) a copy of sections from the open database to
//! another one. The preview names every changed field; secrets show only as stored/changed.

use crate::cli::Cli;
use crate::connect;
use crate::input::Passwords;
use hes_core::error::AppResult;
use hes_core::stage::{StageAction, StagePreview};
use hes_core::workspace::DataProtectionState;
use hes_core::Secret;
use hes_store::console::stage_keys;
use hes_store::profiles::Profiles;
use hes_store::Console;

pub struct Target {
    pub db: Option<String>,
    pub profile: Option<String>,
}

async fn open_target(t: &Target, cli: &Cli) -> AppResult<Console> {
    if let Some(path) = &t.db {
        return connect::open_named_workspace(path, cli.create, cli.json).await;
    }
    let name = t.profile.as_deref().unwrap_or_default();
    let profiles = Profiles::open_default();
    let target = profiles.target(name, None)?;
    let console = Console::open_mysql(&target, name).await?;
    if console.info().data_protection == DataProtectionState::Locked {
        let password = match std::env::var("HESCTL_TARGET_DP_PASSWORD") {
            Ok(p) if !p.is_empty() => Some(Secret::new(p)),
            _ => profiles.dp_password(name)?,
        };
        if let Some(p) = password {
            console.unlock(&p).await?;
        }
    }
    Ok(console)
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
    let keys: Vec<String> =
        if sections.is_empty() { stage_keys().iter().map(|k| k.to_string()).collect() } else { sections.to_vec() };
    let mut plan = source.stage_plan(&target, &keys).await?;
    print_preview(&plan.preview, apply, remove, cli.json);
    plan.confirm_removals(remove);
    if apply {
        Console::stage_apply(&target, plan).await?;
        if !cli.json {
            println!("applied");
        }
    }
    Ok(())
}

fn print_preview(p: &StagePreview, apply: bool, remove: &[String], json: bool) {
    if json {
        let out = serde_json::json!({ "Preview": p, "Applied": apply, "Removals": remove });
        println!("{}", serde_json::to_string_pretty(&out).expect("preview serializes"));
        return;
    }
    println!("{} → {}{}", p.from, p.to, if apply { "" } else { " (preview: nothing written; add --apply)" });
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
        println!("  {:<14} {action}{kept}", s.key);
        for r in &s.removes {
            println!("      remove item: {r}{}", if confirmed { "" } else { " (kept)" });
        }
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
