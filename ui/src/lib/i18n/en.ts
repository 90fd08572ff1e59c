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

  // ---------- sections: headers, dialog titles, shared buttons ----------
  ANYWAY: '{action} anyway',
  ADD: 'Add',
  CHECKING: 'Checking…',
  S_CUSTOMIZATION_DESC: 'In this section, you can customize logos and email for the server.',
  EMAIL_DELETE_TITLE: 'Delete e-mail settings',
  CUST_SERVER: 'Server',
  F_SERVER_NAME: 'Server name',
  CUST_SERVER_NAME_HINT: 'Shown in e-mails and page titles.',
  DOMAIN_AD_DIALOG: 'Domain Settings',
  DOMAIN_AZURE_DIALOG: 'Azure AD Settings',
  EMAIL_DIALOG: 'E-mail Settings',
  LOGO_RESET_TITLE: 'Reset to default',
  LOGO_RESET: 'Reset',
  LOGO_RESETTING: 'Resetting…',
  S_OIDC_DESC: 'The OpenID Connect clients (OIDC) that sign users in with HES.',
  OIDC_REGENERATE: 'Regenerate',
  OIDC_REGENERATING: 'Regenerating…',
  OIDC_DELETE_TITLE: 'Delete OIDC client',
  S_SAML_DESC: 'Configuring service providers.',
  SAML_DELETE_TITLE: 'Delete Service Provider',
  S_FIDO_DESC:
    'If “Allow Platform Authenticators” is enabled, you can choose the type of security key you are enrolling for the user (by default it is cross-platform).',

  // ---------- field labels HES names in its messages ----------
  F_DOMAIN_NAME: 'Domain Name',
  F_SMTP_HOST: 'SMTP Host',
  F_NAME: 'Name',
  F_ISSUER: 'Issuer',
  F_ACS: 'Assertion Consumer Service',
  F_CLIENT_ID: 'Client ID',
  F_FROM: 'From address',

  // ---------- licenses at a glance ----------
  LIC_GLANCE: 'Licenses at a glance',
  LIC_VAULTS: { one: '{n} vault', other: '{n} vaults' },
  LIC_LICENSES: { one: '{n} license', other: '{n} licenses' },
  LIC_AS_OF: 'as of {date} (UTC).',
  LIC_STATUS_None: 'None',
  LIC_STATUS_Valid: 'Valid',
  LIC_STATUS_Warning: 'Warning',
  LIC_STATUS_Critical: 'Critical',
  LIC_STATUS_Expired: 'Expired',
  LIC_ENDING: 'Licenses ending per month',

  // ---------- license import ----------
  IMP_TITLE_SERVER: 'Import licenses from the licensing server',
  IMP_TITLE_FILE: 'Import licenses from a file',
  IMP_ROWS_IMPORTED: { one: '{n} new row was imported.', other: '{n} new rows were imported.' },
  IMP_REPORT_SAVED: 'The rejection report was saved to {path}.',
  IMP_IMPORTING: 'Importing…',
  IMP_PREPARING: 'Preparing the preview…',
  IMP_PROGRESS: 'Progress',
  IMP_PLAIN_HTTP:
    "The API key is part of the address HES's import calls, so over plain http anyone on the network path can read it. Use an https:// API address, or send it anyway.",
  IMP_PLAIN_HTTP_SEND: 'Send the key over plain http',
  IMP_DONE: 'Imported from {source}: {counts}.',
  IMP_STATUS_AFTER:
    "The new vaults have license status None, as HES's own import leaves them. HES's next status update (within 30 minutes) sets {statuses} and e-mails the admins.",
  IMP_STATUS_ON: '{status} on {n}',
  IMP_FROM: 'From',
  IMP_BYTES: { one: '{n} byte', other: '{n} bytes' },
  IMP_NOTHING_YET: 'Nothing has been written yet.',
  IMP_COL_TABLE: 'Table',
  IMP_COL_DOC: 'In the document',
  IMP_COL_NEW: 'New',
  IMP_COL_PRESENT: 'Already present (skipped)',
  IMP_COL_REJECTED: 'Rejected',
  IMP_EXISTING:
    { one: "{n} existing vault gets a new license; as in HES's own import, its row stays as it is.", other: "{n} existing vaults get a new license; as in HES's own import, their rows stay as they are." },
  IMP_NEW_NONE:
    "New vaults are written with license status None, as HES's own import writes them. HES sets the status at its next status update (within 30 minutes) and e-mails the admins each change.",
  IMP_EXPECTED: "Expected status after HES's next status update:",
  IMP_EXPECTED_NOTE: '(HES will set this; the import does not write it)',
  IMP_HES_SKIP:
    { one: "HES's own import would skip {n} of these licenses.", other: "HES's own import would skip {n} of these licenses." },
  IMP_REJECTED: 'Rejected records ({n})',
  IMP_LISTED: 'The first {n} are listed;',
  IMP_REPORT_FIRST: 'the report has the first {kept}, and {more} more are counted only.',
  IMP_REPORT_ALL: 'the report has all of them.',
  IMP_SAVE_REPORT: 'Save report (CSV)…',
  READ_ONLY_CONNECTION: 'Read-only connection',
  APPLY: 'Apply',
  IMP_PHASE_PARSE: 'Reading the document',
  IMP_PHASE_VALIDATE: 'Checking every record',
  IMP_PHASE_WRITE: 'Writing to the database',
  IMP_TABLE_ORDERS: 'License orders',
  IMP_TABLE_VAULTS: 'Hardware vaults',
  IMP_TABLE_LICENSES: 'Licenses',

  // ---------- OIDC ----------
  OIDC_ADD: 'Add OIDC client',
  OIDC_EMPTY: 'No OIDC clients yet.',
  ENABLED_BADGE: 'enabled',
  DISABLED_BADGE: 'disabled',
  F_REDIRECT_URIS: 'Redirect URIs',
  F_SCOPES: 'Scopes',
  OIDC_REGENERATE_SECRET: 'Regenerate secret',
  OIDC_CLIENTS: 'OIDC clients',
  OIDC_THIS: 'This client',
  HAS_BEEN_DELETED: 'has been deleted',
  OIDC_DELETED: 'The OIDC client has been deleted.',
  OIDC_SECRET_GENERATED: 'A new client secret has been generated.',
  OIDC_NEW_SECRET: 'New client secret',
  OIDC_ADDED_TITLE: 'OIDC client added',

  // ---------- OIDC (more) ----------
  OIDC_SECRET_OF: 'client secret of {name}',
  DISABLE_NAMED: 'Disable {name}',
  ENABLE_NAMED: 'Enable {name}',
  DISABLE: 'Disable',
  ENABLE: 'Enable',
  OIDC_REGENERATE_NAMED: 'Regenerate secret of {name}',
  OIDC_ENABLED: 'The OIDC client {name} has been enabled.',
  OIDC_DISABLED: 'The OIDC client {name} has been disabled.',
  OIDC_REGENERATE_BODY: 'A new client secret replaces the current one of',

  // ---------- OIDC dialog ----------
  F_ENABLED: 'Enabled',
  F_POST_LOGOUT_URIS: 'Post-logout redirect URIs',
  OIDC_ADDED: 'The OIDC client has been added.',
  OIDC_UPDATED: 'The OIDC client has been updated.',
  OIDC_ADD_TITLE: 'Add OIDC Client',
  OIDC_EDIT_TITLE: 'Edit OIDC Client',
  OIDC_PUBLIC_NONE: 'A public client (PKCE) has none.',

  // ---------- OIDC dialog (more) ----------
  OIDC_CONFIGURED: '{n} configured',
  DONE: 'Done',
  HIDDEN: 'hidden',
  SCOPE_NOT_OFFERED: 'not offered',
  SCOPE_OPENID_REQUIRED: 'openid is required.',

  // ---------- secrets, OIDC scopes ----------
  SHOW_NAMED: 'Show {name}',
  HIDE_NAMED: 'Hide {name}',
  SECRET_WILL_BE_REMOVED: 'The stored {name} will be removed when you save.',
  SHOW_TYPING_NAMED: 'Show {name} while typing',
  HIDE_TYPING_NAMED: 'Hide {name} while typing',
  SHOW_TYPING: 'Show what you type',
  HIDE_TYPING: 'Hide what you type',
  YES_LOWER: 'yes',
  NO_LOWER: 'no',
  SCOPE_OPENID: 'sign-in (required)',
  SCOPE_PROFILE: 'name and profile',
  SCOPE_EMAIL: 'e-mail address',
  SCOPE_ADDRESS: 'postal address',
  SCOPE_PHONE: 'phone number',
  SCOPE_OFFLINE: 'refresh tokens',

  // ---------- certificates, secrets, checks ----------
  REMOVE_SECRET: 'Remove secret',
  CERT_AD_ADVICE:
    'Compare the SHA-256 with the one your domain controller shows (certlm.msc › Personal › Certificates) before trusting it. Only this exact certificate will be accepted.',
  CERT_TRUSTED: 'Trusted',
  CERT_PINNED: 'Trusted by pin on this computer',
  CERT_NOT_TRUSTED: 'Not trusted',
  CERT_SERVER: 'Server certificate',
  CERT: 'Certificate',
  CERT_SUBJECT: 'Subject',
  CERT_ISSUER: 'Issuer',
  CERT_VALID: 'Valid',
  CERT_NAMES: 'Names',
  CERT_TRUST: 'Trust this certificate',
  CERT_EXPIRED: 'expired',
  CERT_NOT_YET: 'not valid yet',
  CERT_VALID_BADGE: 'valid',
  CHECK_STEPS: 'Steps',

  // ---------- check report codes (Diagnostics and the dialogs' Test): a line under the outcome outside English ----------
  CHK_Timeout: 'The check took too long and was stopped.',
  CHK_Cancelled: 'The check was cancelled.',
  CHK_InvalidTarget: 'The address is not valid.',
  CHK_PlainHttp: 'The address is plain http: the secret travels unencrypted.',
  CHK_DnsFailed: 'The host name could not be resolved (DNS).',
  CHK_Unreachable: 'The server cannot be reached.',
  CHK_TlsUntrustedCertificate: 'The server’s certificate is not trusted.',
  CHK_TlsFailed: 'The TLS connection failed.',
  CHK_HttpFailed: 'The server answered with an HTTP error.',
  CHK_UnexpectedAnswer: 'The server gave an unexpected answer.',
  CHK_HecTokenDisabled: 'Splunk: the HEC token is disabled.',
  CHK_HecInvalidToken: 'Splunk: the HEC token is not valid.',
  CHK_HecIncorrectIndex: 'Splunk: the token may not write to this index.',
  CHK_HecAckRequiresChannel: 'Splunk: indexer acknowledgement is on for this token; HES sends no channel.',
  CHK_HecBusy: 'Splunk: the server is busy.',
  CHK_HecUnhealthy: 'Splunk: the HTTP Event Collector is not healthy.',
  CHK_HecRejected: 'Splunk refused the test event.',
  CHK_LicensingKeyRejected: 'The licensing server refused the API key.',
  CHK_LicensingBadResponse: 'The licensing server’s answer could not be read.',
  CHK_AadInvalidClientSecret: 'Azure AD: the client secret is wrong.',
  CHK_AadClientSecretExpired: 'Azure AD: the client secret has expired.',
  CHK_AadAppNotInTenant: 'Azure AD: the application is not in this tenant.',
  CHK_AadTenantNotFound: 'Azure AD: the tenant does not exist.',
  CHK_AadError: 'Azure AD refused the sign-in.',
  CHK_AadPermissionMissing: 'Azure AD: the application lacks the Directory.Read.All permission (with admin consent).',
  CHK_GraphError: 'Microsoft Graph answered with an error.',
  CHK_AadGroupsMissing: 'Azure AD: the Hideez groups are not found.',
  CHK_DbPlainConnection: 'The database connection has no TLS.',
  CHK_DbBroadGrants: 'The database user has more privileges than the console needs.',
  CHK_SmtpGreetingRejected: 'The SMTP server refused the connection.',
  CHK_SmtpHelloRejected: 'The SMTP server refused the greeting (EHLO).',
  CHK_SmtpStartTlsNotOffered: 'The SMTP server does not offer STARTTLS.',
  CHK_SmtpPasswordUnencrypted: 'Security is None: the SMTP password travels unencrypted.',
  CHK_SmtpAuthNotOffered: 'The SMTP server offers no login.',
  CHK_SmtpAuthMechanismUnsupported: 'The SMTP server offers no login method the console supports.',
  CHK_SmtpAuthFailed: 'The SMTP server refused the user name or password.',
  CHK_SmtpAuthRequired: 'The SMTP server wants a login: set a user name.',
  CHK_SmtpSenderRejected: 'The SMTP server refused the sender address.',
  CHK_SmtpRecipientRejected: 'The SMTP server refused the recipient.',
  CHK_SmtpMessageRejected: 'The SMTP server refused the message.',
  CHK_SmtpConnectionLost: 'The SMTP server closed the connection.',
  CHK_LdapInvalidCredentials: 'Active Directory: wrong user name or password.',
  CHK_AdUnknownUser: 'Active Directory: the user does not exist.',
  CHK_AdLogonHoursRestricted: 'Active Directory: logon is not allowed at this time.',
  CHK_AdWorkstationRestricted: 'Active Directory: logon is not allowed from this computer.',
  CHK_AdPasswordExpired: 'Active Directory: the password has expired.',
  CHK_AdAccountDisabled: 'Active Directory: the account is disabled.',
  CHK_AdAccountExpired: 'Active Directory: the account has expired.',
  CHK_AdMustChangePassword: 'Active Directory: the user must change the password first.',
  CHK_AdAccountLocked: 'Active Directory: the account is locked out.',
  CHK_LdapBindFailed: 'Active Directory refused the login.',
  CHK_AdNetbiosNameMismatch: 'The domain’s NetBIOS name differs from its first DNS label, so HES cannot sign in.',
  CHK_LdapStrongerAuthRequired: 'The server refuses a login without TLS.',
  CHK_LdapStartTlsFailed: 'The server refused StartTLS.',
  CHK_AdNotAsHes: 'The check did not connect as HES does (LDAPS on port 636).',
  CHK_AdBaseDnNotFound: 'The base DN derived from the domain name does not exist on this server.',
  CHK_AdGroupsMissing: 'The Hideez groups are not found in Active Directory.',
  CHK_LdapSearchFailed: 'The search in Active Directory failed.',

  // ---------- SAML ----------
  SAML_SPS: 'Service Providers',
  SAML_ADD: 'Add service provider',
  SAML_EMPTY: 'No service providers yet.',
  F_SLO: 'Single Logout Service',
  F_NAME_ID_FORMAT: 'Name Identifier Format',
  F_NAME_ID_FIELD: 'Name Identifier Field',
  F_X509: 'Public x509 Certificate',
  SAML_DELETE_BODY: 'Confirm deleting service provider.',
  SAML_THIS: 'This service provider',
  SAML_REMOVED: 'Service provider removed.',

  // ---------- SAML dialog ----------
  SAML_SPS_LOWER: 'Service providers',
  SAML_ADDED: 'Service provider added.',
  SAML_UPDATED: 'Service provider updated.',
  SAML_ADD_TITLE: 'Add Service Provider',
  SAML_EDIT_TITLE: 'Edit Service Provider',

  // ---------- SAML metadata ----------
  SAML_IMPORT_META: 'Import from SP metadata',
  CHOOSE_FILE: 'Choose file…',
  SAML_PASTE_XML: 'Paste XML',
  SAML_META_XML: 'Metadata XML',

  // ---------- more ----------
  DEFAULT_SUFFIX: '{label} (default)',

  // ---------- more ----------
  SET: 'set',

  // ---------- facts ----------
  DAYS: { one: '{n} day', other: '{n} days' },
  SMTP_NONE: 'None',
  F_SECURITY: 'Security',
  F_USER_NAME: 'User Name',
  F_FROM_SHORT: 'From',

  // ---------- Customization ----------
  UNENCRYPTED: 'unencrypted',
  EMAIL_SET: 'Set E-mail Settings',
  EMAIL_DELETE_BODY: 'Please confirm deleting the e-mail settings.',
  F_SMTP_PASSWORD: 'SMTP password',
  CUST_UPDATED: 'The Customization settings have been updated.',
  EMAIL_DELETED: 'The E-mail settings have been deleted.',

  // ---------- E-mail dialog ----------
  EMAIL_NO_TLS: 'Without TLS the SMTP password and every e-mail travel over the network unencrypted.',
  F_PORT: 'Port',
  REMOVE_PASSWORD: 'Remove password',
  F_FROM_NAME: 'From name',
  F_TEST_TO: 'Send a test e-mail to',
  EMAIL_TEST_HINT: 'Optional. Test sends one e-mail here through the settings above; nothing is saved.',
  SMTP_STARTTLS: 'STARTTLS (explicit TLS)',
  SMTP_TLS: 'TLS (implicit, port 465)',
  SMTP_NONE_LONG: 'None (unencrypted)',
  EMAIL_PORT_REQUIRED: 'The Port field is required.',
  EMAIL_PORT_RANGE: 'The Port must be a TCP port between 1 and 65535.',
  EMAIL_UPDATED: 'The E-mail settings have been updated.',
  EMAIL_SEND_TEST: 'Send test e-mail',

  // ---------- logos ----------
  LOGO_UPDATED: 'The {label} has been updated.',
  LOGO_TOO_LARGE: 'The file is {mb} MB; a logo may be at most 2 MB.',
  LOGO_RESET_DONE: 'The {label} has been reset to the default.',
  LOGO_CUSTOM: 'custom',
  LOGO_DEFAULT: 'HES default',
  PROCESSING: 'Processing…',
  LOGO_FOR: 'for the {label}',
  LOGO_ON_LIGHT: '{label} on a light background',
  LOGO_ON_DARK: '{label} on a dark background',
  LOGO_DEFAULT_ON_LIGHT: '{label}: HES default, on a light background',
  LOGO_DEFAULT_ON_DARK: '{label}: HES default, on a dark background',
  LOGO_LIGHT: 'Light',
  LOGO_DARK: 'Dark',
  LOGO_RESET_BODY_1: 'The',
  LOGO_RESET_BODY_2: 'goes back to HES’s default logo; the custom image is removed from the settings.',
  LOGOS: 'Logos',

  // ---------- Security keys ----------
  FIDO_ALLOW: 'Allow platform authenticators',
  FIDO_ALLOW_HINT: 'Built-in authenticators such as Windows Hello or Touch ID may be enrolled as security keys.',
  FIDO_DEFAULT_TYPE: 'Default key type',
  FIDO_CROSS_OPTION: 'Cross-platform: a removable key (Hideez key, YubiKey)',
  FIDO_PLATFORM_OPTION: 'Platform: built into the computer (Windows Hello, Touch ID)',
  FIDO_ALLOW_FIRST: 'Allow platform authenticators to make them the default.',
  FIDO_MEANING: 'What this means for users enrolling keys',
  FIDO_CROSS_DEFAULT: 'Cross-platform (the default)',
  FIDO_PLATFORM: 'Platform',
  FIDO_UPDATED: 'The Security key settings have been updated.',
  F_ALLOW_PLATFORM: 'Allow Platform Authenticators',

  // ---------- connection switcher, findings ----------
  DP_UNLOCK_THEN_PROTECT: 'Unlock, then protect now',
  CONN_LABEL: 'Connection:',
  CONNECTIONS: 'Connections',
  CONN_LOCAL_DESC: 'The settings file on this computer',
  CONN_COPY: 'Copy settings…',
  CONN_COPY_DESC: 'Between two connections, with a preview',
  CONN_MANAGE: 'Manage connections…',

  // ---------- Unlock ----------
  STOP: 'Stop',
  DP_REMEMBER: 'Remember in the system keychain',
  DP_REMEMBER_HINT: 'This connection then unlocks by itself when it is opened.',
  DP_UNLOCK_TITLE: 'Unlock Data Protection',
  DP_UNLOCK_BUTTON: 'Unlock',
  F_DP_PASSWORD: 'Data Protection password',
  DP_UNLOCKED_REMEMBERED: 'Data Protection unlocked. The password is kept in the system keychain.',
  DP_UNLOCKED: 'Data Protection unlocked.',
  DP_UNLOCK_STOPPED: 'Unlocking stopped. Data Protection stays locked.',

  // ---------- Recover ----------
  DP_RECOVER_TITLE: 'Recover secrets with the old Data Protection password',
  DP_RECOVER_BUTTON: 'Recover',
  F_DP_OLD_PASSWORD: 'Old Data Protection password',

  // ---------- Newer HES release ----------
  NEWER_UNKNOWN:
    "What that release changed is not known. The console writes HES 3.8.4's formats; whether this release reads them the same way is not known.",
  NEWER_TITLE: 'Write to a newer HES release?',
  SAVE_ANYWAY: 'Save anyway',
  NEWER_TARGET: 'The target database',
  NEWER_THIS: 'This database',
  NEWER_HOLDS_COPY: 'Your answer holds for this copy.',
  NEWER_HOLDS_CONN: 'Your answer holds for this connection until you close it or switch connections.',

  // ---------- newer HES release ----------
  NEWER_KNOWN_TARGET:
    'The target database is from a HES release newer than 3.8.4, the newest release the console knows. Its newest migration is',
  NEWER_KNOWN_THIS:
    'This database is from a HES release newer than 3.8.4, the newest release the console knows. Its newest migration is',
  NEWER_LOGGED: "It is recorded in the console's log with the change.",

  // ---------- Domain AD dialog ----------
  AD_ENTER_CREDENTIALS: 'Enter your credentials.',
  AD_CREDENTIALS_DESC: 'These credentials will be used to connect to Active Directory via LDAPS.',
  AD_STARTTLS: 'Test with StartTLS on port 389 (HES itself connects with LDAPS on 636)',
  AD_SAVE_ANYWAY_HINT:
    'HES binds the same way: with these values it cannot read the directory. Fix the field marked above, or save anyway if this computer cannot reach the domain controller but the HES server can.',
  AD_DOMAIN_HINT: 'Your Active Directory domain. It is needed to import users from previously created groups in AD.',
  AD_USER_HINT:
    "AD administrator's login with permissions to get users and groups from the AD and change user's passwords.",
  AD_SECRET_HINT: 'After saving the data, login parameters are not displayed in the settings.',
  F_AUTO_PASSWORD_CHANGE_DAYS: 'Auto Password Change (days)',
  AD_DAYS_HINT:
    '1–180. Days after which the password of accounts in the Security Key Auto Password Change group is changed.',
  CHECK_FAILED: 'The check failed.',
  DOMAIN_UPDATED: 'The Domain settings have been updated.',

  // ---------- Domain Azure dialog ----------
  AZ_SETUP: 'Set up the Azure AD application first',
  AZ_STEP_ADD: 'Add a new app.',
  AZ_APP_HINT: 'Your Azure AD application (client) ID.',
  AZ_TENANT_HINT: 'Your Azure AD directory (tenant) ID.',

  // ---------- Azure AD setup steps (the portal's own names stay as Azure shows them) ----------
  AZ_GO_TO: 'Go to',
  AZ_COPY: 'In the app overview, copy',
  AND: 'and',
  AZ_IN_APP_GO_TO: 'In the app, go to',
  AZ_ADD_SECRET: ', then add and copy the client secret.',
  AZ_CLICK: 'Click',
  AZ_THEN_SELECT: ', then select',

  // ---------- domains empty ----------
  DOMAINS_EMPTY_HINT:
    'These parameters must be specified if you will use HES scenarios for working with AD: import and sync users from Active Directory, with or without domain password changing.',

  // ---------- Connections dialog ----------
  CONN_INTRO:
    'HES databases this console can open. Passwords are kept in the system keychain; the other settings in a file on this computer.',
  CONN_ADD: 'Add connection',
  CONN_EMPTY: 'No saved connections yet.',
  CONN_EMPTY_HINT: 'Add one to open a HES database (MySQL or MariaDB) instead of the local workspace.',
  CONN_OPEN_NOW: 'open now',
  CONN_PW_STORED: 'password stored',
  CONN_PW_NONE: 'no password stored',
  CONN_DP_STORED: 'Data Protection password stored',
  CONN_DELETE_BODY: 'Please confirm deleting the connection',
  CONN_DELETE_WARN:
    'Its profile and the passwords stored for it in the system keychain are removed from this computer. The HES database itself is not changed.',
  CONN_SAVED: 'Saved connections',
  CONN_DELETE_TITLE: 'Delete connection',

  // ---------- connections (more) ----------
  OPEN_NAMED: 'Open {name}',
  TEST_NAMED: 'Test {name}',
  CONN_DELETED: 'Connection {name} deleted.',

  // ---------- connections (more) ----------
  TESTING: 'Testing…',

  // ---------- Connection form ----------
  F_DATABASE: 'Database',
  F_USER: 'User',
  CONN_USER_HINT: 'A user without write grants opens read-only.',
  CONN_REMOVE_PW: 'Remove stored password',
  CONN_PW_HINT: 'Kept in the system keychain, never in the profile file.',
  F_TLS_MODE: 'TLS mode',
  F_CA_FILE: 'CA file',
  CONN_CA_HINT:
    'Path of the PEM file of the CA that signed the server’s certificate; empty uses the system’s trusted CAs. A file picker comes in a later version.',
  F_TIMEOUT: 'Timeout (ms)',
  CONN_TIMEOUT_HINT: 'How long to wait for the server: 500 to 120 000 ms.',
  CONN_TIMEOUT_REQUIRED: 'The Timeout field is required.',
  CONN_TIMEOUT_WHOLE: 'The timeout is a whole number of milliseconds.',
  CONN_TEST: 'Test connection',

  // ---------- connection form (more) ----------
  CONN_ADDED: 'Connection {name} added.',
  CONN_SAVED_TOAST: 'Connection {name} saved.',
  CONN_CERT_TRUSTED: 'Certificate trusted for {target} on this computer.',
  CONN_EDIT_TITLE: 'Edit connection {name}',

  // ---------- connection test result ----------
  DP_ON: 'on',
  DP_OFF: 'off',
  DP_BROKEN_SHORT: 'broken (password change not finished in HES)',
  UNKNOWN: 'unknown',
  DP_STATE_LINE: 'Data Protection: {state}',
  READ_WRITE: 'read-write',
  OR_TRUST_BELOW: 'Or trust exactly the certificate below.',
  CONNECTED: 'Connected:',
  FAILED: 'Failed:',
  CONN_FAILED: 'The connection failed.',

  // ---------- copy settings between connections (more) ----------
  PREVIEWING: 'Previewing…',
  PREVIEW_AGAIN: 'Preview again',
  PREVIEW: 'Preview',
  COPY_TO: 'Copy to {target}',
  FROM: 'From',
  TO: 'To',
  SECTIONS: 'Sections',
  STAGE_NOTHING: 'nothing to copy, the target already matches.',
  STAGE_CHANGES: { one: '{n} of {total} sections changes.', other: '{n} of {total} sections change.' },
  STAGE_CHANGED_FIELDS: '{section}: changed fields',
  FIELD: 'Field',
  STAGE_NOW: '{target} now',
  STAGE_AFTER: 'After copying',
  STAGE_CONFIRM_TITLE: 'Copy settings to {target}',
  COPYING: 'Copying…',
  STAGE_CONFIRM: { one: 'Please confirm copying one section:', other: 'Please confirm copying {n} sections:' },
  STAGE_REMOVED_FROM: 'Removed from {target}:',
  STAGE_NOT_SET_IN: 'not set in {source}',

  // ---------- switcher ----------
  OPENING: 'Opening {name}…',
} satisfies Record<string, Message>;

export type Key = keyof typeof en;
