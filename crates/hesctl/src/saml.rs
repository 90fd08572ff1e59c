//! `hesctl saml list|add|import-metadata|delete|certificate`: SAML service providers in HES's
//! `SamlRelyingParties` table. A service provider is named by its Id or Issuer (any case).
//! HES reads this table when it starts, so changes note that HES needs a restart.

use crate::cli::{Cli, NameIdArgs, NameIdFieldArg, SamlCommand};
use crate::input::Passwords;
use crate::{connect, output};
use hes_core::error::{AppError, AppResult, ErrorCode};
use hes_core::settings::saml::{name_id_format_uri, NameIdField, SamlSpInput, SamlSpView};
use hes_core::settings::saml_cert::{self, CertificateInfo, MAX_CERTIFICATE_BYTES};
use hes_core::settings::saml_metadata::{self, MAX_METADATA_BYTES};
use hes_core::settings::view::SettingsView;
use serde_json::json;
use std::path::Path;

const RESTART: &str = "HES reads SAML service providers when it starts: restart HES to apply the change.";

impl NameIdArgs {
    fn format(&self) -> Option<String> {
        self.name_id_format.as_deref().map(|f| name_id_format_uri(f).map(String::from).unwrap_or_else(|| f.to_string()))
    }
    fn field(&self) -> Option<NameIdField> {
        self.name_id_field.map(|f| match f {
            NameIdFieldArg::Email => NameIdField::Email,
            NameIdFieldArg::ExternalId => NameIdField::External,
        })
    }
}

/// A file's bytes (`-`: standard input), at most `max`; `too_large` when there is more.
fn read(file: &str, max: usize, too_large: impl FnOnce() -> AppError) -> AppResult<Vec<u8>> {
    if file == "-" {
        return crate::input::read_bytes_stdin(max)?.ok_or_else(too_large);
    }
    hes_store::files::read_limited(Path::new(file), max)?.ok_or_else(too_large)
}

pub async fn run(cli: &Cli, command: &SamlCommand, passwords: &Passwords) -> AppResult<()> {
    if let SamlCommand::Certificate { file } = command {
        let bytes =
            read(file, MAX_CERTIFICATE_BYTES, || saml_cert::invalid_certificate("The file is larger than 64 KB"))?;
        let info = saml_cert::inspect(&bytes)?;
        if cli.json {
            output::json(&info);
        } else {
            print_certificate(&info, "");
        }
        return Ok(());
    }
    let console = connect::open(cli, passwords).await?;
    // HES 3.8.3 has no name-id columns: nothing about them is shown (or accepted: see saml::build).
    let has_name_id = console.info().saml_name_id;
    match command {
        SamlCommand::List => print_list(&console.view().await?.saml, cli.json, has_name_id),
        SamlCommand::Add { issuer, acs, slo, certificate, name_id } => {
            let cert = match certificate {
                Some(file) => {
                    let bytes = read(file, MAX_CERTIFICATE_BYTES, || {
                        saml_cert::invalid_certificate("The file is larger than 64 KB")
                    })?;
                    // PEM: the form the console stores (a DER file's bytes are not text).
                    Some(saml_cert::inspect(&bytes)?.pem)
                }
                None => None,
            };
            let input = SamlSpInput {
                issuer: issuer.clone(),
                single_sign_on_destination: acs.clone(),
                single_logout_response_destination: slo.clone(),
                signature_validation_certificate_base64: cert,
                name_identifier_format: name_id.format(),
                name_identifier_field: name_id.field(),
            };
            let view = console.saml_save(None, input, None).await?;
            print_added(&view, issuer, cli.json, has_name_id);
        }
        SamlCommand::ImportMetadata { file, name_id, dry_run } => {
            let bytes = read(file, MAX_METADATA_BYTES, saml_metadata::too_large)?;
            let m = saml_metadata::import(&bytes)?;
            let input = SamlSpInput {
                issuer: m.issuer.clone(),
                single_sign_on_destination: m.single_sign_on_destination.clone(),
                single_logout_response_destination: m.single_logout_response_destination.clone(),
                signature_validation_certificate_base64: Some(m.signature_validation_certificate_base64.clone()),
                name_identifier_format: name_id.format().or(m.name_identifier_format.clone()),
                name_identifier_field: name_id.field(),
            };
            if *dry_run {
                if cli.json {
                    output::json(&m);
                } else {
                    output::line(format!("Issuer: {}", m.issuer));
                    output::line(format!("Assertion Consumer Service: {}", m.single_sign_on_destination));
                    output::line(format!(
                        "Single Logout Service: {}",
                        m.single_logout_response_destination.as_deref().unwrap_or("(none)")
                    ));
                    print_certificate(&m.certificate, "");
                    output::line("(dry run: nothing was added)");
                }
                return Ok(());
            }
            let view = console.saml_save(None, input, None).await?;
            print_added(&view, &m.issuer, cli.json, has_name_id);
        }
        SamlCommand::Delete { sp } => {
            let view = console.view().await?;
            let row = find(&view, sp)?;
            console.saml_delete(&row.sp.id, Some(&row.revision)).await?;
            if cli.json {
                output::json(&json!({ "ok": true, "Id": row.sp.id }));
            } else {
                output::line(format!("service provider {} ({}) deleted", row.sp.issuer, row.sp.id));
                output::note(RESTART, false);
            }
        }
        SamlCommand::Certificate { .. } => unreachable!("handled above"),
    }
    Ok(())
}

fn find<'a>(view: &'a SettingsView, key: &str) -> AppResult<&'a SamlSpView> {
    view.saml
        .iter()
        .find(|s| s.sp.id == key)
        .or_else(|| view.saml.iter().find(|s| s.sp.issuer.to_lowercase() == key.to_lowercase()))
        .ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, "Service provider not found.")
                .with_hint("Name it by its Id or Issuer (hesctl saml list).")
        })
}

/// A row as JSON; without name-id columns (HES 3.8.3) without those two fields.
fn row_json(row: &SamlSpView, name_id: bool) -> serde_json::Value {
    let mut v = serde_json::to_value(row).unwrap_or_default();
    if let (false, Some(o)) = (name_id, v.as_object_mut()) {
        o.remove("NameIdentifierFormat");
        o.remove("NameIdentifierField");
    }
    v
}

fn print_added(view: &SettingsView, issuer: &str, as_json: bool, name_id: bool) {
    let Ok(row) = find(view, issuer) else { return };
    if as_json {
        output::json(&row_json(row, name_id));
        return;
    }
    output::line(format!("service provider {} added (Id {})", row.sp.issuer, row.sp.id));
    print_row(row, name_id);
    if row.certificate.as_ref().is_some_and(|c| c.expired) {
        output::note("the certificate has expired; the SP's signed logout requests may be refused", false);
    }
    output::note(RESTART, false);
}

fn print_list(list: &[SamlSpView], as_json: bool, name_id: bool) {
    if as_json {
        output::json(&list.iter().map(|r| row_json(r, name_id)).collect::<Vec<_>>());
        return;
    }
    if list.is_empty() {
        output::line("No service providers (hesctl saml add | import-metadata).");
    }
    for row in list {
        output::line(format!("{}: {}", row.sp.id, row.sp.issuer));
        print_row(row, name_id);
    }
}

fn print_row(row: &SamlSpView, name_id: bool) {
    let sp = &row.sp;
    output::line(format!("  Assertion Consumer Service: {}", sp.single_sign_on_destination));
    output::line(format!(
        "  Single Logout Service: {}",
        sp.single_logout_response_destination.as_deref().unwrap_or("")
    ));
    if name_id {
        output::line(format!("  Name Identifier Format: {}", sp.name_identifier_format));
        let field = match sp.name_identifier_field {
            NameIdField::Email => "Email",
            NameIdField::External => "External ID",
        };
        output::line(format!("  Name Identifier Field: {field}"));
    }
    match (&row.certificate, &row.certificate_problem) {
        (Some(c), _) => print_certificate(c, "  "),
        (None, Some(problem)) => output::line(format!("  Certificate: {problem}")),
        (None, None) => output::line("  Certificate: none"),
    }
}

fn print_certificate(c: &CertificateInfo, indent: &str) {
    let state = if c.expired {
        " (EXPIRED)"
    } else if c.not_yet_valid {
        " (not yet valid)"
    } else {
        ""
    };
    output::line(format!("{indent}Certificate subject: {}", c.subject));
    output::line(format!("{indent}Certificate issuer: {}", c.issuer));
    output::line(format!("{indent}Valid: {} – {}{state}", c.not_before, c.not_after));
    output::line(format!("{indent}SHA-256: {}", c.sha256_fingerprint));
}
