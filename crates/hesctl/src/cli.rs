//! The command line, as clap sees it. `--help` documents the exit codes.

use clap::{Parser, Subcommand};

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  2  bad request (unknown section, malformed JSON, bad arguments)
  3  validation failed (nothing was written)
  4  not found
  5  concurrent change (someone else changed it; nothing was written)
  6  read-only connection
  7  database unreachable, not an HES database, timeout
  8  Data Protection or stored-value problem
  9  local file error
  10 internal error

Errors go to stderr; with --json as {\"code\",\"message\",\"hint\",\"field\"}.
Secrets are never printed: settings show gives \"stored\" or \"not set\".";

#[derive(Parser, Debug)]
#[command(name = "hesctl", version, about = "HES Console for scripts: Hideez Enterprise Server parameters", after_help = AFTER_HELP)]
pub struct Cli {
    /// Database: a workspace file path or sqlite: URL (created if missing). Default: the console's local workspace.
    #[arg(long, global = true, value_name = "PATH-OR-URL")]
    pub db: Option<String>,
    /// Machine-readable output (and errors as JSON on stderr).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read and change Settings → Parameters.
    Settings {
        #[command(subcommand)]
        command: SettingsCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum SettingsCommand {
    /// Print every section; secrets only as "stored" / "not set".
    Show,
    /// Set a section from its JSON (PascalCase, as HES stores it). A secret given as a string
    /// replaces it, an absent one is kept, null clears it.
    /// Sections: licensing, domain, domains, splunk, fido, oidc, email, customization, saml.
    Set {
        section: String,
        /// A JSON file, or - for standard input.
        file: String,
    },
    /// Delete a section (lists: remove every item).
    Delete { section: String },
}
