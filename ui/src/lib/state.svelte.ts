// The loaded workspace and SettingsView, shared by every section (Svelte 5 runes).
import * as backend from './backend';
import type { AppError } from './bindings/AppError';
import type { ConnectionProfileView } from './bindings/ConnectionProfileView';
import type { SecretFinding } from './bindings/SecretFinding';
import type { SettingsView } from './bindings/SettingsView';
import type { Support } from './bindings/Support';
import type { WorkspaceInfo } from './bindings/WorkspaceInfo';
import { t } from './text';
import { toast } from './toast.svelte';

export type SectionId = 'licensing' | 'domains' | 'splunk' | 'fido' | 'oidc' | 'saml' | 'customization';
/** What the main area shows: a Parameters section, or a tool view below them. */
export type ViewId = SectionId | 'diagnostics';

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
      this.workspace = ws;
      this.openError = null;
      try {
        this.settings = await backend.settingsGet();
        this.loadError = null;
      } catch (e) {
        // The new connection is open but its settings could not be read: the error screen.
        this.settings = null;
        this.loadError = backend.toAppError(e);
      }
      toast(t('OPENED', { name: name ?? t('LOCAL_WORKSPACE') }));
      return null;
    } catch (e) {
      return backend.toAppError(e);
    } finally {
      this.opening = undefined;
    }
  }

  /** Unlock HES Data Protection; the settings are read again with the key. Throws AppError. */
  async unlock(password: string, remember: boolean): Promise<void> {
    this.workspace = await backend.dpUnlock(password, remember);
    try {
      this.settings = await backend.settingsGet();
    } catch {
      /* the view we have is still right; the next change reloads it */
    }
  }

  /** First load (and Retry from the error screen). */
  async load(): Promise<void> {
    this.loading = true;
    this.loadError = null;
    try {
      const [ws, view] = await Promise.all([backend.workspaceInfo(), backend.settingsGet()]);
      this.workspace = ws;
      this.settings = view;
    } catch (e) {
      this.loadError = backend.toAppError(e);
    } finally {
      this.loading = false;
    }
  }

  /** Fetch the current settings again (after a ConcurrentChange). */
  async reload(): Promise<void> {
    this.settings = await backend.settingsGet();
  }

  /** The connection's facts again (e.g. after a ReadOnly error: the mode changed). */
  async refreshWorkspace(): Promise<void> {
    try {
      this.workspace = await backend.workspaceInfo();
    } catch {
      /* keep what we had */
    }
  }

  /** Every mutating command returns the fresh SettingsView: it replaces the state. */
  apply(view: SettingsView): void {
    this.settings = view;
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
