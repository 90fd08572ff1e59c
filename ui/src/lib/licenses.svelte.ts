// One license import: preview (parse + check, nothing written) → apply (one transaction) or cancel,
// with the progress of each phase; and the Licensing tab's summary.
import type { Key } from './i18n/en';
import * as backend from './backend';
import type { AppError } from './bindings/AppError';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportProgress } from './bindings/ImportProgress';
import type { LicenseSource } from './bindings/LicenseSource';
import type { LicenseSummary } from './bindings/LicenseSummary';

/** Catalog keys (i18n/en.ts) of the import's phases and tables. */
export const PHASE_LABELS: Record<string, Key> = {
  Parse: 'IMP_PHASE_PARSE',
  Validate: 'IMP_PHASE_VALIDATE',
  Write: 'IMP_PHASE_WRITE',
};

export const TABLE_LABELS: Record<string, Key> = {
  LicenseOrders: 'IMP_TABLE_ORDERS',
  HardwareVaults: 'IMP_TABLE_VAULTS',
  HardwareVaultLicenses: 'IMP_TABLE_LICENSES',
};

export class LicenseImport {
  busy = $state<'preview' | 'apply' | null>(null);
  progress = $state<ImportProgress | null>(null);
  /** The backend's id of the preview or import in progress (what Cancel names). */
  private runId: number | null = null;
  preview = $state<ImportPreview | null>(null);
  applied = $state<ImportPreview | null>(null);
  error = $state<AppError | null>(null);
  /** The server's address is plain http: the refusal (nothing sent) waiting for the admin's answer. */
  plainHttp = $state<AppError | null>(null);

  /** 0–100 within the current phase, or null when the total is unknown. */
  get percent(): number | null {
    const p = this.progress;
    if (!p || p.Total === 0) return null;
    return Math.min(100, Math.round((p.Done / p.Total) * 100));
  }

  async start(source: LicenseSource, allowPlainHttp = false): Promise<void> {
    if (this.busy) return;
    this.reset();
    this.busy = 'preview';
    try {
      const running = backend.licensesPreview(source, (p) => (this.progress = p), allowPlainHttp);
      this.runId = running.run;
      this.preview = await running;
    } catch (e) {
      const err = backend.toAppError(e);
      if (err.code === 'PlainHttpRefused') this.plainHttp = err;
      else this.error = err;
    } finally {
      this.busy = null;
      this.progress = null;
      this.runId = null;
    }
  }

  async apply(): Promise<boolean> {
    if (this.busy || !this.preview) return false;
    this.busy = 'apply';
    this.error = null;
    try {
      const running = backend.licensesApply((p) => (this.progress = p));
      this.runId = running.run;
      const r = await running;
      this.applied = r.Applied;
      return true;
    } catch (e) {
      this.error = backend.toAppError(e);
      return false;
    } finally {
      this.busy = null;
      this.progress = null;
      this.runId = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.busy && this.runId !== null) await backend.licensesCancel(this.runId);
  }

  reset(): void {
    this.preview = null;
    this.applied = null;
    this.error = null;
    this.plainHttp = null;
    this.progress = null;
  }
}

export class LicenseSummaryState {
  summary = $state<LicenseSummary | null>(null);
  error = $state<AppError | null>(null);

  /** Only the newest load's answer is shown. */
  private seq = 0;

  /** `isCurrent`: false once the connection it was asked of is no longer open (its answer is dropped). */
  async load(isCurrent: () => boolean = () => true): Promise<void> {
    const seq = ++this.seq;
    try {
      const summary = await backend.licensesSummary();
      if (seq !== this.seq || !isCurrent()) return;
      this.summary = summary;
      this.error = null;
    } catch (e) {
      if (seq === this.seq && isCurrent()) this.error = backend.toAppError(e);
    }
  }
}
