// The loaded workspace and SettingsView, shared by every section (Svelte 5 runes).
import * as backend from './backend';
import type { AppError } from './bindings/AppError';
import type { SettingsView } from './bindings/SettingsView';
import type { WorkspaceInfo } from './bindings/WorkspaceInfo';

export type SectionId = 'licensing' | 'domains' | 'splunk' | 'fido' | 'oidc' | 'saml' | 'customization';

export const SECTIONS: ReadonlyArray<{ id: SectionId; label: string }> = [
  { id: 'licensing', label: 'Licensing' },
  { id: 'domains', label: 'Domains' },
  { id: 'splunk', label: 'Splunk' },
  { id: 'fido', label: 'Security keys' },
  { id: 'oidc', label: 'OIDC' },
  { id: 'saml', label: 'SAML' },
  { id: 'customization', label: 'Customization' },
];

class AppState {
  workspace = $state<WorkspaceInfo | null>(null);
  settings = $state<SettingsView | null>(null);
  loadError = $state<AppError | null>(null);
  loading = $state(true);
  section = $state<SectionId>('licensing');

  get readOnly(): boolean {
    return this.workspace?.ReadOnly ?? false;
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
