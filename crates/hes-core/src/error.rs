//! The one error type of the console: `{code, message, hint?, field?}`.
//! The UI and `hesctl` branch on `code` only; `message` and `hint` are for people.

use serde::Serialize;
use ts_rs::TS;

/// Stable error codes. Never rename a variant: scripts and the UI match on these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ErrorCode {
    /// Input failed validation; `field` names the first bad field, `fieldErrors` lists all.
    Validation,
    /// The item or setting addressed does not exist.
    NotFound,
    /// The database cannot be reached or opened.
    DbUnreachable,
    /// The database refused the credentials (or the connection without TLS).
    DbAuthFailed,
    /// The server's TLS certificate is not trusted or does not match the host.
    TlsUntrustedCertificate,
    /// The server presented another certificate than the one the administrator pinned for it:
    /// refused, never re-trusted silently (it may be an attacker, or a renewed certificate).
    TlsCertificateChanged,
    /// The database is not an HES database (tables missing) and was left untouched.
    NotHesDatabase,
    /// The open connection is read-only (helpdesk, or an unfinished Data Protection change).
    ReadOnly,
    /// The database is from a HES release newer than the newest the console knows: writes are
    /// refused until the admin acknowledges it for this connection (`hesctl --allow-newer-hes`).
    NewerHesRelease,
    /// Someone else changed the setting between load and save; nothing was written.
    ConcurrentChange,
    /// A unique value (e.g. SAML Issuer) is already used by another item.
    Duplicate,
    DataProtectionLocked,
    DataProtectionWrongPassword,
    DataProtectionWrongKeyId,
    DataProtectionCorruptValue,
    DataProtectionBroken,
    /// A stored secret is encrypted under a Data Protection key HES has replaced (its key id has
    /// no `DataProtection` row any more): it cannot be used; enter it again (or recover it).
    DataProtectionStaleKey,
    /// A stored secret is in plaintext while HES Data Protection is on: never used until protected.
    DataProtectionUnprotected,
    /// A stored secret is an encrypted envelope while HES Data Protection is off: it cannot be decrypted.
    DataProtectionEnvelopeWhileOff,
    /// HES enabled, disabled or re-keyed Data Protection after the console opened the database:
    /// the write was refused and the console now shows the new state.
    DataProtectionChanged,
    /// A secret of the local workspace is encrypted with a key this computer's keychain does not
    /// hold (a copied workspace, a wiped keychain): enter it again.
    SecretStoredElsewhere,
    /// A stored value is not in a format HES (or the console) can read.
    CorruptSetting,
    /// One of the console's own rows (domains, fido, oidc, email, customization) is in a newer
    /// `ConsoleFormat` than this console writes: it stays readable, but is not changed or deleted.
    ConsoleFormatNewer,
    /// Reading or writing a local file failed.
    Io,
    /// The request itself was malformed (bad JSON, unknown section, bad arguments).
    BadRequest,
    Timeout,
    Cancelled,
    /// A bug: the message says what happened, never a secret.
    Internal,
    /// License import: the document holds no JSON at all.
    DocumentEmpty,
    /// License import: the document ends in the middle (a cut-off file or download).
    DocumentTruncated,
    /// License import: not JSON, or JSON without HES's DevicesDto / DeviceLicensesDto / LicenseOrdersDto arrays.
    DocumentNotLicenses,
    /// License import: the document is larger than the import's size limit.
    DocumentTooLarge,
    /// License import: the licensing server refused the API key (HTTP 401, 403 or 404).
    LicensingKeyRejected,
    /// License import: the licensing server could not be reached or answered with an error.
    LicensingUnavailable,
    /// License import: the API address is plain `http://`, so the stored API key (in the URL
    /// path) would travel unencrypted; refused unless the admin confirms (`allow_plain_http`,
    /// `hesctl licenses import --allow-plain-http`).
    PlainHttpRefused,
    /// A SAML certificate is not an X.509 certificate (PEM, bare base64 or DER).
    InvalidCertificate,
    /// SP metadata: not well-formed XML (or it carries a DTD, which is refused).
    SamlMetadataNotXml,
    /// SP metadata: the root is not an `EntityDescriptor` (HES: "Not metadata or descriptor element not found.").
    SamlMetadataNotMetadata,
    /// SP metadata: no `SPSSODescriptor` (HES: "Service Provider descriptor not loaded from metadata.").
    SamlMetadataNoSpDescriptor,
    /// SP metadata: no `AssertionConsumerService` with a `Location`.
    SamlMetadataNoAcs,
    /// SP metadata: no signing certificate (HES fails here too).
    SamlMetadataNoSigningCertificate,
    /// Logo: no bytes at all.
    ImageEmpty,
    /// Logo: the file is larger than 2 MB.
    ImageFileTooLarge,
    /// Logo: not PNG, JPEG or WebP by its bytes.
    ImageTypeUnsupported,
    /// Logo: SVG is refused (it can carry script; HES e-mails need raster images).
    ImageSvgRefused,
    /// Logo: wider or taller than 4096 px (decompression bombs end here).
    ImageDimensionsTooLarge,
    /// Logo: decoding would need more memory than the console allows.
    ImageMemoryLimit,
    /// Logo: the bytes cannot be decoded (truncated or damaged).
    ImageCorrupt,
    /// Configuration import: the file was written by a newer console (a newer format version).
    ConfigFileNewer,
    /// Configuration import: the passphrase does not open the file's secrets.
    ConfigWrongPassphrase,
    /// Configuration import: the file is truncated, altered or not a configuration file.
    ConfigFileDamaged,
    /// The SSH host of a profile could not be reached (name, TCP or the SSH handshake).
    SshUnreachable,
    /// The SSH host presented a key that is neither pinned nor in known_hosts: shown, trusted only
    /// by the administrator.
    SshHostKeyUnknown,
    /// The SSH host presented another key than the one pinned (or recorded in known_hosts).
    SshHostKeyChanged,
    /// The SSH host refused the user, key, agent identities or password.
    SshAuthFailed,
    /// The SSH host refused to forward to the database (e.g. `PermitOpen`, `AllowTcpForwarding`).
    SshForwardRefused,
    /// The SSH session ended under an open connection; the next operation reconnects.
    SshTunnelClosed,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "Validation",
            ErrorCode::NotFound => "NotFound",
            ErrorCode::DbUnreachable => "DbUnreachable",
            ErrorCode::DbAuthFailed => "DbAuthFailed",
            ErrorCode::TlsUntrustedCertificate => "TlsUntrustedCertificate",
            ErrorCode::TlsCertificateChanged => "TlsCertificateChanged",
            ErrorCode::NotHesDatabase => "NotHesDatabase",
            ErrorCode::ReadOnly => "ReadOnly",
            ErrorCode::NewerHesRelease => "NewerHesRelease",
            ErrorCode::ConcurrentChange => "ConcurrentChange",
            ErrorCode::Duplicate => "Duplicate",
            ErrorCode::DataProtectionLocked => "DataProtectionLocked",
            ErrorCode::DataProtectionWrongPassword => "DataProtectionWrongPassword",
            ErrorCode::DataProtectionWrongKeyId => "DataProtectionWrongKeyId",
            ErrorCode::DataProtectionCorruptValue => "DataProtectionCorruptValue",
            ErrorCode::DataProtectionBroken => "DataProtectionBroken",
            ErrorCode::DataProtectionStaleKey => "DataProtectionStaleKey",
            ErrorCode::DataProtectionUnprotected => "DataProtectionUnprotected",
            ErrorCode::DataProtectionEnvelopeWhileOff => "DataProtectionEnvelopeWhileOff",
            ErrorCode::DataProtectionChanged => "DataProtectionChanged",
            ErrorCode::SecretStoredElsewhere => "SecretStoredElsewhere",
            ErrorCode::CorruptSetting => "CorruptSetting",
            ErrorCode::ConsoleFormatNewer => "ConsoleFormatNewer",
            ErrorCode::Io => "Io",
            ErrorCode::BadRequest => "BadRequest",
            ErrorCode::Timeout => "Timeout",
            ErrorCode::Cancelled => "Cancelled",
            ErrorCode::Internal => "Internal",
            ErrorCode::DocumentEmpty => "DocumentEmpty",
            ErrorCode::DocumentTruncated => "DocumentTruncated",
            ErrorCode::DocumentNotLicenses => "DocumentNotLicenses",
            ErrorCode::DocumentTooLarge => "DocumentTooLarge",
            ErrorCode::LicensingKeyRejected => "LicensingKeyRejected",
            ErrorCode::LicensingUnavailable => "LicensingUnavailable",
            ErrorCode::PlainHttpRefused => "PlainHttpRefused",
            ErrorCode::InvalidCertificate => "InvalidCertificate",
            ErrorCode::SamlMetadataNotXml => "SamlMetadataNotXml",
            ErrorCode::SamlMetadataNotMetadata => "SamlMetadataNotMetadata",
            ErrorCode::SamlMetadataNoSpDescriptor => "SamlMetadataNoSpDescriptor",
            ErrorCode::SamlMetadataNoAcs => "SamlMetadataNoAcs",
            ErrorCode::SamlMetadataNoSigningCertificate => "SamlMetadataNoSigningCertificate",
            ErrorCode::ImageEmpty => "ImageEmpty",
            ErrorCode::ImageFileTooLarge => "ImageFileTooLarge",
            ErrorCode::ImageTypeUnsupported => "ImageTypeUnsupported",
            ErrorCode::ImageSvgRefused => "ImageSvgRefused",
            ErrorCode::ImageDimensionsTooLarge => "ImageDimensionsTooLarge",
            ErrorCode::ImageMemoryLimit => "ImageMemoryLimit",
            ErrorCode::ImageCorrupt => "ImageCorrupt",
            ErrorCode::ConfigFileNewer => "ConfigFileNewer",
            ErrorCode::ConfigWrongPassphrase => "ConfigWrongPassphrase",
            ErrorCode::ConfigFileDamaged => "ConfigFileDamaged",
            ErrorCode::SshUnreachable => "SshUnreachable",
            ErrorCode::SshHostKeyUnknown => "SshHostKeyUnknown",
            ErrorCode::SshHostKeyChanged => "SshHostKeyChanged",
            ErrorCode::SshAuthFailed => "SshAuthFailed",
            ErrorCode::SshForwardRefused => "SshForwardRefused",
            ErrorCode::SshTunnelClosed => "SshTunnelClosed",
        }
    }

    /// `hesctl` exit code for this class of error (documented in `hesctl --help` and the README).
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorCode::Validation | ErrorCode::Duplicate => 3,
            // A license document that cannot be imported at all: nothing was written.
            ErrorCode::DocumentEmpty
            | ErrorCode::DocumentTruncated
            | ErrorCode::DocumentNotLicenses
            | ErrorCode::DocumentTooLarge => 3,
            // Nothing was sent: the admin has to confirm plain http (or fix the address).
            ErrorCode::PlainHttpRefused => 3,
            ErrorCode::LicensingKeyRejected | ErrorCode::LicensingUnavailable => 7,
            // Bad certificates, metadata and images are input that failed validation.
            ErrorCode::InvalidCertificate
            | ErrorCode::SamlMetadataNotXml
            | ErrorCode::SamlMetadataNotMetadata
            | ErrorCode::SamlMetadataNoSpDescriptor
            | ErrorCode::SamlMetadataNoAcs
            | ErrorCode::SamlMetadataNoSigningCertificate
            | ErrorCode::ImageEmpty
            | ErrorCode::ImageFileTooLarge
            | ErrorCode::ImageTypeUnsupported
            | ErrorCode::ImageSvgRefused
            | ErrorCode::ImageDimensionsTooLarge
            | ErrorCode::ImageMemoryLimit
            | ErrorCode::ImageCorrupt => 3,
            // A configuration file that cannot be imported: nothing was written.
            ErrorCode::ConfigFileNewer | ErrorCode::ConfigWrongPassphrase | ErrorCode::ConfigFileDamaged => 3,
            ErrorCode::BadRequest => 2,
            ErrorCode::NotFound => 4,
            ErrorCode::ConcurrentChange => 5,
            ErrorCode::ReadOnly | ErrorCode::NewerHesRelease => 6,
            ErrorCode::DbUnreachable
            | ErrorCode::DbAuthFailed
            | ErrorCode::TlsUntrustedCertificate
            | ErrorCode::TlsCertificateChanged
            | ErrorCode::NotHesDatabase
            | ErrorCode::Timeout
            | ErrorCode::Cancelled
            | ErrorCode::SshUnreachable
            | ErrorCode::SshHostKeyUnknown
            | ErrorCode::SshHostKeyChanged
            | ErrorCode::SshAuthFailed
            | ErrorCode::SshForwardRefused
            | ErrorCode::SshTunnelClosed => 7,
            ErrorCode::DataProtectionLocked
            | ErrorCode::DataProtectionWrongPassword
            | ErrorCode::DataProtectionWrongKeyId
            | ErrorCode::DataProtectionCorruptValue
            | ErrorCode::DataProtectionBroken
            | ErrorCode::DataProtectionStaleKey
            | ErrorCode::DataProtectionUnprotected
            | ErrorCode::DataProtectionEnvelopeWhileOff
            | ErrorCode::SecretStoredElsewhere
            | ErrorCode::CorruptSetting
            | ErrorCode::ConsoleFormatNewer => 8,
            // Like a concurrent change: nothing was written, reload and try again.
            ErrorCode::DataProtectionChanged => 5,
            ErrorCode::Io => 9,
            ErrorCode::Internal => 10,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field's validation message. `field` is the PascalCase path, e.g. `ApiKey` or `RedirectUris[1]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The serialized error every command and `hesctl --json` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[ts(rename_all = "camelCase")]
#[error("{code}: {message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldError>>", optional)]
    pub field_errors: Vec<FieldError>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into(), hint: None, field: None, field_errors: Vec::new() }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// A validation error from a non-empty list of field errors.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let first = errors.first().cloned();
        let message = match (&first, errors.len()) {
            (Some(e), 1) => e.message.clone(),
            (Some(e), n) => format!("{} (and {} more problem{})", e.message, n - 1, if n > 2 { "s" } else { "" }),
            (None, _) => "The input is not valid.".to_string(),
        };
        AppError {
            code: ErrorCode::Validation,
            message,
            hint: None,
            field: first.map(|e| e.field),
            field_errors: errors,
        }
    }

    pub fn field_error(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError { field: field.to_string(), message: message.into() }])
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    pub fn concurrent(section: &str) -> Self {
        Self::new(
            ErrorCode::ConcurrentChange,
            format!("The {section} settings were changed by someone else after you opened them. Nothing was saved."),
        )
        .with_hint("Review the current values, then apply your change again.")
    }

    pub fn read_only(reason: &str) -> Self {
        Self::new(ErrorCode::ReadOnly, format!("This connection is read-only: {reason}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// Prefix field paths with a list index: `Host` → `[2].Host` (errors of one item of an array).
    pub fn at_index(mut self, i: usize) -> Self {
        let prefix = |f: &str| format!("[{i}].{f}");
        self.field = self.field.map(|f| prefix(&f));
        for e in &mut self.field_errors {
            e.field = prefix(&e.field);
        }
        if self.code == ErrorCode::Validation {
            self.message = format!("Item {}: {}", i + 1, self.message);
        }
        self
    }
}
