// The loaded workspace and SettingsView, shared by every section (Svelte 5 runes).
import * as backend from './backend';
import type { AppError } from './bindings/AppError';
import type { ConnectionProfileView } from './bindings/ConnectionProfileView';
import type { SecretFinding } from './bindings/SecretFinding';
import type { SettingsView } from './bindings/SettingsView';
import type { Support } from './bindings/Support';
import type { WorkspaceInfo } from './bindings/WorkspaceInfo';
import { t, workspaceName } from './text';
import { takeFirstView } from './first-view';
import { toast, toastError } from './toast.svelte';

export type SectionId = 'licensing' | 'domains' | 'splunk' | 'fido' | 'oidc' | 'saml' | 'customization';
/** What the main area shows: a Parameters section, or a tool view below them. */
export type ViewId = SectionId | 'diagnostics' | 'history';

export const SECTIONS: ReadonlyArray<{ id: SectionId; label: string }> = [
  { id: 'licensing', get label() { return t('NAV_LICENSING'); } },
  { id: 'domains', get label() { return t('NAV_DOMAINS'); } },
  { id: 'splunk', get label() { return t('NAV_SPLUNK'); } },
  { id: 'fido', get label() { return t('NAV_FIDO'); } },
  { id: 'oidc', get label() { return t('NAV_OIDC'); } },
  { id: 'saml', get label() { return t('NAV_SAML'); } },
  { id: 'customization', get label() { return t('NAV_CUSTOMIZATION'); } },
];

class AppState {
  workspace = $state<WorkspaceInfo | null>(null);
  settings = $state<SettingsView | null>(null);
  loadError = $state<AppError | null>(null);
  loading = $state(true);
  section = $state<ViewId>('licensing');

  /** Saved connection profiles (connections_list); loaded on demand. */
  profiles = $state<ConnectionProfileView[]>([]);
  /** The connection being opened: `null` = the local workspace, `undefined` = none. */
  opening = $state<string | null | undefined>(undefined);
  /** Why the last switch failed (the current connection stayed open), and which profile it was. */
  openError = $state<{ name: string | null; error: AppError } | null>(null);
  /** The Connections dialog: open, optionally straight into editing one profile. */
  connectionsDialog = $state<{ edit?: string } | null>(null);
  unlockDialog = $state(false);
  /** The "Copy settings between connections" dialog (staging). */
  stageDialog = $state(false);
  /** The "Recover with old password" dialog (secrets left under a replaced Data Protection key). */
  recoverDialog = $state(false);

  /**
   * Bumped each time another connection is opened. An answer asked of an older epoch belongs to
   * the previous connection and is dropped; the views are rebuilt for the new one.
   */
  epoch = $state(0);
  /** Bumped by every settings read and write: only the newest one's answer is shown. */
  private settingsSeq = 0;
  /** A Reload (settings and connection facts read again) is running. */
  reloading = $state(false);
  /** Forms holding typed but unsaved values (each says whether it has any). */
  private unsaved = new Set<() => boolean>();
  /** The "discard unsaved changes?" question on screen, with its answer. */
  discardAsk = $state<{ answer: (discard: boolean) => void } | null>(null);

  get readOnly(): boolean {
    return this.workspace?.ReadOnly ?? false;
  }

  /** Data Protection is on and the secrets cannot be read or written (locked, or broken). */
  get secretsLocked(): boolean {
    const dp = this.workspace?.DataProtection;
    return dp === 'locked' || dp === 'broken';
  }

  /** Whether a stored secret may be shown: writable connection, Data Protection off or unlocked. */
  get canShowSecrets(): boolean {
    return !this.readOnly && !this.secretsLocked;
  }

  /** The stored secret at (section, item, field) that cannot be used now, if any. */
  findingFor(section: string, item: string | null | undefined, field: string): SecretFinding | undefined {
    return (this.settings?.SecretFindings ?? []).find(
      (f) => f.Section === section && (f.Item ?? null) === (item ?? null) && f.Field === field,
    );
  }

  /** The profile name of the open connection, or null for the local workspace. */
  get openProfile(): string | null {
    const ws = this.workspace;
    return ws && ws.Kind !== 'sqlite' ? ws.Connection : null;
  }

  /** How this database's HES release treats an AppSettings key (absent: read live). */
  support(key: string): Support {
    return this.workspace?.Support?.find((s) => s.Key === key)?.Support ?? 'live';
  }

  async loadProfiles(): Promise<void> {
    this.profiles = await backend.connectionsList();
  }

  /**
   * Switch to a saved profile (or the local workspace with `null`), then load its settings.
   * On failure the current connection stays open; the error is returned for the caller to show.
   */
  async openConnection(name: string | null): Promise<AppError | null> {
    if (this.opening !== undefined) return null;
    this.opening = name;
    try {
      const ws = await backend.connectionOpen(name);
      // From here on, whatever the previous connection still answers is dropped.
      this.epoch += 1;
      const seq = ++this.settingsSeq;
      this.workspace = ws;
      this.settings = null;
      this.openError = null;
      try {
        const view = await backend.settingsGet();
        if (seq === this.settingsSeq) {
          this.settings = view;
          this.loadError = null;
        }
      } catch (e) {
        // The new connection is open but its settings could not be read: the error screen.
        if (seq === this.settingsSeq) {
          this.settings = null;
          this.loadError = backend.toAppError(e);
        }
      }
      toast(() => t('OPENED', { name: name ?? t('LOCAL_WORKSPACE') }));
      return null;
    } catch (e) {
      return backend.toAppError(e);
    } finally {
      this.opening = undefined;
    }
  }

  /** Unlock HES Data Protection; the settings are read again with the key. Throws AppError. */
  async unlock(password: string, remember: boolean): Promise<void> {
    const epoch = this.epoch;
    const ws = await backend.dpUnlock(password, remember);
    if (epoch !== this.epoch) return;
    this.workspace = ws;
    try {
      await this.reload();
    } catch {
      /* the view we have is still right; the next change reloads it */
    }
  }

  #firstLoad: Promise<void> | null = null;

  /**
   * The first load, started by main.ts before the UI is mounted; the App's mount waits for the
   * same one instead of reading again.
   */
  firstLoad(): Promise<void> {
    return (this.#firstLoad ??= this.load());
  }

  /** First load (and Retry from the error screen). */
  async load(): Promise<void> {
    this.loading = true;
    this.loadError = null;
    const epoch = this.epoch;
    const seq = ++this.settingsSeq;
    try {
      const [ws, view] = await (takeFirstView() ?? Promise.all([backend.workspaceInfo(), backend.settingsGet()]));
      if (epoch !== this.epoch || seq !== this.settingsSeq) return;
      this.workspace = ws;
      this.settings = view;
    } catch (e) {
      if (epoch === this.epoch) this.loadError = backend.toAppError(e);
    } finally {
      this.loading = false;
    }
  }

  /**
   * Fetch the current settings again (after a ConcurrentChange). An answer that is no longer the
   * newest (another read or a save came after it, or another connection was opened) is dropped.
   */
  async reload(): Promise<void> {
    const epoch = this.epoch;
    const seq = ++this.settingsSeq;
    const view = await backend.settingsGet();
    if (epoch === this.epoch && seq === this.settingsSeq) this.settings = view;
  }

  /** The connection's facts again (e.g. after a ReadOnly error: the mode changed). */
  async refreshWorkspace(): Promise<void> {
    const epoch = this.epoch;
    try {
      const ws = await backend.workspaceInfo();
      if (epoch === this.epoch) this.workspace = ws;
    } catch {
      /* keep what we had */
    }
  }

  /**
   * The Reload action: the open connection's facts and settings read again, and every view
   * rebuilt from them (after asking about unsaved values). Errors are toasted; the view stays.
   */
  async reloadAll(): Promise<void> {
    if (this.reloading || this.opening !== undefined || !(await this.confirmDiscard())) return;
    this.reloading = true;
    const epoch = this.epoch;
    try {
      const [ws] = await Promise.all([backend.workspaceInfo(), this.reload()]);
      if (epoch !== this.epoch) return;
      this.workspace = ws;
      this.loadError = null;
      // The views read their own data (license summary, checks) again.
      this.epoch += 1;
      toast(() => t('RELOADED', { connection: workspaceName(ws) }));
    } catch (e) {
      const err = backend.toAppError(e);
      if (epoch === this.epoch) toastError(err, (message) => t('RELOAD_FAILED', { message }));
    } finally {
      this.reloading = false;
    }
  }

  /** Every mutating command returns the fresh SettingsView: it replaces the state. */
  apply(view: SettingsView, epoch: number = this.epoch): void {
    if (epoch !== this.epoch) return;
    this.settingsSeq += 1;
    this.settings = view;
  }

  /** A form says whether it holds unsaved values; the returned function removes it again. */
  guardUnsaved(hasUnsaved: () => boolean): () => void {
    this.unsaved.add(hasUnsaved);
    return () => this.unsaved.delete(hasUnsaved);
  }

  get hasUnsaved(): boolean {
    return [...this.unsaved].some((f) => f());
  }

  /**
   * Before leaving typed values behind (another tab, connection, a reload, closing the window or
   * a dialog): true when there are none or the admin chose to discard them. `force`: ask even if
   * no form says so (a dialog that knows it has changes).
   */
  confirmDiscard(force = false): Promise<boolean> {
    if (!force && !this.hasUnsaved) return Promise.resolve(true);
    if (this.discardAsk) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.discardAsk = {
        answer: (discard) => {
          this.discardAsk = null;
          resolve(discard);
        },
      };
    });
  }
}

export const app = new AppState();

/** Which section shows an AppSettings key's problems. */
export function sectionOfKey(key: string): SectionId | null {
  const k = key.toLowerCase();
  if (k === 'licensing') return 'licensing';
  if (k === 'domain' || k === 'domains') return 'domains';
  if (k === 'splunk') return 'splunk';
  if (k === 'fido') return 'fido';
  if (k === 'oidc') return 'oidc';
  if (k === 'saml' || k === 'samlrelyingparties') return 'saml';
  if (k === 'email' || k === 'customization') return 'customization';
  return null;
}
