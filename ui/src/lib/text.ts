// Helpers around the UI's words. The words themselves live in the catalogs (i18n/en.ts,
// i18n/uk.ts) and are read with `t(KEY)`; what stays here are lists and formatters built on them.
import type { NameIdField } from './bindings/NameIdField';
import type { SshAuth } from './bindings/SshAuth';
import type { TlsMode } from './bindings/TlsMode';
import { formatNumber, has, t } from './i18n.svelte';
import type { Key } from './i18n/en';

export { t };
export const DEFAULT_API_ADDRESS = 'https://hls.hideez.com';

/** ITfoxtec NameIdentifierFormats as HES's dropdown shows them. */
const NAME_ID_FORMAT_KEYS: ReadonlyArray<{ key: Key; uri: string }> = [
  { key: 'NAME_ID_UNSPECIFIED', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
  { key: 'NAME_ID_EMAIL', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' },
  { key: 'NAME_ID_X509', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName' },
  { key: 'NAME_ID_WINDOWS', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName' },
  { key: 'NAME_ID_KERBEROS', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos' },
  { key: 'NAME_ID_ENTITY', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity' },
  { key: 'NAME_ID_PERSISTENT', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' },
  { key: 'NAME_ID_TRANSIENT', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' },
];
export function nameIdFormats(): Array<{ label: string; uri: string }> {
  return NAME_ID_FORMAT_KEYS.map((f) => ({ label: t(f.key), uri: f.uri }));
}
export const DEFAULT_NAME_ID_FORMAT = NAME_ID_FORMAT_KEYS[1].uri;

export function nameIdFormatLabel(uri: string): string {
  const f = NAME_ID_FORMAT_KEYS.find((f) => f.uri.toLowerCase() === uri.toLowerCase());
  return f ? t(f.key) : uri;
}

const NAME_ID_FIELD_KEYS: Record<NameIdField, Key> = { Email: 'NAME_ID_FIELD_EMAIL', External: 'NAME_ID_FIELD_EXTERNAL' };
export function nameIdFields(): Array<{ label: string; value: NameIdField }> {
  return (Object.keys(NAME_ID_FIELD_KEYS) as NameIdField[]).map((value) => ({ label: nameIdFieldLabel(value), value }));
}

export function nameIdFieldLabel(v: NameIdField): string {
  const key = NAME_ID_FIELD_KEYS[v];
  return key ? t(key) : v;
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
  return version ? t('HES_RELEASE', { version }) : t('HES_RELEASE_UNKNOWN');
}

/** Where the console's own rows (settings no HES release is known to read) are documented. */
export const CONSOLE_ROWS_DOC = 'docs/console-rows.md';

export function supportIgnored(version: string | undefined): string {
  return t('SUPPORT_IGNORED', { release: hesRelease(version), doc: CONSOLE_ROWS_DOC });
}

/** The small badge on list rows HES does not read (further domains, Azure AD). */
export function notReadBadge(version: string | undefined): string {
  return version ? t('NOT_READ_BADGE', { version }) : t('NOT_READ_BADGE_UNKNOWN');
}

export function domainsIgnored(version: string | undefined): string {
  return t('DOMAINS_IGNORED', { release: hesRelease(version), badge: notReadBadge(version), doc: CONSOLE_ROWS_DOC });
}

/** The backend's "not encrypted: <why>" as the banner's sentence. */
export function workspacePlaintext(atRest: string): string {
  return t('WORKSPACE_PLAINTEXT', { why: atRest.replace(/^not encrypted:?\s*/, '') });
}

// ---------- connections ----------
const TLS_KEYS: ReadonlyArray<{ value: TlsMode; label: Key; help: Key }> = [
  { value: 'Disabled', label: 'TLS_DISABLED', help: 'TLS_DISABLED_HELP' },
  { value: 'Preferred', label: 'TLS_PREFERRED', help: 'TLS_PREFERRED_HELP' },
  { value: 'Required', label: 'TLS_REQUIRED', help: 'TLS_REQUIRED_HELP' },
  { value: 'VerifyCa', label: 'TLS_VERIFY_CA', help: 'TLS_VERIFY_CA_HELP' },
  { value: 'VerifyIdentity', label: 'TLS_VERIFY_IDENTITY', help: 'TLS_VERIFY_IDENTITY_HELP' },
];
export function tlsModes(): Array<{ value: TlsMode; label: string; help: string }> {
  return TLS_KEYS.map((m) => ({ value: m.value, label: t(m.label), help: t(m.help) }));
}

// ---------- connections through SSH ----------
const SSH_AUTH_KEYS: ReadonlyArray<{ value: SshAuth['Kind']; label: Key; help: Key }> = [
  { value: 'Agent', label: 'SSH_AUTH_AGENT', help: 'SSH_AUTH_AGENT_HELP' },
  { value: 'Key', label: 'SSH_AUTH_KEY', help: 'SSH_AUTH_KEY_HELP' },
  { value: 'Password', label: 'SSH_AUTH_PASSWORD', help: 'SSH_AUTH_PASSWORD_HELP' },
];
export function sshAuthOptions(): Array<{ value: SshAuth['Kind']; label: string; help: string }> {
  return SSH_AUTH_KEYS.map((o) => ({ value: o.value, label: t(o.label), help: t(o.help) }));
}

export function tlsLabel(mode: TlsMode): string {
  const m = TLS_KEYS.find((m) => m.value === mode);
  return m ? t(m.label) : mode;
}

/** user@host:port/database */
export function profileAddress(p: { User: string; Host: string; Port: number; Database: string }): string {
  return `${p.User}@${p.Host}:${p.Port}/${p.Database}`;
}

/** 850 → "850 ms", 1234 → "1.2 s" (in the UI's language: "1,2 с"). */
export function formatDuration(ms: number): string {
  return ms < 1000
    ? t('DURATION_MS', { ms: Math.round(ms) })
    : t('DURATION_S', { s: formatNumber(Math.round(ms / 100) / 10, undefined, { minimumFractionDigits: 1 }) });
}

// ---------- staging (copy settings between connections) ----------
/** The sections staging copies, in HES's words, in the order HES's menu shows them. */
const STAGE_SECTION_KEYS: ReadonlyArray<{ key: string; label: Key }> = [
  { key: 'licensing', label: 'STAGE_LICENSING' },
  { key: 'domain', label: 'STAGE_DOMAIN' },
  { key: 'domains', label: 'STAGE_DOMAINS' },
  { key: 'splunk', label: 'STAGE_SPLUNK' },
  { key: 'fido', label: 'STAGE_FIDO' },
  { key: 'oidc', label: 'STAGE_OIDC' },
  { key: 'email', label: 'STAGE_EMAIL' },
  { key: 'customization', label: 'STAGE_CUSTOMIZATION' },
  { key: 'saml', label: 'STAGE_SAML' },
];
export const STAGE_SECTION_IDS: ReadonlyArray<string> = STAGE_SECTION_KEYS.map((s) => s.key);

export function stageSectionLabel(key: string): string {
  const s = STAGE_SECTION_KEYS.find((s) => s.key === key);
  return s ? t(s.label) : key;
}

const STAGE_ACTION_KEYS: Record<string, Key> = {
  Create: 'STAGE_ACTION_CREATE',
  Replace: 'STAGE_ACTION_REPLACE',
  Remove: 'STAGE_ACTION_REMOVE',
  Unchanged: 'STAGE_ACTION_UNCHANGED',
};
export function stageActionLabel(action: string): string {
  const key = STAGE_ACTION_KEYS[action];
  return key ? t(key) : action;
}

// ---------- Diagnostics ----------
const CHECK_TITLE_KEYS: Record<string, Key> = {
  splunk: 'CHECK_SPLUNK',
  licensing: 'CHECK_LICENSING',
  azure: 'CHECK_AZURE',
  ad: 'CHECK_AD',
  smtp: 'CHECK_SMTP',
  database: 'CHECK_DATABASE',
  dataprotection: 'CHECK_DATAPROTECTION',
};
export const checkTitle = (check: string): string => {
  const key = CHECK_TITLE_KEYS[check];
  return key ? t(key) : check;
};

export const STEP_ICONS: Record<string, string> = { ok: '✓', warn: '⚠', fail: '✗', skipped: '–' };
const STATUS_KEYS: Record<string, Key> = { ok: 'STATUS_OK', warn: 'STATUS_WARN', fail: 'STATUS_FAIL', skipped: 'STATUS_SKIPPED' };
/** A step status or a check outcome (ok, warn, fail, skipped) in words. */
export function statusLabel(status: string): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : status;
}

// ---------- logos ----------
const LOGO_SLOT_KEYS: Record<string, Key> = {
  main: 'LOGO_MAIN',
  sidebar: 'LOGO_SIDEBAR',
  'sidebar-small': 'LOGO_SIDEBAR_SMALL',
  email: 'LOGO_EMAIL',
  favicon: 'LOGO_FAVICON',
};
export function logoSlotLabel(slot: string): string {
  const key = LOGO_SLOT_KEYS[slot];
  return key ? t(key) : slot;
}
// ---------- never stale, never silently destructive ----------
export const STAGE_REMOVALS_KEPT = () => t('STAGE_REMOVALS_KEPT');
export const stageRemoveSection = (target: string) => t('STAGE_REMOVE_SECTION', { target });
export const stageRemoveItems = (target: string, names: string[]) => t('STAGE_REMOVE_ITEMS', { target, names: names.join(', ') });
export const stageTypeToConfirm = (target: string) => t('STAGE_TYPE_TO_CONFIRM', { target });
// ---------- the open connection ----------
/**
 * A connection's name as the backend gives or records it ("Local workspace", or History's
 * "Local workspace (<file>)"): the local workspace's English name in the UI's language.
 */
export function connectionLabel(connection: string): string {
  const local = 'Local workspace';
  if (connection === local) return t('LOCAL_WORKSPACE');
  return connection.startsWith(`${local} (`) ? t('LOCAL_WORKSPACE') + connection.slice(local.length) : connection;
}

/** The open connection's name. */
export function workspaceName(ws: { Kind: string; Connection: string }): string {
  return ws.Kind === 'sqlite' ? connectionLabel(ws.Connection) : ws.Connection;
}

// ---------- History ----------
/** A history section key (`licensing`, `domains`, …, `licenses`) in words. */
export function historySectionLabel(key: string): string {
  if (key === 'licenses') return t('HISTORY_SECTION_LICENSES');
  if (key === 'domains') return t('NAV_DOMAINS');
  return stageSectionLabel(key);
}

/** A recorded action (`set`, `delete`, `stage`, …) in words; one the catalog lacks as recorded. */
export function historyActionLabel(action: string): string {
  const key = `HIST_ACTION_${action}`;
  return has(key) ? t(key) : action;
}

// ---------- check steps ----------
/** A check step's name (the backend's English) in the UI's language; protocol names stay as they are. */
export function stepLabel(name: string): string {
  const key = `STEP_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  return has(key) ? t(key) : name;
}
