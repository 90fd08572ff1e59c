// HES's words, in one place.
import type { NameIdField } from './bindings/NameIdField';
import type { TlsMode } from './bindings/TlsMode';

export const NOT_CONFIGURED = 'Not configured';
export const CONFLICT_MESSAGE =
  'Someone else changed these settings while you were editing. Their current values are shown here; your changes are still in the form.';
export const STORED_PLACEHOLDER = 'stored — leave empty to keep';
export const DEFAULT_API_ADDRESS = 'https://hls.hideez.com';

/** ITfoxtec NameIdentifierFormats as HES's dropdown shows them. */
export const NAME_ID_FORMATS: ReadonlyArray<{ label: string; uri: string }> = [
  { label: 'Unspecified', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
  { label: 'Email', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' },
  { label: 'X509 subject name', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName' },
  { label: 'Windows', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName' },
  { label: 'Kerberos', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos' },
  { label: 'Entity', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity' },
  { label: 'Persistent', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' },
  { label: 'Transient', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' },
];
export const DEFAULT_NAME_ID_FORMAT = NAME_ID_FORMATS[1].uri;

export function nameIdFormatLabel(uri: string): string {
  return NAME_ID_FORMATS.find((f) => f.uri.toLowerCase() === uri.toLowerCase())?.label ?? uri;
}

export const NAME_ID_FIELDS: ReadonlyArray<{ label: string; value: NameIdField }> = [
  { label: 'Email', value: 'Email' },
  { label: 'External ID', value: 'External' },
];

export function nameIdFieldLabel(v: NameIdField): string {
  return NAME_ID_FIELDS.find((f) => f.value === v)?.label ?? v;
}

/** "one per line" (and for scopes: spaces too) → trimmed, non-empty entries. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function splitScopes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A backend phrase as a sentence: first letter upper-case ("this user may read…" → "This user may read…"). */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "HES 3.8.4", or words for a database whose release is unknown. */
export function hesRelease(version: string | undefined): string {
  return version ? `HES ${version}` : 'This HES release';
}

// ---------- how HES treats a section (WorkspaceInfo.Support) ----------
export const SUPPORT_RESTART = 'HES applies changes to this section only after it restarts.';

/** Where the console's own rows (settings no HES release is known to read) are documented. */
export const CONSOLE_ROWS_DOC = 'docs/console-rows.md';

export function supportIgnored(version: string | undefined): string {
  return `${hesRelease(version)} does not read this setting, and no HES release is known to: the console keeps it in its own row, in a format documented in ${CONSOLE_ROWS_DOC}.`;
}

/** The small badge on list rows HES does not read (further domains, Azure AD). */
export function notReadBadge(version: string | undefined): string {
  return version ? `not read by HES ${version}` : 'not read by this HES release';
}

export function domainsIgnored(version: string | undefined): string {
  return `${hesRelease(version)} reads only the primary on-premises domain (read live). The domains marked “${notReadBadge(version)}” are kept in the console’s own row, which no HES release is known to read (its format is documented in ${CONSOLE_ROWS_DOC}).`;
}

export const EMAIL_CONFIG_NOTE = 'HES 3.x takes its SMTP settings from its own configuration file.';

// ---------- Data Protection ----------
export const DP_LOCKED =
  'HES Data Protection is on. Settings without secrets are shown; enter the Data Protection password to see or change secret fields.';
export const DP_LOCKED_READONLY =
  'HES Data Protection is on. Settings without secrets are shown; secret fields stay hidden in read-only mode.';
export const DP_BROKEN_TITLE = 'HES Data Protection is in an unfinished state.';
export const DP_BROKEN =
  'A Data Protection password change did not finish in HES: the DataProtection table holds more than one row. Secrets cannot be read or written safely, so the console is read-only for this database. Finish the password change in HES, then open this connection again.';
export const DP_WRONG_PASSWORD = 'Wrong Data Protection password.';
export const DP_SECRET_LOCKED = 'Unlock Data Protection to change this.';
export const DP_SECRET_LOCKED_KEPT = 'Unlock Data Protection to change this. Saving keeps the stored value.';
export const DP_FINDINGS_TITLE = (n: number) =>
  n === 1 ? '1 stored secret cannot be used.' : `${n} stored secrets cannot be used.`;
export const DP_FINDINGS_INTRO =
  'HES re-encrypts only its own licensing, domain and Splunk settings when its Data Protection is enabled, disabled or its password changed. The secrets below were left behind: the console never uses, shows or copies them until they are repaired or entered again.';
export const DP_FINDINGS_ELSEWHERE_INTRO =
  "These secrets were encrypted with a key this computer's keychain does not hold (a workspace copied from another computer, or a keychain that was reset). The console never uses, shows or copies them: type them again; nothing else is lost.";
export const DP_PROTECT_NOW = 'Protect now';
export const DP_RECOVER = 'Recover with old password…';
export const DP_RECOVER_INTRO =
  'Enter the Data Protection password HES used before it was changed or disabled. The console decrypts the secrets left under that key with the copy of its parameters it saved on this computer, and stores them again under the current state. Nothing else changes.';
export const DP_RECOVER_WRONG = 'That is not the old Data Protection password.';
export const DP_REPAIRED = (n: number) => (n === 1 ? '1 secret repaired.' : `${n} secrets repaired.`);
export const WORKSPACE_PLAINTEXT = (why: string) =>
  `The local workspace's secrets are ${why.replace(/^not encrypted/, 'not encrypted on this computer')}. They are protected only by the file's permissions: use full-disk encryption, or make the OS keychain available and reopen the console.`;
export const DP_UNLOCK_INTRO =
  'The console checks the password against HES’s verification code before anything is decrypted. Data Protection itself (enable, disable, change password) is managed in HES.';

// ---------- connections ----------
export const LOCAL_WORKSPACE = 'Local workspace';

export const TLS_MODES: ReadonlyArray<{ value: TlsMode; label: string; help: string }> = [
  { value: 'Disabled', label: 'Disabled', help: 'No TLS: everything travels unencrypted.' },
  {
    value: 'Preferred',
    label: 'Preferred',
    help: 'TLS when the server offers it, otherwise unencrypted; the certificate is not checked.',
  },
  { value: 'Required', label: 'Required', help: 'Always TLS; the server’s certificate is not checked.' },
  {
    value: 'VerifyCa',
    label: 'Verify CA',
    help: 'Always TLS; the certificate must be signed by a trusted CA (the CA file below, if given).',
  },
  {
    value: 'VerifyIdentity',
    label: 'Verify identity',
    help: 'Like Verify CA, and the certificate must name the host you connect to.',
  },
];
/** Preferred and Required: encrypted (maybe) but the server is not verified. */
export const TLS_UNVERIFIED_WARNING =
  'This mode does not verify the server: anyone on the network path can pose as the database and take the password and every setting (Preferred even falls back to no TLS at all). Choose Verify identity; if the server has a self-signed certificate, Test shows it and lets you trust exactly that certificate.';
export const TLS_DISABLED_WARNING =
  'Without TLS the database password and all settings travel over the network unencrypted. Use it only on a trusted network.';
export const TLS_CA_HINT =
  'The server’s certificate is not trusted. Edit the connection: give the CA file that signed the server’s certificate (TLS mode Verify CA or Verify identity); with Verify identity, connect by the host name the certificate names.';

/** Before "Trust this certificate" in a database connection test. */
export const DB_CERT_ADVICE =
  'MySQL 8 makes a self-signed certificate of its own. Compare this SHA-256 with the server’s (on the database server: openssl x509 -in server-cert.pem -noout -fingerprint -sha256, in MySQL’s data directory) before trusting it. Only this exact certificate will be accepted for this server, on this computer.';

/** A pinned database certificate was replaced: never re-trusted without the admin. */
export const DB_CERT_CHANGED =
  'The server presented a different certificate than the one you trusted for it, so the console did not connect. Someone may be intercepting the connection. Trust the new certificate only after confirming its SHA-256 with the database’s administrator.';

// ---------- issue 14: connections through SSH ----------

export const SSH_SECTION_HELP =
  'For a database the console cannot reach directly: the console connects to the HES server by SSH and forwards the database connection from there. Host and Port above are then the database as the SSH host sees it (often 127.0.0.1 and 3306).';
export const SSH_AUTH_OPTIONS = [
  { value: 'Agent', label: 'SSH agent', help: 'The keys of the running ssh-agent (Pageant on Windows).' },
  { value: 'Key', label: 'Private key file', help: 'An OpenSSH or PEM private key file; its passphrase, if any, below.' },
  { value: 'Password', label: 'Password', help: 'The SSH user’s password.' },
] as const;
export const SSH_SECRET_HINT = 'Kept in the system keychain, never in the profile file.';

/** Before "Trust this host key" in a connection test. */
export const SSH_HOST_KEY_ADVICE =
  'This SSH host is not known on this computer. Compare the fingerprint with the server’s own (on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before trusting it. Only this key will be accepted for this SSH host, on this computer.';

/** A trusted SSH host key was replaced: never re-trusted without the admin. */
export const SSH_HOST_KEY_CHANGED =
  'The SSH host presented a different key than the one trusted for it, so the console did not connect and sent nothing. Someone may be intercepting the connection. Trust the new key only after confirming its fingerprint with the server’s administrator.';

export function tlsLabel(mode: TlsMode): string {
  return TLS_MODES.find((m) => m.value === mode)?.label ?? mode;
}

/** user@host:port/database */
export function profileAddress(p: { User: string; Host: string; Port: number; Database: string }): string {
  return `${p.User}@${p.Host}:${p.Port}/${p.Database}`;
}

/** 850 → "850 ms", 1234 → "1.2 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// ---------- staging (copy settings between connections) ----------
/** The sections staging copies, in HES's words, in the order HES's menu shows them. */
export const STAGE_SECTIONS: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'licensing', label: 'Licensing' },
  { key: 'domain', label: 'Domain (primary)' },
  { key: 'domains', label: 'Further domains' },
  { key: 'splunk', label: 'Splunk' },
  { key: 'fido', label: 'Security keys' },
  { key: 'oidc', label: 'OIDC' },
  { key: 'email', label: 'E-mail' },
  { key: 'customization', label: 'Customization' },
  { key: 'saml', label: 'SAML service providers' },
];

export function stageSectionLabel(key: string): string {
  return STAGE_SECTIONS.find((s) => s.key === key)?.label ?? key;
}

export const STAGE_TITLE = 'Copy settings between connections';
export const STAGE_INTRO =
  'Copies the chosen sections from one connection to another, for example from the local workspace to a HES server. Secrets are re-encrypted under the target’s Data Protection key. Preview first: nothing is written until you confirm.';
export const STAGE_SAME = 'Choose two different connections to copy between.';
export const STAGE_NONE = 'Choose at least one section.';
export const STAGE_ACTIONS: Record<string, string> = {
  Create: 'Create',
  Replace: 'Replace',
  Remove: 'Remove',
  Unchanged: 'Unchanged',
};
export const STAGE_DP_LOCKED_HINT =
  'A connection whose HES Data Protection is on can be copied from or to only when the console can read its key: open that connection and unlock it (then copy while it is open), or unlock it with “Remember the password”, then preview again.';
export const STAGE_STALE = 'The target changed since this preview. Nothing was copied. Preview again to see the current differences.';

export function stageCopied(to: string): string {
  return `Settings copied to ${to}.`;
}

// Diagnostics (issue 4): the outside-connection checks.
export const DIAGNOSTICS_TITLE = 'Diagnostics';
export const DIAGNOSTICS_DESCRIPTION =
  'Test every outside connection configured here, all at once: Active Directory, Azure AD, Splunk, e-mail (SMTP), the licensing server and your saved HES database connections. Secrets and keys never appear in the report.';
export const DIAGNOSTICS_EMPTY = 'No outside connection is configured yet.';
export const DIAGNOSTICS_RUN = 'Run all checks';
export const DIAGNOSTICS_RUNNING = 'Running…';
export const DIAGNOSTICS_COPY = 'Copy report';
export const DIAGNOSTICS_COPIED = 'The report has been copied to the clipboard.';
export const DIAGNOSTICS_COPY_FAILED = 'The report could not be copied to the clipboard.';
export const DIAGNOSTICS_IDLE = 'Run the checks to test each connection step by step.';
export const CHECK_TEST = 'Test';
export const CHECK_WAITING = 'Waiting for the first step…';

export const CHECK_TITLES: Record<string, string> = {
  splunk: 'Splunk',
  licensing: 'Licensing server',
  azure: 'Azure AD',
  ad: 'Active Directory',
  smtp: 'E-mail (SMTP)',
  database: 'HES database',
  dataprotection: 'Data Protection',
};
export const DIAGNOSTICS_CANCEL = 'Cancel';
export const checkTitle = (check: string): string => CHECK_TITLES[check] ?? check;

export const STEP_ICONS: Record<string, string> = { ok: '✓', warn: '⚠', fail: '✗', skipped: '–' };
export const STEP_STATUS_LABELS: Record<string, string> = { ok: 'OK', warn: 'Warning', fail: 'Failed', skipped: 'Skipped' };
export const OUTCOME_LABELS: Record<string, string> = { ok: 'OK', warn: 'Warning', fail: 'Failed' };

// ---------- issue 6: OIDC secrets, SAML certificates and metadata, logos, security keys ----------
export const OIDC_SECRET_ONCE =
  'Copy the client secret now and give it to the application. It will not be shown here again; later, Show on the client’s row reveals it to an administrator who may read the settings.';
export const OIDC_SECRET_GENERATED_HINT =
  'The console generates the client secret (32 random bytes) and shows it right after you add the client; Show on the client’s row reveals it later.';
export const OIDC_SECRET_EDIT_HINT = 'Generated by the console. To replace it, use “Regenerate secret” on the client.';
export const OIDC_PUBLIC_CLIENT = 'Public client (PKCE): no client secret';
export const OIDC_REGENERATE_TITLE = 'Regenerate client secret';
export function oidcRegenerateConsequence(clientId: string): string {
  return `Applications that sign in with client ID ${clientId} stop working until they are updated with the new secret.`;
}
export const SECRET_COPIED = 'The client secret has been copied to the clipboard.';
export const SECRET_COPY_FAILED = 'The client secret could not be copied to the clipboard. Show it and copy it by hand.';
export const LIST_CONFLICT =
  'Someone else changed these settings meanwhile. The current values are shown now; nothing was saved. Try again if it is still needed.';

export const SAML_CERT_HINT =
  'The service provider’s signing certificate, used to validate its logout requests. Paste PEM (-----BEGIN CERTIFICATE-----) or base64, or choose a .cer, .crt, .pem or .der file.';
export const SAML_CERT_EXPIRED =
  'This certificate has expired. HES still loads it, but a service provider that checks signatures may refuse it; ask the service provider for its current certificate.';
export const SAML_CERT_NOT_YET_VALID =
  'This certificate is not valid yet. Check the date of this computer, or ask the service provider which certificate it signs with now.';
export const SAML_METADATA_INTRO =
  'Fills in the Issuer, Assertion consumer service, Single logout service and the signing certificate from the service provider’s SAML 2.0 metadata. Review them, then save.';
export const SAML_METADATA_FILLED = 'The fields were filled in from the metadata. Review them, then save.';

/** The logo slots in HES's words (main, sidebar, collapsed sidebar, e-mail, favicon). */
export const LOGO_SLOT_LABELS: Record<string, string> = {
  main: 'Main logo',
  sidebar: 'Sidebar logo',
  'sidebar-small': 'Sidebar logo (collapsed)',
  email: 'E-mail logo',
  favicon: 'Favicon',
};
export function logoSlotLabel(slot: string): string {
  return LOGO_SLOT_LABELS[slot] ?? slot;
}
export const LOGOS_INTRO =
  'Choose a file, or drop one on its slot: PNG, JPEG or WebP up to 2 MB, at most 4096 px a side. SVG is refused (it can carry script, and HES’s e-mails need a raster image). The image is scaled to fit the slot, keeping its proportions, and stored as PNG; the previews show it at its real size.';

export const FIDO_PLATFORM_HELP =
  'Platform authenticators are built into the user’s computer or phone, such as Windows Hello or Touch ID. A key enrolled this way works only on that one device.';
export const FIDO_CROSS_PLATFORM_HELP =
  'Cross-platform authenticators are removable keys, such as a Hideez key or a YubiKey, that the user carries and plugs in or taps on any computer.';
export const FIDO_DEFAULT_HELP =
  'When platform authenticators are allowed, the default key type is what enrollment offers first for a new key; cross-platform unless you change it.';
export const OIDC_PUBLIC_HINT = 'An app that cannot keep a secret (mobile, single-page) signs in with PKCE instead.';
export const OIDC_URI_HINT =
  'One absolute URI per line: https (http only on 127.0.0.1 or localhost, any port); no fragment (#) or wildcard (*).';

// ---------- never stale, never silently destructive ----------
export const RELOAD = 'Reload';
export const RELOADING = 'Reloading…';
export const RELOAD_TITLE = 'Read this connection’s settings again (F5)';
export const RELOADED = (connection: string) => `${connection} reloaded.`;
export const RELOAD_FAILED = 'The settings could not be read again.';
export const DISCARD_TITLE = 'Discard unsaved changes?';
export const DISCARD_BODY = 'Some values you changed have not been saved. If you go on, they are lost.';
export const DISCARD_OK = 'Discard changes';
export const DISCARD_KEEP = 'Keep editing';
export const LOCAL_WORKSPACE_TITLE = 'Local workspace.';
export const LOCAL_WORKSPACE_NOTE =
  'These settings are kept in a file on this computer. Nothing here reaches a HES server until you copy it there.';
export const LOCAL_WORKSPACE_COPY = 'Copy settings…';
export const STAGE_NO_PROFILES =
  'There is no saved connection to copy to yet. Add the HES server’s database as a connection, then copy the settings to it.';
export const STAGE_ADD_CONNECTION = 'Add a connection…';
export const AD_SYNC_STOPS =
  'Be aware! As soon as you remove the AD administrator login and password from the settings, all AD sync scenarios will stop working.';
export const AZURE_SYNC_STOPS =
  'Be aware! As soon as you remove the Azure AD application ID and client secret from the settings, all Azure AD sync scenarios will stop working.';
export const STAGE_REMOVALS_KEPT = 'Kept unless you tick it: nothing is removed by default.';
export const stageRemoveSection = (target: string) => `Remove it from ${target}`;
export const stageRemoveItems = (target: string, names: string[]) =>
  `Also remove from ${target} what the source does not have: ${names.join(', ')}`;
export const stageTypeToConfirm = (target: string) => `To remove settings from a server, type its name (${target}) to confirm.`;
