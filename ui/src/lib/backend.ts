// The one module that talks to the Rust backend. Nothing else imports @tauri-apps/*.
// One typed async function per Tauri command, through the generated wrappers of bindings/commands.ts
// (names, argument keys and results come from the Rust commands); every rejection becomes an AppError.
// Progress arrives over a per-call Channel.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { commands, type Invoke } from './bindings/commands';
import type { AppError } from './bindings/AppError';
import type { CheckForm } from './bindings/CheckForm';
import type { ImportProgress } from './bindings/ImportProgress';
import type { LicenseSource } from './bindings/LicenseSource';
import type { PageTimeline } from './bindings/PageTimeline';
import type { CheckProgress } from './bindings/CheckProgress';
import type { ConnectionProfileInput } from './bindings/ConnectionProfileInput';
import type { CustomizationInput } from './bindings/CustomizationInput';
import type { DomainInput } from './bindings/DomainInput';
import type { EmailInput } from './bindings/EmailInput';
import type { FidoInput } from './bindings/FidoInput';
import type { LicensingInput } from './bindings/LicensingInput';
import type { OidcClientInput } from './bindings/OidcClientInput';
import type { Revisions } from './bindings/Revisions';
import type { SamlSpInput } from './bindings/SamlSpInput';
import type { SecretRef } from './bindings/SecretRef';
import type { SplunkInput } from './bindings/SplunkInput';
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

/** Send one command as plain JSON, as the IPC carries it; every rejection becomes an AppError. */
const invokePlain: Invoke = async (cmd, args) => {
  // Reactive proxies become objects, `undefined` keys vanish (an absent secret key means "keep").
  const plain = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
  try {
    return await invoke(cmd, plain);
  } catch (e) {
    throw toAppError(e);
  }
};
const plain = commands(invokePlain);

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

/** `e` as an AppError, thrown again unless it is NewerHesRelease and the admin confirmed writing. */
async function confirmNewer(e: unknown, staging: boolean): Promise<void> {
  const err = toAppError(e);
  if (err.code !== 'NewerHesRelease' || !newerRelease || !(await newerRelease.confirm(err, staging))) throw err;
}

/**
 * One command; a write the backend refused as NewerHesRelease is asked about and, if the admin
 * confirms, acknowledged for the connection (the backend logs that) and sent again once.
 */
const call: Invoke = async (cmd, args) => {
  try {
    return await invokePlain(cmd, args);
  } catch (e) {
    await confirmNewer(e, false);
    newerRelease?.acknowledged(await plain.acknowledgeNewerRelease());
    return await invokePlain(cmd, args);
  }
};
const cmd = commands(call);

export const workspaceInfo = () => cmd.workspaceInfo();
export const settingsGet = () => cmd.settingsGet();
export const uiReady = (timeline: PageTimeline) => cmd.uiReady({ timeline });
export const aboutInfo = () => cmd.aboutInfo();

export const licensingSet = (input: LicensingInput, revisions: Revisions) =>
  cmd.licensingSet({ input, revisions });
export const licensingDelete = (revisions: Revisions) =>
  cmd.licensingDelete({ revisions });

export const splunkSet = (input: SplunkInput, revisions: Revisions) =>
  cmd.splunkSet({ input, revisions });
export const splunkDelete = (revisions: Revisions) =>
  cmd.splunkDelete({ revisions });

export const emailSet = (input: EmailInput, revisions: Revisions) =>
  cmd.emailSet({ input, revisions });
export const emailDelete = (revisions: Revisions) =>
  cmd.emailDelete({ revisions });

export const fidoSet = (input: FidoInput, revisions: Revisions) =>
  cmd.fidoSet({ input, revisions });

export const customizationSet = (input: CustomizationInput, revisions: Revisions) =>
  cmd.customizationSet({ input, revisions });

/** `id` null adds a domain; the primary on-premises domain has id "primary". */
export const domainSave = (id: string | null, input: DomainInput, revisions: Revisions) =>
  cmd.domainSave({ id, input, revisions });
export const domainDelete = (id: string, revisions: Revisions) =>
  cmd.domainDelete({ id, revisions });

export const oidcSave = (id: string | null, input: OidcClientInput, revisions: Revisions) =>
  cmd.oidcSave({ id, input, revisions });
export const oidcDelete = (id: string, revisions: Revisions) =>
  cmd.oidcDelete({ id, revisions });

/**
 * Add a client whose secret the console generates: `ClientSecret` absent → generated and returned
 * once (OidcSecretIssued.ClientSecret); `null` → a public client (PKCE) without one.
 */
export const oidcAdd = (input: OidcClientInput, revisions: Revisions) =>
  cmd.oidcAdd({ input, revisions });
/** A fresh generated secret for client `id`, returned once; the old one stops working. */
export const oidcRegenerateSecret = (id: string, revisions: Revisions) =>
  cmd.oidcRegenerateSecret({ id, revisions });
export const oidcSetEnabled = (id: string, enabled: boolean, revisions: Revisions) =>
  cmd.oidcSetEnabled({ id, enabled, revisions });

/** SAML rows carry their own revision (SamlSpView.Revision). */
export const samlSave = (id: string | null, input: SamlSpInput, revision: string | null) =>
  cmd.samlSave({ id, input, revision });
export const samlDelete = (id: string, revision: string) =>
  cmd.samlDelete({ id, revision });

/** A file the admin chose, or pasted text: what the SAML helpers read. */
export type TextOrFile = { path: string } | { text: string };
/** Describe a certificate (PEM, base64 or DER file): subject, issuer, validity, SHA-256, base64 to store. */
export const samlCertificateInspect = (source: TextOrFile) =>
  cmd.samlCertificateInspect(source);
/** Read SP metadata XML: issuer, ACS, SLO, signing certificate (nothing is written). */
export const samlMetadataImport = (source: TextOrFile) => cmd.samlMetadataImport(source);

/** Set a logo slot from a file the admin chose (`path`) or a dropped file's bytes. */
export const logoSet = (slot: string, source: { path: string } | { bytes: number[] }, revisions: Revisions) =>
  cmd.logoSet({ slot, ...source, revisions });
/** Put a logo slot back to HES's default. */
export const logoReset = (slot: string, revisions: Revisions) => cmd.logoReset({ slot, revisions });

/** What a native open dialog is for: it sets the title and the file filter. */
export type PickPurpose = 'logo' | 'saml-metadata' | 'saml-certificate' | 'licenses' | 'ca' | 'ssh-key' | 'config';
/** The native "open file" dialog; null when the admin cancels. */
export const pickFile = (purpose: PickPurpose) => cmd.pickFile({ purpose });

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
 * when it answers false. Returns the unlisten function. The window module is loaded here, not at
 * start: it is not needed for the first screen (the window is hidden until then).
 */
export async function onCloseRequested(allow: () => Promise<boolean>): Promise<() => void> {
  try {
    const { getCurrentWindow } = await import('@tauri-apps/api/window');
    return await getCurrentWindow().onCloseRequested(async (e) => {
      if (!(await allow())) e.preventDefault();
    });
  } catch {
    // Not in a Tauri window (e.g. a plain browser): nothing to guard.
    return () => {};
  }
}

/** One stored secret in clear, only on an explicit Show. */
export const secretShow = (target: SecretRef) => cmd.secretShow({ target });

// ---------- connections and Data Protection ----------
export const connectionsList = () => cmd.connectionsList();
/** `original`: the profile's current Name when editing, null for a new one. */
export const connectionSave = (original: string | null, input: ConnectionProfileInput) =>
  cmd.connectionSave({ original, input });
export const connectionDelete = (name: string) => cmd.connectionDelete({ name });
/** Tests the form's values; without `input.Password` the stored password of `original` is used,
 * only while Host, Port and User are the stored ones (else a Validation error on Password). */
export const connectionTest = (original: string | null, input: ConnectionProfileInput) =>
  cmd.connectionTest({ original, input });
/** Pin exactly this certificate (a test result's `Certificate.Sha256`) for the database server host:port. */
export const connectionTrustCertificate = (host: string, port: number, sha256: string) =>
  cmd.connectionTrustCertificate({ host, port, sha256 });
/** Pin an SSH host's key (a test result's `SshHostKey`, as `<Algorithm> <Sha256>`) for host:port. */
export const connectionTrustHostKey = (host: string, port: number, key: string) =>
  cmd.connectionTrustHostKey({ host, port, key });
/** `null` opens the local workspace. The current connection stays open when this fails. */
export const connectionOpen = (name: string | null) => cmd.connectionOpen({ name });
/** Enter the HES Data Protection password; `remember` keeps it in the OS keychain for this profile. */
export const dpUnlock = (password: string, remember: boolean) =>
  cmd.dpUnlock({ password, remember });
/** Stop a running `dpUnlock` (it fails with `Cancelled`; Data Protection stays locked). */
export const dpUnlockCancel = () => cmd.dpUnlockCancel();
/** Encrypt the secrets left in plaintext after HES enabled Data Protection (needs it unlocked). */
export const dpProtectNow = () => cmd.dpProtectNow();
/** Re-encrypt secrets left under a key HES replaced, with the OLD Data Protection password. */
export const dpRecover = (oldPassword: string) => cmd.dpRecover({ oldPassword });

// ---------- staging ----------
/**
 * What copying `sections` from one connection to another would change (`null` = the local
 * workspace, a string = a saved profile's Name). Nothing is written; the plan stays in the backend.
 */
export async function stagePreview(from: string | null, to: string | null, sections: string[]) {
  // The target is a connection of this preview only: a newer release is confirmed per preview.
  try {
    return await plain.stagePreview({ from, to, sections });
  } catch (e) {
    await confirmNewer(e, true);
    return await plain.stagePreview({ from, to, sections, allowNewer: true });
  }
}
/**
 * Write the last preview; ConcurrentChange if the target changed since. `remove`: the sections whose
 * removals (the whole section, or the items listed in its preview) the admin ticked; anything else
 * the preview would remove stays in the target.
 */
export const stageApply = (remove: string[]) => cmd.stageApply({ remove });

/** The open database's change history, newest first (secrets as set / changed / cleared). */
export const historyList = (section: string | null) => cmd.historyList({ section });
/** What reverting entry `id` would write, what changed since, or why it cannot. */
export const historyRevertPreview = (id: number) => cmd.historyRevertPreview({ id });
/** Put entry `id`'s previous values back (ConcurrentChange if a row changed since). */
export const historyRevert = (id: number) => cmd.historyRevert({ id });
/** Export the configuration where the admin picks (native save dialog); with a passphrase, the
 *  secrets sealed. The path written, null when the admin cancels. */
export const configExport = (passphrase: string | null) => cmd.configExport({ passphrase });
/** Preview importing the configuration file at `path`; applied by `stageApply`. */
export const configImportPreview = (path: string, passphrase: string | null) => cmd.configImportPreview({ path, passphrase });
/** The open database's automatic backups, newest first. */
export const backupsList = () => cmd.backupsList();
/** Preview restoring the automatic backup `name`; applied by `stageApply`. */
export const backupRestorePreview = (name: string) => cmd.backupRestorePreview({ name });

/**
 * A call that reports progress over its own channel: `onMessage` gets every message of this call
 * only. The promise carries the run's id (`run`), which names it for the matching cancel command.
 */
export type Running<T> = Promise<T> & { run: number };

function withChannel<T, M>(
  onMessage: (m: M) => void,
  call: (channel: Channel<M>) => Promise<T>,
): Running<T> {
  const channel = new Channel<M>();
  channel.onmessage = onMessage;
  return Object.assign(call(channel), { run: channel.id });
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
) => withChannel(onStep, (onStep) => cmd.diagnosticsRun({ check, name, timeoutMs, onStep }));

/**
 * Check an edit dialog's values before saving. A stored secret is used only while the target and
 * identity are unchanged; otherwise the report says to type it again.
 */
export const checkForm = (form: CheckForm, timeoutMs: number | null, onStep: (p: CheckProgress) => void) =>
  withChannel(onStep, (onStep) => cmd.checkForm({ form, timeoutMs, onStep }));

/** Trust an AD server's certificate on this computer, pinned to its SHA-256; returns the pin. */
export const adTrustCertificate = (domain: string, starttls: boolean, sha256: string) =>
  cmd.adTrustCertificate({ domain, starttls, sha256 });

/** Cancel the run `run` (a `Running`'s id): its checks report `Cancelled` with the step that was running. */
export const checksCancel = (run: number) => cmd.checksCancel({ run });

// ---------- license import (issue 5) ----------
/**
 * Parse and check a license document (server or file); nothing is written. A plain-http API
 * address is refused (PlainHttpRefused, the key not sent) unless `allowPlainHttp`: the admin
 * confirmed sending the key unencrypted.
 */
export const licensesPreview = (source: LicenseSource, onProgress: (p: ImportProgress) => void, allowPlainHttp = false) =>
  withChannel(onProgress, (onProgress) =>
    cmd.licensesPreview({ source, ...(allowPlainHttp ? { allowPlainHttp: true } : {}), onProgress }),
  );
/** Write the last preview in one transaction, or nothing. */
export const licensesApply = (onProgress: (p: ImportProgress) => void) =>
  withChannel(onProgress, (onProgress) => cmd.licensesApply({ onProgress }));
/** Cancel the preview or import `run` (a `Running`'s id; an import in progress is rolled back). */
export const licensesCancel = (run: number) => cmd.licensesCancel({ run });
/**
 * Save the rejection report of the last preview (CSV, the first 1 000 rejections) with the native
 * save dialog; the path written, null when the admin cancels.
 */
export const licensesReportSave = () => cmd.licensesReportSave();
/** Vaults by license status and licenses ending per month (next 12 months). */
export const licensesSummary = () => cmd.licensesSummary();
