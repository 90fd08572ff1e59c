// The English catalog: every text the UI shows, in HES's words where HES has them. The keys are
// the names the texts had as constants in text.ts; adding a text = one line here and one in uk.ts.
// `{name}` is a placeholder; a plural message is an object of CLDR forms chosen by `{n}`.
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;

export const en = {
  // ---------- shared words ----------
  SAVE: 'Save',
  SAVING: 'Saving…',
  CANCEL: 'Cancel',
  CLOSE: 'Close',
  DELETE: 'Delete',
  DELETING: 'Deleting…',
  EDIT: 'Edit',
  SHOW: 'Show',
  HIDE: 'Hide',
  COPY: 'Copy',
  REMOVE: 'Remove',
  UNDO: 'Undo',
  RETRY: 'Try again',
  STORED: 'stored',
  NOT_SET: 'not set',
  YES: 'Yes',
  NO: 'No',
  LANGUAGE: 'Language',
  NOT_CONFIGURED: 'Not configured',
  CONFLICT_MESSAGE:
    'Someone else changed these settings while you were editing. Their current values are shown here; your changes are still in the form.',
  DISCARD_MINE: 'Discard mine',
  APPLY_MINE: 'Apply mine anyway',
  STORED_PLACEHOLDER: 'stored — leave empty to keep',
  HES_RELEASE: 'HES {version}',
  HES_RELEASE_UNKNOWN: 'This HES release',
  DURATION_MS: '{ms} ms',
  DURATION_S: '{s} s',

  // ---------- how HES treats a section (WorkspaceInfo.Support) ----------
  SUPPORT_RESTART: 'HES applies changes to this section only after it restarts.',
  SUPPORT_IGNORED:
    '{release} does not read this setting, and no HES release is known to: the console keeps it in its own row, in a format documented in {doc}.',
  NOT_READ_BADGE: 'not read by HES {version}',
  NOT_READ_BADGE_UNKNOWN: 'not read by this HES release',
  DOMAINS_IGNORED:
    '{release} reads only the primary on-premises domain (read live). The domains marked “{badge}” are kept in the console’s own row, which no HES release is known to read (its format is documented in {doc}).',
  EMAIL_CONFIG_NOTE: 'HES 3.x takes its SMTP settings from its own configuration file.',

  // ---------- Data Protection ----------
  DP_LOCKED:
    'HES Data Protection is on. Settings without secrets are shown; enter the Data Protection password to see or change secret fields.',
  DP_LOCKED_READONLY:
    'HES Data Protection is on. Settings without secrets are shown; secret fields stay hidden in read-only mode.',
  DP_BROKEN_TITLE: 'HES Data Protection is in an unfinished state.',
  DP_BROKEN:
    'A Data Protection password change did not finish in HES: the DataProtection table holds more than one row. Secrets cannot be read or written safely, so the console is read-only for this database. Finish the password change in HES, then open this connection again.',
  DP_WRONG_PASSWORD: 'Wrong Data Protection password.',
  DP_SECRET_LOCKED: 'Unlock Data Protection to change this.',
  DP_SECRET_LOCKED_KEPT: 'Unlock Data Protection to change this. Saving keeps the stored value.',
  DP_FINDINGS_TITLE: { one: '{n} stored secret cannot be used.', other: '{n} stored secrets cannot be used.' },
  DP_FINDINGS_INTRO:
    'HES re-encrypts only its own licensing, domain and Splunk settings when its Data Protection is enabled, disabled or its password changed. The secrets below were left behind: the console never uses, shows or copies them until they are repaired or entered again.',
  DP_FINDINGS_ELSEWHERE_INTRO:
    "These secrets were encrypted with a key this computer's keychain does not hold (a workspace copied from another computer, or a keychain that was reset). The console never uses, shows or copies them: type them again; nothing else is lost.",
  DP_PROTECT_NOW: 'Protect now',
  DP_RECOVER: 'Recover with old password…',
  DP_RECOVER_INTRO:
    'Enter the Data Protection password HES used before it was changed or disabled. The console decrypts the secrets left under that key with the copy of its parameters it saved on this computer, and stores them again under the current state. Nothing else changes.',
  DP_RECOVER_WRONG: 'That is not the old Data Protection password.',
  DP_REPAIRED: { one: '{n} secret repaired.', other: '{n} secrets repaired.' },
  WORKSPACE_PLAINTEXT:
    "The local workspace's secrets are not encrypted on this computer: {why}. They are protected only by the file's permissions: use full-disk encryption, or make the OS keychain available and reopen the console.",
  DP_UNLOCK_INTRO:
    'The console checks the password against HES’s verification code before anything is decrypted. Data Protection itself (enable, disable, change password) is managed in HES.',
  READ_ONLY_TITLE: 'Read-only.',
  READ_ONLY_DEFAULT: 'This connection cannot change settings.',
  UNLOCK: 'Unlock…',

  // ---------- connections ----------
  LOCAL_WORKSPACE: 'Local workspace',
  TLS_DISABLED: 'Disabled',
  TLS_DISABLED_HELP: 'No TLS: everything travels unencrypted.',
  TLS_PREFERRED: 'Preferred',
  TLS_PREFERRED_HELP: 'TLS when the server offers it, otherwise unencrypted; the certificate is not checked.',
  TLS_REQUIRED: 'Required',
  TLS_REQUIRED_HELP: 'Always TLS; the server’s certificate is not checked.',
  TLS_VERIFY_CA: 'Verify CA',
  TLS_VERIFY_CA_HELP: 'Always TLS; the certificate must be signed by a trusted CA (the CA file below, if given).',
  TLS_VERIFY_IDENTITY: 'Verify identity',
  TLS_VERIFY_IDENTITY_HELP: 'Like Verify CA, and the certificate must name the host you connect to.',
  TLS_UNVERIFIED_WARNING:
    'This mode does not verify the server: anyone on the network path can pose as the database and take the password and every setting (Preferred even falls back to no TLS at all). Choose Verify identity; if the server has a self-signed certificate, Test shows it and lets you trust exactly that certificate.',
  TLS_DISABLED_WARNING:
    'Without TLS the database password and all settings travel over the network unencrypted. Use it only on a trusted network.',
  TLS_CA_HINT:
    'The server’s certificate is not trusted. Edit the connection: give the CA file that signed the server’s certificate (TLS mode Verify CA or Verify identity); with Verify identity, connect by the host name the certificate names.',
  DB_CERT_ADVICE:
    'MySQL 8 makes a self-signed certificate of its own. Compare this SHA-256 with the server’s (on the database server: openssl x509 -in server-cert.pem -noout -fingerprint -sha256, in MySQL’s data directory) before trusting it. Only this exact certificate will be accepted for this server, on this computer.',
  DB_CERT_CHANGED:
    'The server presented a different certificate than the one you trusted for it, so the console did not connect. Someone may be intercepting the connection. Trust the new certificate only after confirming its SHA-256 with the database’s administrator.',

  // ---------- staging (copy settings between connections) ----------
  STAGE_LICENSING: 'Licensing',
  STAGE_DOMAIN: 'Domain (primary)',
  STAGE_DOMAINS: 'Further domains',
  STAGE_SPLUNK: 'Splunk',
  STAGE_FIDO: 'Security keys',
  STAGE_OIDC: 'OIDC',
  STAGE_EMAIL: 'E-mail',
  STAGE_CUSTOMIZATION: 'Customization',
  STAGE_SAML: 'SAML service providers',
  STAGE_TITLE: 'Copy settings between connections',
  STAGE_INTRO:
    'Copies the chosen sections from one connection to another, for example from the local workspace to a HES server. Secrets are re-encrypted under the target’s Data Protection key. Preview first: nothing is written until you confirm.',
  STAGE_SAME: 'Choose two different connections to copy between.',
  STAGE_NONE: 'Choose at least one section.',
  STAGE_ACTION_CREATE: 'Create',
  STAGE_ACTION_REPLACE: 'Replace',
  STAGE_ACTION_REMOVE: 'Remove',
  STAGE_ACTION_UNCHANGED: 'Unchanged',
  STAGE_DP_LOCKED_HINT:
    'A connection whose HES Data Protection is on can be copied from or to only when the console can read its key: open that connection and unlock it (then copy while it is open), or unlock it with “Remember the password”, then preview again.',
  STAGE_STALE: 'The target changed since this preview. Nothing was copied. Preview again to see the current differences.',
  STAGE_COPIED: 'Settings copied to {to}.',

  // ---------- Diagnostics ----------
  DIAGNOSTICS_TITLE: 'Diagnostics',
  DIAGNOSTICS_DESCRIPTION:
    'Test every outside connection configured here, all at once: Active Directory, Azure AD, Splunk, e-mail (SMTP), the licensing server and your saved HES database connections. Secrets and keys never appear in the report.',
  DIAGNOSTICS_EMPTY: 'No outside connection is configured yet.',
  DIAGNOSTICS_RUN: 'Run all checks',
  DIAGNOSTICS_RUNNING: 'Running…',
  DIAGNOSTICS_COPY: 'Copy report',
  DIAGNOSTICS_COPIED: 'The report has been copied to the clipboard.',
  DIAGNOSTICS_COPY_FAILED: 'The report could not be copied to the clipboard.',
  DIAGNOSTICS_IDLE: 'Run the checks to test each connection step by step.',
  CHECK_TEST: 'Test',
  CHECK_WAITING: 'Waiting for the first step…',
  CHECK_SPLUNK: 'Splunk',
  CHECK_LICENSING: 'Licensing server',
  CHECK_AZURE: 'Azure AD',
  CHECK_AD: 'Active Directory',
  CHECK_SMTP: 'E-mail (SMTP)',
  CHECK_DATABASE: 'HES database',
  CHECK_DATAPROTECTION: 'Data Protection',
  STATUS_OK: 'OK',
  STATUS_WARN: 'Warning',
  STATUS_FAIL: 'Failed',
  STATUS_SKIPPED: 'Skipped',

  // ---------- OIDC secrets, SAML certificates and metadata, logos, security keys ----------
  OIDC_SECRET_ONCE:
    'Copy the client secret now and give it to the application. It will not be shown again: afterwards the console shows it only as “stored”.',
  OIDC_SECRET_GENERATED_HINT:
    'The console generates the client secret (32 random bytes) and shows it once after you add the client.',
  OIDC_SECRET_EDIT_HINT: 'Generated by the console. To replace it, use “Regenerate secret” on the client.',
  OIDC_PUBLIC_CLIENT: 'Public client (PKCE): no client secret',
  OIDC_REGENERATE_TITLE: 'Regenerate client secret',
  OIDC_REGENERATE_CONSEQUENCE:
    'Applications that sign in with client ID {clientId} stop working until they are updated with the new secret.',
  SECRET_COPIED: 'The client secret has been copied to the clipboard.',
  SECRET_COPY_FAILED: 'The client secret could not be copied to the clipboard. Show it and copy it by hand.',
  LIST_CONFLICT:
    'Someone else changed these settings meanwhile. The current values are shown now; nothing was saved. Try again if it is still needed.',
  SAML_CERT_HINT:
    'The service provider’s signing certificate, used to validate its logout requests. Paste PEM (-----BEGIN CERTIFICATE-----) or base64, or choose a .cer, .crt, .pem or .der file.',
  SAML_CERT_EXPIRED:
    'This certificate has expired. HES still loads it, but a service provider that checks signatures may refuse it; ask the service provider for its current certificate.',
  SAML_CERT_NOT_YET_VALID:
    'This certificate is not valid yet. Check the date of this computer, or ask the service provider which certificate it signs with now.',
  SAML_METADATA_INTRO:
    'Fills in the Issuer, Assertion Consumer Service, Single Logout Service and the signing certificate from the service provider’s SAML 2.0 metadata. Review them, then save.',
  SAML_METADATA_FILLED: 'The fields were filled in from the metadata. Review them, then save.',
  NAME_ID_UNSPECIFIED: 'Unspecified',
  NAME_ID_EMAIL: 'Email',
  NAME_ID_X509: 'X509 Subject Name',
  NAME_ID_WINDOWS: 'Windows',
  NAME_ID_KERBEROS: 'Kerberos',
  NAME_ID_ENTITY: 'Entity',
  NAME_ID_PERSISTENT: 'Persistent',
  NAME_ID_TRANSIENT: 'Transient',
  NAME_ID_FIELD_EMAIL: 'Email',
  NAME_ID_FIELD_EXTERNAL: 'External ID',
  LOGO_MAIN: 'Main logo',
  LOGO_SIDEBAR: 'Sidebar logo',
  LOGO_SIDEBAR_SMALL: 'Sidebar logo (collapsed)',
  LOGO_EMAIL: 'E-mail logo',
  LOGO_FAVICON: 'Favicon',
  LOGOS_INTRO:
    'Choose a file, or drop one on its slot: PNG, JPEG or WebP up to 2 MB, at most 4096 px a side. SVG is refused (it can carry script, and HES’s e-mails need a raster image). The image is scaled to fit the slot, keeping its proportions, and stored as PNG; the previews show it at its real size.',
  FIDO_PLATFORM_HELP:
    'Platform authenticators are built into the user’s computer or phone, such as Windows Hello or Touch ID. A key enrolled this way works only on that one device.',
  FIDO_CROSS_PLATFORM_HELP:
    'Cross-platform authenticators are removable keys, such as a Hideez key or a YubiKey, that the user carries and plugs in or taps on any computer.',
  FIDO_DEFAULT_HELP:
    'When platform authenticators are allowed, the default key type is what enrollment offers first for a new key; cross-platform unless you change it.',
  OIDC_PUBLIC_HINT: 'An app that cannot keep a secret (mobile, single-page) signs in with PKCE instead.',
  OIDC_URI_HINT:
    'One absolute URI per line: https (http only on 127.0.0.1 or localhost, any port); no fragment (#) or wildcard (*).',

  // ---------- backend error codes (the UI shows these by code outside English; English shows the backend's own message) ----------
  ERR_Validation: 'The input is not valid.',
  ERR_NotFound: 'The item or setting does not exist.',
  ERR_DbUnreachable: 'The database cannot be reached or opened.',
  ERR_DbAuthFailed: 'The database refused the user name or password.',
  ERR_TlsUntrustedCertificate: 'The server’s TLS certificate is not trusted or does not match the host.',
  ERR_TlsCertificateChanged:
    'The server presented another certificate than the one you trusted for it. The console did not connect.',
  ERR_NotHesDatabase: 'This database is not an HES database; it was left untouched.',
  ERR_ReadOnly: 'This connection is read-only: nothing was changed.',
  ERR_NewerHesRelease:
    'This database is from a newer HES release than the console knows: changes are refused until you confirm.',
  ERR_ConcurrentChange: 'Someone else changed this setting meanwhile; nothing was written.',
  ERR_Duplicate: 'This value is already used by another item.',
  ERR_DataProtectionLocked: 'HES Data Protection is on: unlock it with the Data Protection password first.',
  ERR_DataProtectionWrongPassword: 'Wrong Data Protection password.',
  ERR_DataProtectionWrongKeyId: 'A stored secret is encrypted with a Data Protection key HES no longer has.',
  ERR_DataProtectionCorruptValue: 'A stored secret cannot be decrypted: it is damaged.',
  ERR_DataProtectionBroken: 'HES Data Protection is in an unfinished state: secrets cannot be read or written.',
  ERR_DataProtectionStaleKey:
    'A stored secret is encrypted under a Data Protection key HES has replaced: enter it again or recover it.',
  ERR_DataProtectionUnprotected:
    'A stored secret is in plain text while HES Data Protection is on: it is not used until protected.',
  ERR_DataProtectionEnvelopeWhileOff:
    'A stored secret is encrypted while HES Data Protection is off: it cannot be decrypted.',
  ERR_DataProtectionChanged:
    'HES Data Protection changed after the console opened the database: nothing was written, the new state is shown.',
  ERR_SecretStoredElsewhere:
    'This secret is encrypted with a key this computer’s keychain does not hold: enter it again.',
  ERR_CorruptSetting: 'A stored value is not in a format HES or the console can read.',
  ERR_ConsoleFormatNewer: 'This setting was written by a newer console: it is shown, but not changed or deleted.',
  ERR_Io: 'Reading or writing a local file failed.',
  ERR_BadRequest: 'The request was not valid.',
  ERR_Timeout: 'The operation took too long and was stopped.',
  ERR_Cancelled: 'Cancelled.',
  ERR_Internal: 'Something went wrong inside the console.',
  ERR_DocumentEmpty: 'The document is empty.',
  ERR_DocumentTruncated: 'The document ends in the middle (a cut-off file or download).',
  ERR_DocumentNotLicenses: 'The document does not hold HES licenses.',
  ERR_DocumentTooLarge: 'The document is too large to import.',
  ERR_LicensingKeyRejected: 'The licensing server refused the API key.',
  ERR_LicensingUnavailable: 'The licensing server could not be reached or answered with an error.',
  ERR_PlainHttpRefused: 'The API address is plain http: the API key would travel unencrypted. Confirm to go on anyway.',
  ERR_InvalidCertificate: 'This is not an X.509 certificate (PEM, base64 or DER).',
  ERR_SamlMetadataNotXml: 'The metadata is not well-formed XML.',
  ERR_SamlMetadataNotMetadata: 'Not metadata or descriptor element not found.',
  ERR_SamlMetadataNoSpDescriptor: 'Service Provider descriptor not loaded from metadata.',
  ERR_SamlMetadataNoAcs: 'The metadata names no Assertion Consumer Service.',
  ERR_SamlMetadataNoSigningCertificate: 'The metadata has no signing certificate.',
  ERR_ImageEmpty: 'The file is empty.',
  ERR_ImageFileTooLarge: 'The file is larger than 2 MB.',
  ERR_ImageTypeUnsupported: 'Choose a PNG, JPEG or WebP image.',
  ERR_ImageSvgRefused: 'SVG is refused: it can carry script, and HES’s e-mails need a raster image.',
  ERR_ImageDimensionsTooLarge: 'The image is wider or taller than 4096 px.',
  ERR_ImageMemoryLimit: 'Decoding this image would need more memory than the console allows.',
  ERR_ImageCorrupt: 'The image cannot be decoded (truncated or damaged).',
  ERR_DETAILS: 'Details',
  ERR_CODE: 'Code: {code}',
  V_REQUIRED: 'The {label} field is required.',
  V_URL: 'The {label} field is not a valid fully-qualified http, https, or ftp URL.',
  V_URL_HOST: 'The {label} field must be a URL with a host name and no spaces, like https://host.example.com.',
  V_RANGE: 'The field {label} must be between {min} and {max}.',
  V_EMAIL: 'The {label} field is not a valid e-mail address.',
  V_PORT: 'The {label} must be a TCP port between 1 and 65535.',
  V_MAX_LEN: 'The {label} field must be at most {max} characters.',
  V_GUID:
    "The {label} must be a GUID like 00000000-0000-0000-0000-000000000000 (copy it from the app's Overview page in Azure).",
  V_WHOLE_DAYS: 'The field {label} must be a whole number of days.',

  // ---------- shell: header, navigation, loading, errors, toasts ----------
  NAV_LICENSING: 'Licensing',
  NAV_DOMAINS: 'Domains',
  NAV_SPLUNK: 'Splunk',
  NAV_FIDO: 'Security keys',
  NAV_OIDC: 'OIDC',
  NAV_SAML: 'SAML',
  NAV_CUSTOMIZATION: 'Customization',
  NAV_LABEL: 'Parameters',
  LOAD_FAILED: 'The settings could not be loaded',
  LOADING: 'Loading settings…',
  DISMISS: 'Dismiss',
  OPENED: 'Opened {name}.',
  CONNECT_FAILED: '{name} could not be opened; the current connection stays open.',
  CONNECT_FAILED_LOCAL: 'The local workspace could not be opened; the current connection stays open.',
  EDIT_USER_PASSWORD: 'Edit user and password',
  EDIT_CONNECTION: 'Edit connection',
  PROFILES_UNREADABLE: 'The saved connections could not be read: {message}',
  RELOAD_FAILED: 'The settings could not be read again: {message}',
  HEADER_VERSION_UNKNOWN: 'HES version unknown',
  HEADER_DP_OFF_TITLE: 'HES Data Protection is off: HES stores secrets in plain text.',
  HEADER_DP_UNLOCKED_TITLE: 'HES Data Protection is on and unlocked for this session.',
  HEADER_DP_BROKEN_TITLE: 'A Data Protection password change did not finish in HES.',
  HEADER_DP_LOCKED_TITLE: 'HES Data Protection is on; secret fields need the Data Protection password.',
  HEADER_DP_UNLOCK_TITLE: 'Unlock HES Data Protection',
  HEADER_DP_UNLOCK_LABEL: 'Data Protection: locked. Unlock…',
  HEADER_DP_LOCKED: 'Data Protection: locked',
  HEADER_DP_off: 'Data Protection: off',
  HEADER_DP_unlocked: 'Data Protection: unlocked',
  HEADER_DP_locked: 'Data Protection: locked',
  HEADER_DP_broken: 'Data Protection: broken',
  HEADER_READONLY: 'read-only',

  // ---------- Licensing ----------
  S_LICENSING: 'Licensing',
  S_LICENSING_DESC: 'API authentication key for ordering licenses and the address of the licensing server.',
  LICENSING_UPDATED: 'The License settings have been updated.',
  LICENSING_DELETED: 'The License settings have been deleted.',
  F_API_KEY: 'API Key',
  F_API_ADDRESS: 'API Address',
  LICENSING_SET: 'Set Licensing Settings',
  DELETE_SETTINGS: 'Delete Settings',
  LICENSES: 'Licenses',
  LICENSING_SAVE_KEY_FIRST: 'Save the API key first',
  LICENSING_IMPORT_SERVER: 'Import from the licensing server',
  LICENSING_IMPORT_FILE: 'Import from a file…',
  LICENSING_DIALOG: 'License Settings',
  LICENSING_KEY_HINT:
    'After saving, the API Key is not displayed in open form. Type a new key to replace the stored one.',
  LICENSING_DELETE_TITLE: 'Delete license settings',
  LICENSING_DELETE_BODY: 'Please confirm deleting license settings.',

  // ---------- Splunk ----------
  SPLUNK_UPDATED: 'The Splunk settings have been updated.',
  SPLUNK_DELETED: 'The Splunk settings have been deleted.',
  S_SPLUNK_DESC: 'Settings for sending events to Splunk.',
  F_HOST: 'Host',
  F_TOKEN: 'Token',
  SPLUNK_SET: 'Set Splunk Settings',
  SPLUNK_DIALOG: 'Splunk Settings',
  SPLUNK_HOST_HINT: 'The HTTP Event Collector address.',
  SPLUNK_DELETE_TITLE: 'Delete Splunk settings',
  SPLUNK_DELETE_BODY: 'Please confirm deleting the Splunk settings.',

  // ---------- Domains ----------
  DOMAIN_GONE: 'has been deleted',
  DOMAIN_THIS: 'This domain',
  DOMAIN_DELETED: 'The Domain settings have been deleted.',
  DOMAIN_ADD_AD: 'On-premises Active Directory',
  DOMAIN_ADD_AD_DESC: 'Connects through LDAPS with an AD administrator account',
  DOMAIN_ADD_AZURE_DESC: 'Connects through a Microsoft Entra application',
  DOMAIN_ADD: 'Add domain',
  DOMAIN_ADD_FIRST: 'Add Domain Settings',
  DOMAIN_ONPREM: 'On-premises',
  DOMAIN_PRIMARY_TITLE: 'The domain HES 3.x syncs with',
  DOMAIN_PRIMARY: 'primary',
  F_USER_LOGON_NAME: 'User Logon Name',
  F_PASSWORD: 'Password',
  DOMAIN_PASSWORD_STORED: 'Password stored',
  DOMAIN_PASSWORD_NOT_SET: 'Password not set',
  F_APPLICATION_ID: 'Application ID',
  F_TENANT_ID: 'Tenant ID',
  F_CLIENT_SECRET: 'Client secret',
  DOMAIN_SECRET_STORED: 'Client secret stored',
  DOMAIN_SECRET_NOT_SET: 'Client secret not set',
  F_AUTO_PASSWORD_CHANGE: 'Auto Password Change',
  DOMAIN_DELETE_TITLE: 'Delete domain settings',

  // ---------- Domains (more) ----------
  S_DOMAINS_DESC: 'To connect to the domain and import groups and users.',
  EDIT_NAMED: 'Edit {name}',
  DELETE_NAMED: 'Delete {name}',
  DOMAIN_DELETE_BODY: 'Please confirm deleting domain settings for',
  DOMAIN_DELETE_AD_WARNING:
    'Be aware! As soon as you remove the AD administrator login and password from the settings, all AD sync scenarios will stop working.',
  DOMAIN_DELETE_AZURE_WARNING:
    'Be aware! As soon as you remove the Azure AD application ID and client secret from the settings, all Azure AD sync scenarios will stop working.',
} satisfies Record<string, Message>;

export type Key = keyof typeof en;
