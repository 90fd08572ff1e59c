//! The command line, as clap sees it. `--help` documents the exit codes.

use clap::{Args, Parser, Subcommand, ValueEnum};
use hes_core::workspace::TlsMode;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Databases:
  --db ws.sqlite                       a local workspace file (created if missing, in an existing
                                       folder; --create makes the folders too)
  --db mysql://user@host:3306/hes      a HES database on MySQL/MariaDB; TLS options as a query:
                                       ?ssl-mode=VERIFY_IDENTITY&ssl-ca=/path/ca.crt (without
                                       ssl-mode: VERIFY_IDENTITY, not MySQL's PREFERRED)
  --profile NAME                       a saved connection (hesctl connections add)
  (none)                               the console's own local workspace

Through SSH: --ssh user@host[:port] (with --db or saved by connections add), --ssh-key FILE or
--ssh-password, else the running SSH agent. The SSH password: HESCTL_SSH_PASSWORD; a key's
passphrase: HESCTL_SSH_PASSPHRASE (else the profile's keychain entry). An SSH host key must be
in ~/.ssh/known_hosts or trusted with connections trust-host-key.

Passwords never go on the command line. The database password: --password-stdin (first line of
standard input), else HESCTL_DB_PASSWORD, else the keychain entry of --profile. The HES Data
Protection password: --dp-password-stdin (the next line), else HESCTL_DP_PASSWORD, else the
password remembered for --profile. Without it a protected database opens locked: settings
without secrets still read and write, secret fields say \"stored\".

Exit codes:
  0  success
  2  bad request (unknown section, malformed JSON, bad arguments)
  3  validation failed (nothing was written)
  4  not found
  5  concurrent change (someone else changed it; nothing was written)
  6  read-only connection (helpdesk user, unfinished Data Protection change), or a database of a
     HES release newer than 3.8.4 written without --allow-newer-hes (NewerHesRelease)
  7  database unreachable, login refused, TLS certificate not trusted, not an HES database, timeout
  8  Data Protection (locked, wrong password, wrong key id, corrupt value) or stored-value problem
  9  local file error (also: the keychain)
  10 internal error
  11 hesctl check: at least one check failed (the reports say why)
  12 hesctl protect audit: at least one stored secret needs attention

Errors go to stderr; with --json as {\"code\",\"message\",\"hint\",\"field\"}.
Secrets are never printed: settings show gives \"stored\" or \"not set\".";

#[derive(Parser, Debug)]
#[command(name = "hesctl", version = crate::version::LINE.as_str(), about = "HES Console for scripts: Hideez Enterprise Server parameters", after_help = AFTER_HELP)]
pub struct Cli {
    /// Database: a workspace file path or sqlite: URL (created if missing, in an existing folder), or
    /// mysql://user@host:port/database[?ssl-mode=…&ssl-ca=…]. Default: the console's local workspace.
    #[arg(long, global = true, value_name = "PATH-OR-URL")]
    pub db: Option<String>,
    /// With --db PATH: make a missing workspace's folders too. Without it a new workspace is
    /// created only in a folder that exists (a mistyped path is an error, nothing is created).
    #[arg(long, global = true)]
    pub create: bool,
    /// A saved connection profile (see `hesctl connections`); its password comes from the keychain.
    #[arg(long, global = true, value_name = "NAME", conflicts_with = "db")]
    pub profile: Option<String>,
    /// Read the database password from the first line of standard input.
    #[arg(long, global = true)]
    pub password_stdin: bool,
    /// Read the Data Protection password from standard input (the line after the database password).
    #[arg(long, global = true)]
    pub dp_password_stdin: bool,
    /// MySQL connect timeout in milliseconds (default 10000, or the profile's); with `check`, the
    /// timeout of each check.
    #[arg(long, global = true, value_name = "MS", value_parser = clap::value_parser!(u32).range(100..=600_000))]
    pub timeout_ms: Option<u32>,
    /// Reach the database through this SSH host (`user@host[:port]`); --db's host and port are
    /// then as seen from it. With `connections add|edit`: saved in the profile.
    #[arg(long, global = true, value_name = "USER@HOST[:PORT]")]
    pub ssh: Option<String>,
    /// With --ssh: authenticate with this private key file (OpenSSH or PEM); its passphrase from
    /// HESCTL_SSH_PASSPHRASE. Without --ssh-key or --ssh-password: the running SSH agent.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "ssh_password")]
    pub ssh_key: Option<String>,
    /// With --ssh: authenticate with the password in HESCTL_SSH_PASSWORD.
    #[arg(long, global = true)]
    pub ssh_password: bool,
    /// Machine-readable output (and errors as JSON on stderr).
    #[arg(long, global = true)]
    pub json: bool,
    /// Allow writing to a database of a HES release newer than 3.8.4 (the console writes 3.8.4's
    /// formats; whether that release reads them is not known). Logged with the change. Without
    /// it such a database is read-only in effect: writes fail with NewerHesRelease (exit 6).
    #[arg(long, global = true)]
    pub allow_newer_hes: bool,
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
    /// Saved connections to HES databases (passwords in the OS keychain).
    Connections {
        #[command(subcommand)]
        command: ConnectionsCommand,
    },
    /// HES Data Protection: audit and repair the stored secrets of the open database (audit, now,
    /// recover); check a password, decrypt, encrypt single values (no database needed).
    Protect {
        #[command(subcommand)]
        command: ProtectCommand,
    },
    /// Test the outside connections configured in the open database (Splunk HEC, licensing
    /// server, Azure AD). Exit code 0 only when every selected check passed.
    Check {
        /// all (default), splunk, licensing, azure [NAME], or db [PROFILE]. Each check's timeout
        /// is --timeout-ms (default 10000).
        #[arg(default_value = "all")]
        what: String,
        /// An AD domain or Azure AD name (with `ad` / `azure`), a connection profile (with `db`).
        name: Option<String>,
        /// ad: test over StartTLS on port 389 instead of LDAPS on 636 (what HES uses).
        #[arg(long)]
        starttls: bool,
        /// ad: connect to this domain controller instead of the domain name.
        #[arg(long, value_name = "HOST")]
        server: Option<String>,
        /// ad: trust the server certificate with this SHA-256 from now on (pinned on this computer;
        /// the report shows the fingerprint). Needs the domain name.
        #[arg(long, value_name = "SHA256", requires = "name")]
        trust_certificate: Option<String>,
        /// smtp: also send a test e-mail to this address.
        #[arg(long, value_name = "ADDRESS")]
        send_test_to: Option<String>,
    },
    /// Security keys (FIDO): whether platform authenticators are allowed, the default key type.
    Fido {
        #[command(subcommand)]
        command: FidoCommand,
    },
    /// OIDC clients; the console generates each client secret and prints it once.
    Oidc {
        #[command(subcommand)]
        command: OidcCommand,
    },
    /// SAML service providers (HES's SamlRelyingParties), from fields or SP metadata.
    Saml {
        #[command(subcommand)]
        command: SamlCommand,
    },
    /// Customization logos: set a slot from a PNG/JPEG/WebP file, or reset it.
    Logo {
        #[command(subcommand)]
        command: LogoCommand,
    },
    /// License import (from the licensing server or a file) and the license summary.
    Licenses {
        #[command(subcommand)]
        command: LicensesCommand,
    },
    /// The change history of the open database; `history revert ID` undoes an entry.
    History(HistoryArgs),
    /// Export the configuration (every section, SAML rows, logos) to one versioned JSON file.
    Export(ExportArgs),
    /// Import a configuration file: a field-by-field preview; --apply writes it.
    Import(ImportArgs),
    /// The automatic backups of the open database; --restore NAME [--apply].
    Backups(BackupsArgs),
    /// Copy sections from the open database (--db/--profile) to another one. Without --apply it
    /// only previews what would change. Secrets are re-encrypted under the target's key.
    Stage {
        /// Target: a workspace file path or sqlite: URL.
        #[arg(long, conflicts_with = "to_profile", required_unless_present = "to_profile")]
        to_db: Option<String>,
        /// Target: a saved connection (its passwords from the keychain; HESCTL_TARGET_DP_PASSWORD
        /// unlocks its Data Protection if none is remembered).
        #[arg(long)]
        to_profile: Option<String>,
        /// Comma-separated sections (default: all of licensing, domain, domains, splunk, fido, oidc,
        /// email, customization, saml).
        #[arg(long, value_delimiter = ',')]
        sections: Vec<String>,
        /// Write the previewed changes (all or nothing per table; refused if the target changed).
        #[arg(long)]
        apply: bool,
        /// Comma-separated sections whose removals are confirmed: a section the source lacks, or a
        /// list's items (domains, clients, service providers) it does not have. Without it they
        /// are kept in the target.
        #[arg(long, value_delimiter = ',')]
        remove: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum SettingsCommand {
    /// Print every section; secrets only as "stored" / "not set".
    Show,
    /// Set a section from its JSON (PascalCase, as HES stores it). Every field given replaces
    /// the stored one, every absent field is kept (secrets too), null clears a field (one that
    /// cannot be empty returns to HES's default). List items are matched by Id; items not listed
    /// are removed. Prints the fields that changed.
    /// Sections: licensing, domain, domains, splunk, fido, oidc, email, customization, saml.
    Set {
        section: String,
        /// A JSON file, or - for standard input (after any password lines).
        file: String,
        /// The JSON is the whole section: absent plain fields become their defaults (secrets
        /// still follow absent = keep, null = clear).
        #[arg(long)]
        replace: bool,
    },
    /// Delete a section (lists: remove every item).
    Delete { section: String },
}

#[derive(Subcommand, Debug)]
pub enum ConnectionsCommand {
    /// List the saved connections and which of their passwords the keychain holds.
    List,
    /// Save a new connection. --password-stdin stores its database password in the keychain,
    /// --dp-password-stdin remembers its Data Protection password.
    Add {
        #[command(flatten)]
        fields: ProfileFields,
    },
    /// Change a saved connection: only the options given change (--name renames it; its
    /// keychain entries move along).
    Edit {
        /// The connection to change.
        connection: String,
        #[command(flatten)]
        fields: ProfileFields,
        /// Delete the stored database password.
        #[arg(long, conflicts_with = "password_stdin")]
        forget_password: bool,
        /// Delete the remembered Data Protection password.
        #[arg(long, conflicts_with = "dp_password_stdin")]
        forget_dp_password: bool,
    },
    /// Delete a saved connection and its keychain entries.
    Remove { connection: String },
    /// Connect and report the HES release, read-only and Data Protection state, or the error
    /// (exit code as for any command). Without a name: --profile or --db mysql://….
    Test { connection: Option<String> },
    /// Trust exactly the certificate with this SHA-256 for the connection's server (host:port), as
    /// `connections test` shows it (a self-signed MySQL 8 certificate); kept in pins.json on this
    /// computer. With verify-ca/verify-identity the server must then present a trusted certificate
    /// or exactly this one; another is refused (TlsCertificateChanged).
    TrustCertificate {
        connection: String,
        /// The certificate's SHA-256: `AB:CD:…` or 64 hex digits.
        sha256: String,
    },
    /// Trust an SSH host's key, as a refused connection shows it (`ssh-ed25519 SHA256:…`), for the
    /// SSH host of a saved connection, or a HOST[:PORT]; kept in pins.json on this computer. A
    /// different key afterwards is refused (SshHostKeyChanged).
    TrustHostKey {
        /// A connection that goes through SSH, or the SSH host as HOST[:PORT].
        connection: String,
        /// The key: its algorithm and SHA-256 fingerprint, in one argument.
        key: String,
    },
}

/// The fields of a connection profile (`--timeout-ms` is the global option).
#[derive(Args, Debug, Default)]
pub struct ProfileFields {
    /// The connection's name (unique, ignoring case); with edit, a new name.
    #[arg(long)]
    pub name: Option<String>,
    /// Host name or IP address of the MySQL/MariaDB server.
    #[arg(long)]
    pub host: Option<String>,
    /// TCP port (default 3306).
    #[arg(long)]
    pub port: Option<u32>,
    /// The HES database name.
    #[arg(long)]
    pub database: Option<String>,
    /// The database user (HES's own, or a read-only helpdesk user).
    #[arg(long)]
    pub user: Option<String>,
    /// TLS mode (default verify-identity; preferred and required do not verify the server and warn).
    #[arg(long, value_enum)]
    pub tls: Option<Tls>,
    /// CA certificate (PEM) for verify-ca / verify-identity; "" removes it.
    #[arg(long, value_name = "PATH")]
    pub ca_file: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum Tls {
    Disabled,
    Preferred,
    Required,
    VerifyCa,
    VerifyIdentity,
}

impl From<Tls> for TlsMode {
    fn from(t: Tls) -> Self {
        match t {
            Tls::Disabled => TlsMode::Disabled,
            Tls::Preferred => TlsMode::Preferred,
            Tls::Required => TlsMode::Required,
            Tls::VerifyCa => TlsMode::VerifyCa,
            Tls::VerifyIdentity => TlsMode::VerifyIdentity,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum ProtectCommand {
    /// List every stored secret the console cannot use under the database's Data Protection state
    /// now (left unprotected after HES enabled it, under a key HES replaced, encrypted after HES
    /// disabled it), with what to do. Exit 12 when anything needs attention, 0 when nothing does.
    Audit,
    /// Encrypt the secrets stored unprotected while Data Protection is on, under the current key
    /// (needs the Data Protection password; one transaction, compare-and-swap).
    Now,
    /// Re-encrypt secrets left under a key HES replaced (or encrypted after HES disabled Data
    /// Protection) with the OLD Data Protection password: from HESCTL_DP_OLD_PASSWORD, else the
    /// next line of standard input. Needs the params copy this computer saved when it last saw
    /// the old key.
    Recover,
    /// Check a Data Protection password (from standard input) against the params: exit 0 when
    /// it is right, 8 (DataProtectionWrongPassword) when not.
    CheckPassword {
        #[command(flatten)]
        params: ParamsArg,
    },
    /// Decrypt a stored value and print the plaintext.
    Decrypt {
        #[command(flatten)]
        params: ParamsArg,
        /// The key id (the DataProtection row's Id).
        #[arg(long, allow_hyphen_values = true)]
        key_id: i32,
        /// The stored value (base64), or - for the rest of standard input.
        ciphertext: String,
    },
    /// Encrypt a value as HES does and print the stored form.
    Encrypt {
        #[command(flatten)]
        params: ParamsArg,
        #[arg(long, allow_hyphen_values = true)]
        key_id: i32,
        /// The value, or - for the rest of standard input (taken verbatim).
        plaintext: String,
    },
}

#[derive(Args, Debug)]
pub struct ParamsArg {
    /// The DataProtection row's Value: {"Version","IterationCount","HashAlgorithmName","Salt","VerificationCode"}.
    /// The password comes from --dp-password-stdin, HESCTL_DP_PASSWORD, or the first line of standard input.
    #[arg(long, value_name = "JSON")]
    pub params: String,
}

#[derive(Subcommand, Debug)]
pub enum FidoCommand {
    /// Show whether platform authenticators are allowed and the default key type.
    Show,
    /// Change the policy; only the options given change.
    Set {
        /// Allow platform authenticators (built into the computer or phone: Windows Hello,
        /// Touch ID) besides security keys: true or false.
        #[arg(long, value_name = "BOOL")]
        allow_platform_authenticators: Option<bool>,
        /// The key type enrollment starts with: cross-platform (a USB/NFC security key, the
        /// default) or platform (needs --allow-platform-authenticators true).
        #[arg(long, value_enum)]
        default_key_type: Option<KeyType>,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum KeyType {
    CrossPlatform,
    Platform,
}

#[derive(Subcommand, Debug)]
pub enum OidcCommand {
    /// List the clients (secrets only as "stored" / "not set").
    List,
    /// Add a client. The console generates its secret and prints it once: copy it now.
    Add {
        #[command(flatten)]
        fields: OidcFields,
        /// A public client (a single-page or native app using PKCE): no secret.
        #[arg(long)]
        public: bool,
        /// Add it disabled.
        #[arg(long)]
        disabled: bool,
    },
    /// Change a client; only the options given change (a list option replaces that list).
    Edit {
        /// The client: its Id or Client ID.
        client: String,
        #[command(flatten)]
        fields: OidcFields,
        /// Remove every post-logout redirect URI.
        #[arg(long, conflicts_with = "post_logout_uris")]
        clear_post_logout_uris: bool,
        #[arg(long, conflicts_with = "disable")]
        enable: bool,
        /// Keep the client configured but refuse its sign-ins.
        #[arg(long)]
        disable: bool,
    },
    /// Delete a client.
    Delete { client: String },
    /// Give a client a new secret (printed once); the old one stops working.
    RegenerateSecret { client: String },
}

#[derive(Args, Debug, Default)]
pub struct OidcFields {
    /// Display name.
    #[arg(long)]
    pub name: Option<String>,
    /// The client_id the application sends (unique, ignoring case).
    #[arg(long)]
    pub client_id: Option<String>,
    /// A redirect URI (repeat for several): https://…, or http://127.0.0.1 / http://localhost
    /// with any port; no fragment, no wildcard.
    #[arg(long = "redirect-uri", value_name = "URI")]
    pub redirect_uris: Vec<String>,
    /// A post-logout redirect URI (repeat for several), same rules.
    #[arg(long = "post-logout-uri", value_name = "URI")]
    pub post_logout_uris: Vec<String>,
    /// Scopes, comma-separated or repeated, from: openid (required), profile, email, address,
    /// phone, offline_access. Default for add: openid,profile,email.
    #[arg(long = "scope", value_name = "SCOPE", value_delimiter = ',')]
    pub scopes: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum SamlCommand {
    /// List the service providers, with what their certificates say.
    List,
    /// Add a service provider.
    Add {
        /// The SP's entity id (unique, ignoring case).
        #[arg(long)]
        issuer: String,
        /// Assertion Consumer Service URL.
        #[arg(long)]
        acs: String,
        /// Single Logout Service URL.
        #[arg(long)]
        slo: Option<String>,
        /// The SP's signing certificate: a PEM, base64 or DER file (- for standard input).
        #[arg(long, value_name = "FILE")]
        certificate: Option<String>,
        #[command(flatten)]
        name_id: NameIdArgs,
    },
    /// Add a service provider from its SAML metadata XML (- for standard input): issuer, ACS,
    /// SLO and signing certificate, as HES's own import fills them.
    ImportMetadata {
        file: String,
        #[command(flatten)]
        name_id: NameIdArgs,
        /// Print what would be added without adding it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Delete a service provider (by Id or Issuer).
    Delete { sp: String },
    /// Check a certificate file (PEM, base64 or DER; - for standard input) and print its subject,
    /// issuer, validity and SHA-256 fingerprint.
    Certificate { file: String },
}

#[derive(Args, Debug)]
pub struct NameIdArgs {
    /// Name Identifier Format: a label (Unspecified, Email, "X509 Subject Name", Windows,
    /// Kerberos, Entity, Persistent, Transient) or its URI. Default Email (for import: the
    /// SP's first listed format HES offers, else Email).
    #[arg(long, value_name = "FORMAT")]
    pub name_id_format: Option<String>,
    /// Name Identifier Field: email (default) or external-id.
    #[arg(long, value_enum)]
    pub name_id_field: Option<NameIdFieldArg>,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum NameIdFieldArg {
    Email,
    ExternalId,
}

#[derive(Subcommand, Debug)]
pub enum LogoCommand {
    /// Set a slot's logo from a PNG, JPEG or WebP file (- for standard input).
    /// Slots: main 240x60, sidebar 180x40, sidebar-small 40x40, email 200x50, favicon 32x32.
    Set { slot: String, file: String },
    /// Put a slot back to HES's default logo.
    Reset { slot: String },
}

#[derive(Subcommand, Debug)]
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

// `hesctl history`, `export`, `import`, `backups` (run by history.rs and export.rs).

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub command: Option<HistoryCommand>,
    /// Only entries that changed this section (licensing, domains, oidc, saml, customization, …).
    #[arg(long)]
    pub section: Option<String>,
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

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Where to write the file (- for standard output).
    #[arg(long, short, default_value = "-")]
    pub output: String,
    /// Include the secrets, encrypted under a passphrase (HESCTL_CONFIG_PASSPHRASE or stdin).
    #[arg(long)]
    pub with_secrets: bool,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The configuration file.
    pub file: String,
    /// The file's secrets too: its passphrase from HESCTL_CONFIG_PASSPHRASE or stdin.
    #[arg(long)]
    pub with_secrets: bool,
    /// Write the previewed changes (one transaction, after an automatic backup).
    #[arg(long)]
    pub apply: bool,
    /// With --apply: also remove what the file lacks in these sections (a section, or a list's
    /// items: domains, clients, service providers). Without it they are kept.
    #[arg(long, value_delimiter = ',')]
    pub remove: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct BackupsArgs {
    /// Preview restoring this backup (a name from the list); with --apply, write it.
    #[arg(long)]
    pub restore: Option<String>,
    #[arg(long)]
    pub apply: bool,
    /// With --restore --apply: also remove what the backup lacks in these sections.
    #[arg(long, value_delimiter = ',')]
    pub remove: Vec<String>,
}
