//! `hesctl export` / `hesctl import`: the configuration file (every section and list, SAML rows,
//! logos). Secrets only with `--with-secrets`, sealed under a passphrase read from
//! HESCTL_CONFIG_PASSPHRASE or the next line of standard input, never an argument. An import
//! previews field by field (removals listed) and writes only with `--apply`, in one transaction
//! after an automatic backup; what the file lacks is removed only for the sections `--remove` names.

use crate::cli::Cli;
use crate::connect;
use crate::input::Passwords;
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::Secret;

const PASSPHRASE_ENV: &str = "HESCTL_CONFIG_PASSPHRASE";

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Where to write the file (- for standard output).
    #[arg(long, short, default_value = "-")]
    output: String,
    /// Include the secrets, encrypted under a passphrase (HESCTL_CONFIG_PASSPHRASE or stdin).
    #[arg(long)]
    with_secrets: bool,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The configuration file.
    file: String,
    /// The file's secrets too: its passphrase from HESCTL_CONFIG_PASSPHRASE or stdin.
    #[arg(long)]
    with_secrets: bool,
    /// Write the previewed changes (one transaction, after an automatic backup).
    #[arg(long)]
    apply: bool,
    /// With --apply: also remove what the file lacks in these sections (a section, or a list's
    /// items: domains, clients, service providers). Without it they are kept.
    #[arg(long, value_delimiter = ',')]
    remove: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct BackupsArgs {
    /// Preview restoring this backup (a name from the list); with --apply, write it.
    #[arg(long)]
    restore: Option<String>,
    #[arg(long)]
    apply: bool,
    /// With --restore --apply: also remove what the backup lacks in these sections.
    #[arg(long, value_delimiter = ',')]
    remove: Vec<String>,
}

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
        use std::io::Write;
        std::io::stdout().write_all(&bytes).map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
    } else {
        hes_store::files::write_private_atomic(std::path::Path::new(&args.output), &bytes)?;
        eprintln!("exported to {}{}", args.output, if pass.is_some() { " (secrets sealed)" } else { " (no secrets)" });
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
            println!("applied");
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
                println!("{}", serde_json::to_string_pretty(&list).expect("backups serialize"));
            } else {
                for b in &list {
                    println!("{}  {}  {}", b.name, b.at, b.reason);
                }
                if list.is_empty() {
                    println!("no automatic backups");
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
                    println!("restored");
                }
            }
        }
    }
    Ok(0)
}
