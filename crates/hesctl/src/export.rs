//! `hesctl export` / `hesctl import`: the configuration file (every section and list, SAML rows,
//! logos). Secrets only with `--with-secrets`, sealed under a passphrase read from
//! HESCTL_CONFIG_PASSPHRASE or the next line of standard input, never an argument. An import
//! previews field by field (removals listed) and writes only with `--apply`, in one transaction
//! after an automatic backup; what the file lacks is removed only for the sections `--remove` names.

use crate::cli::{BackupsArgs, Cli, ExportArgs, ImportArgs};
use crate::connect;
use crate::input::Passwords;
use crate::output::{self, line};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::Secret;

const PASSPHRASE_ENV: &str = "HESCTL_CONFIG_PASSPHRASE";

fn passphrase(passwords: &Passwords) -> AppResult<Secret> {
    match std::env::var(PASSPHRASE_ENV) {
        Ok(p) if !p.is_empty() => Ok(Secret::new(p)),
        _ => passwords.next_line("configuration passphrase"),
    }
}

pub async fn export(cli: &Cli, args: &ExportArgs, passwords: &Passwords) -> AppResult<u8> {
    let console = connect::open(cli, passwords).await?;
    let pass = if args.with_secrets { Some(passphrase(passwords)?) } else { None };
    let bytes = console.export_config(pass.as_ref()).await?;
    if args.output == "-" {
        output::bytes(&bytes);
    } else {
        hes_store::files::write_private_atomic(std::path::Path::new(&args.output), &bytes)?;
        output::say(&format!(
            "exported to {}{}",
            args.output,
            if pass.is_some() { " (secrets sealed)" } else { " (no secrets)" }
        ));
    }
    Ok(0)
}

pub async fn import(cli: &Cli, args: &ImportArgs, passwords: &Passwords) -> AppResult<u8> {
    let console = connect::open(cli, passwords).await?;
    let bytes = hes_store::files::read_limited(std::path::Path::new(&args.file), hes_core::config_file::MAX_BYTES)?
        .ok_or_else(|| AppError::new(ErrorCode::ConfigFileDamaged, "The configuration file is too large."))?;
    let pass = if args.with_secrets { Some(passphrase(passwords)?) } else { None };
    let mut plan = console.import_plan(bytes, pass.as_ref()).await?;
    crate::stage::print_preview(&plan.preview, args.apply, &args.remove, cli.json);
    if args.apply {
        plan.confirm_removals(&args.remove);
        console.import_apply(plan).await?;
        if !cli.json {
            line("applied");
        }
    }
    Ok(0)
}

pub async fn backups(cli: &Cli, args: &BackupsArgs, passwords: &Passwords) -> AppResult<u8> {
    let console = connect::open(cli, passwords).await?;
    match &args.restore {
        None => {
            let list = console.backups()?;
            if cli.json {
                output::json(&list);
            } else {
                for b in &list {
                    line(format!("{}  {}  {}", b.name, b.at, b.reason));
                }
                if list.is_empty() {
                    line("no automatic backups");
                }
            }
        }
        Some(name) => {
            let mut plan = console.restore_plan(name).await?;
            crate::stage::print_preview(&plan.preview, args.apply, &args.remove, cli.json);
            if args.apply {
                plan.confirm_removals(&args.remove);
                console.import_apply(plan).await?;
                if !cli.json {
                    line("restored");
                }
            }
        }
    }
    Ok(0)
}
