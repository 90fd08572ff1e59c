// The one module that talks to the Rust backend. Nothing else imports @tauri-apps/*.
// One typed async function per Tauri command; every rejection becomes an AppError.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import type { AppError } from './bindings/AppError';
import type { CertificateInfo } from './bindings/CertificateInfo';
import type { ApplyResult } from './bindings/ApplyResult';
import type { CheckForm } from './bindings/CheckForm';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportProgress } from './bindings/ImportProgress';
import type { LicenseSource } from './bindings/LicenseSource';
import type { LicenseSummary } from './bindings/LicenseSummary';
import type { CheckProgress } from './bindings/CheckProgress';
import type { CheckReport } from './bindings/CheckReport';
import type { ConnectionProfileInput } from './bindings/ConnectionProfileInput';
import type { ConnectionProfileView } from './bindings/ConnectionProfileView';
import type { ConnectionTestResult } from './bindings/ConnectionTestResult';
import type { CustomizationInput } from './bindings/CustomizationInput';
import type { DomainInput } from './bindings/DomainInput';
import type { EmailInput } from './bindings/EmailInput';
import type { FidoInput } from './bindings/FidoInput';
import type { LicensingInput } from './bindings/LicensingInput';
import type { OidcClientInput } from './bindings/OidcClientInput';
import type { OidcSecretIssued } from './bindings/OidcSecretIssued';
import type { Revisions } from './bindings/Revisions';
import type { SamlMetadataImport } from './bindings/SamlMetadataImport';
import type { SamlSpInput } from './bindings/SamlSpInput';
import type { SecretRef } from './bindings/SecretRef';
import type { SecretRepairReport } from './bindings/SecretRepairReport';
import type { SettingsView } from './bindings/SettingsView';
import type { SplunkInput } from './bindings/SplunkInput';
import type { StagePreview } from './bindings/StagePreview';
import type { WorkspaceInfo } from './bindings/WorkspaceInfo';

export function isAppError(e: unknown): e is AppError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

/** Whatever a command rejected with, as an AppError. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  if (typeof e === 'string') {
    // A backend that serialised the error as a JSON string.
    try {
      const parsed: unknown = JSON.parse(e);
      if (isAppError(parsed)) return parsed;
    } catch {
      /* not JSON */
    }
  }
  return { code: 'Internal', message: e instanceof Error ? e.message : String(e) };
}

async function invokePlain<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  // Plain JSON, as the IPC carries it: reactive proxies become objects, `undefined` keys vanish
  // (an absent secret key means "keep").
  const plain = args === undefined ? undefined : (JSON.parse(JSON.stringify(args)) as Record<string, unknown>);
  try {
    return await invoke<T>(cmd, plain);
  } catch (e) {
    throw toAppError(e);
  }
}

/**
 * Asks the admin whether to write to a database of a HES release newer than the console knows
 * (the backend refuses with NewerHesRelease until then); set by the app (newer-release.svelte.ts).
 */
type NewerReleaseHooks = {
  confirm: (error: AppError, staging: boolean) => Promise<boolean>;
  acknowledged: (info: WorkspaceInfo) => void;
};
let newerRelease: NewerReleaseHooks | null = null;
export function onNewerRelease(hooks: NewerReleaseHooks): void {
  newerRelease = hooks;
}

/**
 * One command; a write the backend refused as NewerHesRelease is asked about and, if the admin
 * confirms, acknowledged for the connection (the backend logs that) and sent again once. A
 * staging preview's target is a connection of that preview only: it is confirmed per preview.
 */
async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invokePlain<T>(cmd, args);
  } catch (e) {
    const err = toAppError(e);
    const staging = cmd === 'stage_preview';
    if (err.code !== 'NewerHesRelease' || !newerRelease || !(await newerRelease.confirm(err, staging))) throw err;
    if (staging) return await invokePlain<T>(cmd, { ...args, allowNewer: true });
    newerRelease.acknowledged(await invokePlain<WorkspaceInfo>('acknowledge_newer_release'));
    return await invokePlain<T>(cmd, args);
  }
}

export const workspaceInfo = () => call<WorkspaceInfo>('workspace_info');
export const settingsGet = () => call<SettingsView>('settings_get');
export const uiReady = () => call<void>('ui_ready');

export const licensingSet = (input: LicensingInput, revisions: Revisions) =>
  call<SettingsView>('licensing_set', { input, revisions });
export const licensingDelete = (revisions: Revisions) =>
  call<SettingsView>('licensing_delete', { revisions });

export const splunkSet = (input: SplunkInput, revisions: Revisions) =>
  call<SettingsView>('splunk_set', { input, revisions });
export const splunkDelete = (revisions: Revisions) =>
  call<SettingsView>('splunk_delete', { revisions });

export const emailSet = (input: EmailInput, revisions: Revisions) =>
  call<SettingsView>('email_set', { input, revisions });
export const emailDelete = (revisions: Revisions) =>
  call<SettingsView>('email_delete', { revisions });

export const fidoSet = (input: FidoInput, revisions: Revisions) =>
  call<SettingsView>('fido_set', { input, revisions });

export const customizationSet = (input: CustomizationInput, revisions: Revisions) =>
  call<SettingsView>('customization_set', { input, revisions });

/** `id` null adds a domain; the primary on-premises domain has id "primary". */
export const domainSave = (id: string | null, input: DomainInput, revisions: Revisions) =>
  call<SettingsView>('domain_save', { id, input, revisions });
export const domainDelete = (id: string, revisions: Revisions) =>
  call<SettingsView>('domain_delete', { id, revisions });

export const oidcSave = (id: string | null, input: OidcClientInput, revisions: Revisions) =>
  call<SettingsView>('oidc_save', { id, input, revisions });
export const oidcDelete = (id: string, revisions: Revisions) =>
  call<SettingsView>('oidc_delete', { id, revisions });

/**
 * Add a client whose secret the console generates: `ClientSecret` absent → generated and returned
 * once (OidcSecretIssued.ClientSecret); `null` → a public client (PKCE) without one.
 */
export const oidcAdd = (input: OidcClientInput, revisions: Revisions) =>
  call<OidcSecretIssued>('oidc_add', { input, revisions });
/** A fresh generated secret for client `id`, returned once; the old one stops working. */
export const oidcRegenerateSecret = (id: string, revisions: Revisions) =>
  call<OidcSecretIssued>('oidc_regenerate_secret', { id, revisions });
export const oidcSetEnabled = (id: string, enabled: boolean, revisions: Revisions) =>
  call<SettingsView>('oidc_set_enabled', { id, enabled, revisions });

/** SAML rows carry their own revision (SamlSpView.Revision). */
export const samlSave = (id: string | null, input: SamlSpInput, revision: string | null) =>
  call<SettingsView>('saml_save', { id, input, revision });
export const samlDelete = (id: string, revision: string) =>
  call<SettingsView>('saml_delete', { id, revision });

/** A file the admin chose, or pasted text: what the SAML helpers read. */
export type TextOrFile = { path: string } | { text: string };
/** Describe a certificate (PEM, base64 or DER file): subject, issuer, validity, SHA-256, base64 to store. */
export const samlCertificateInspect = (source: TextOrFile) =>
  call<CertificateInfo>('saml_certificate_inspect', source);
/** Read SP metadata XML: issuer, ACS, SLO, signing certificate (nothing is written). */
export const samlMetadataImport = (source: TextOrFile) => call<SamlMetadataImport>('saml_metadata_import', source);

/** Set a logo slot from a file the admin chose (`path`) or a dropped file's bytes. */
export const logoSet = (slot: string, source: { path: string } | { bytes: number[] }, revisions: Revisions) =>
  call<SettingsView>('logo_set', { slot, ...source, revisions });
/** Put a logo slot back to HES's default. */
export const logoReset = (slot: string, revisions: Revisions) => call<SettingsView>('logo_reset', { slot, revisions });

/** What a native open dialog is for: it sets the title and the file filter. */
export type PickPurpose = 'logo' | 'saml-metadata' | 'saml-certificate' | 'licenses' | 'ca';
/** The native "open file" dialog; null when the admin cancels. */
export const pickFile = (purpose: PickPurpose) => call<string | null>('pick_file', { purpose });

/**
 * A file dragged from the desktop onto the window (Tauri's native drag-and-drop). `points`: where the
 * pointer is, in CSS pixels, best guess first (platforms differ on whether they report physical or
 * logical pixels).
 */
export type FileDrag =
  | { type: 'over'; points: Point[] }
  | { type: 'drop'; points: Point[]; paths: string[] }
  | { type: 'leave' };
export type Point = { x: number; y: number };

/**
 * Follow files dragged onto the window: the desktop app receives them as paths with the pointer's
 * position, not as browser drop events. Returns the unlisten function.
 */
export async function onFileDrag(handler: (d: FileDrag) => void): Promise<() => void> {
  const points = (p: Point | undefined): Point[] => {
    const raw = { x: p?.x ?? 0, y: p?.y ?? 0 };
    const r = window.devicePixelRatio || 1;
    return r === 1 ? [raw] : [{ x: raw.x / r, y: raw.y / r }, raw];
  };
  type Payload = { paths?: string[]; position?: Point };
  const offs = await Promise.all([
    listen<Payload>('tauri://drag-enter', (e) => handler({ type: 'over', points: points(e.payload?.position) })),
    listen<Payload>('tauri://drag-over', (e) => handler({ type: 'over', points: points(e.payload?.position) })),
    listen<Payload>('tauri://drag-drop', (e) =>
      handler({ type: 'drop', points: points(e.payload?.position), paths: e.payload?.paths ?? [] }),
    ),
    listen<Payload>('tauri://drag-leave', () => handler({ type: 'leave' })),
  ]);
  return () => offs.forEach((off) => off());
}

/**
 * Ask `allow` before the window closes (its close button, Alt+F4, Cmd+Q): the window stays open
 * when it answers false. Returns the unlisten function.
 */
export async function onCloseRequested(allow: () => Promise<boolean>): Promise<() => void> {
  try {
    return await getCurrentWindow().onCloseRequested(async (e) => {
      if (!(await allow())) e.preventDefault();
    });
  } catch {
    // Not in a Tauri window (e.g. a plain browser): nothing to guard.
    return () => {};
  }
}

/** One stored secret in clear, only on an explicit Show. */
export const secretShow = (target: SecretRef) => call<string>('secret_show', { target });

// ---------- connections and Data Protection ----------
export const connectionsList = () => call<ConnectionProfileView[]>('connections_list');
/** `original`: the profile's current Name when editing, null for a new one. */
export const connectionSave = (original: string | null, input: ConnectionProfileInput) =>
  call<ConnectionProfileView[]>('connection_save', { original, input });
export const connectionDelete = (name: string) => call<ConnectionProfileView[]>('connection_delete', { name });
/** Tests the form's values; without `input.Password` the stored password of `original` is used,
 * only while Host, Port and User are the stored ones (else a Validation error on Password). */
export const connectionTest = (original: string | null, input: ConnectionProfileInput) =>
  call<ConnectionTestResult>('connection_test', { original, input });
/** Pin exactly this certificate (a test result's `Certificate.Sha256`) for the database server host:port. */
export const connectionTrustCertificate = (host: string, port: number, sha256: string) =>
  call<string>('connection_trust_certificate', { host, port, sha256 });
/** `null` opens the local workspace. The current connection stays open when this fails. */
export const connectionOpen = (name: string | null) => call<WorkspaceInfo>('connection_open', { name });
/** Enter the HES Data Protection password; `remember` keeps it in the OS keychain for this profile. */
export const dpUnlock = (password: string, remember: boolean) =>
  call<WorkspaceInfo>('dp_unlock', { password, remember });
/** Stop a running `dpUnlock` (it fails with `Cancelled`; Data Protection stays locked). */
export const dpUnlockCancel = () => call<void>('dp_unlock_cancel');
/** Encrypt the secrets left in plaintext after HES enabled Data Protection (needs it unlocked). */
export const dpProtectNow = () => call<SecretRepairReport>('dp_protect_now');
/** Re-encrypt secrets left under a key HES replaced, with the OLD Data Protection password. */
export const dpRecover = (oldPassword: string) => call<SecretRepairReport>('dp_recover', { oldPassword });

// ---------- staging ----------
/**
 * What copying `sections` from one connection to another would change (`null` = the local
 * workspace, a string = a saved profile's Name). Nothing is written; the plan stays in the backend.
 */
export const stagePreview = (from: string | null, to: string | null, sections: string[]) =>
  call<StagePreview>('stage_preview', { from, to, sections });
/**
 * Write the last preview; ConcurrentChange if the target changed since. `remove`: the sections whose
 * removals (the whole section, or the items listed in its preview) the admin ticked; anything else
 * the preview would remove stays in the target.
 */
export const stageApply = (remove: string[]) => call<null>('stage_apply', { remove });

/** `run` with every `check-step` event delivered to `onStep` until it settles. */
async function withSteps<T>(onStep: (p: CheckProgress) => void, run: () => Promise<T>): Promise<T> {
  let unlisten: (() => void) | null = null;
  try {
    unlisten = await listen<CheckProgress>('check-step', (e) => onStep(e.payload));
  } catch {
    /* no live steps: the reports still arrive at the end */
  }
  try {
    return await run();
  } finally {
    unlisten?.();
  }
}

/**
 * Run the outside-connection checks (`all`, or one of `splunk licensing azure db`; `name`: one
 * Azure AD domain or connection profile). Every finished step arrives live through `onStep`.
 */
export const diagnosticsRun = (
  check: string | null,
  name: string | null,
  timeoutMs: number | null,
  onStep: (p: CheckProgress) => void,
) => withSteps(onStep, () => call<CheckReport[]>('diagnostics_run', { check, name, timeoutMs }));

/**
 * Check an edit dialog's values before saving. A stored secret is used only while the target and
 * identity are unchanged; otherwise the report says to type it again.
 */
export const checkForm = (form: CheckForm, timeoutMs: number | null, onStep: (p: CheckProgress) => void) =>
  withSteps(onStep, () => call<CheckReport[]>('check_form', { form, timeoutMs }));

/** Trust an AD server's certificate on this computer, pinned to its SHA-256; returns the pin. */
export const adTrustCertificate = (domain: string, starttls: boolean, sha256: string) =>
  call<string>('ad_trust_certificate', { domain, starttls, sha256 });

/** Cancel every running check: each reports `Cancelled` with the step that was running. */
export const checksCancel = () => call<null>('checks_cancel', {});

// ---------- license import (issue 5) ----------
/** `run` with every `license-progress` event delivered to `onProgress` until it settles. */
async function withImportProgress<T>(onProgress: (p: ImportProgress) => void, run: () => Promise<T>): Promise<T> {
  let unlisten: (() => void) | null = null;
  try {
    unlisten = await listen<ImportProgress>('license-progress', (e) => onProgress(e.payload));
  } catch {
    /* no progress events: the result still arrives */
  }
  try {
    return await run();
  } finally {
    unlisten?.();
  }
}

/**
 * Parse and check a license document (server or file); nothing is written. A plain-http API
 * address is refused (PlainHttpRefused, the key not sent) unless `allowPlainHttp`: the admin
 * confirmed sending the key unencrypted.
 */
export const licensesPreview = (source: LicenseSource, onProgress: (p: ImportProgress) => void, allowPlainHttp = false) =>
  withImportProgress(onProgress, () =>
    call<ImportPreview>('licenses_preview', { source, ...(allowPlainHttp ? { allowPlainHttp: true } : {}) }),
  );
/** Write the last preview in one transaction, or nothing. */
export const licensesApply = (onProgress: (p: ImportProgress) => void) =>
  withImportProgress(onProgress, () => call<ApplyResult>('licenses_apply', {}));
/** Cancel the running preview or import (an import in progress is rolled back). */
export const licensesCancel = () => call<null>('licenses_cancel', {});
/**
 * Save the rejection report of the last preview (CSV, the first 1 000 rejections) with the native
 * save dialog; the path written, null when the admin cancels.
 */
export const licensesReportSave = () => call<string | null>('licenses_report_save', {});
/** Vaults by license status and licenses ending per month (next 12 months). */
export const licensesSummary = () => call<LicenseSummary>('licenses_summary', {});
