// One run of the outside-connection checks: the steps fill in live from the `check-step` events,
// then the returned reports replace them.
import * as backend from './backend';
import type { AppError } from './bindings/AppError';
import type { ServerCertificate } from './bindings/ServerCertificate';
import type { CheckForm } from './bindings/CheckForm';
import type { CheckProgress } from './bindings/CheckProgress';
import type { CheckReport } from './bindings/CheckReport';
import type { CheckStep } from './bindings/CheckStep';
import type { Outcome } from './bindings/Outcome';
import { checkTitle, formatDuration, statusLabel, t } from './text';

/** A check on screen: live (no Outcome yet) or finished (its report). */
export interface CheckView {
  Check: string;
  Target: string;
  Steps: CheckStep[];
  Outcome?: Outcome;
  Code?: string;
  DurationMs?: number;
  Certificate?: ServerCertificate;
}

export class DiagnosticsRun {
  running = $state(false);
  checks = $state<CheckView[]>([]);
  error = $state<AppError | null>(null);
  /** Whether a run has finished (the empty state needs a finished run with no report). */
  done = $state(false);

  /** Run `check` (`null` = all); resolves once the reports are on screen. */
  run(check: string | null, name: string | null = null): Promise<CheckReport[] | null> {
    return this.start(check, (onStep) => backend.diagnosticsRun(check, name, null, onStep));
  }

  /** Check an edit dialog's values (`check`: the check its section runs, for the live steps). */
  runForm(check: string, form: CheckForm): Promise<CheckReport[] | null> {
    return this.start(check, (onStep) => backend.checkForm(form, null, onStep));
  }

  /** Cancel the checks that are running (every run of this window: the backend has one switch). */
  async cancel(): Promise<void> {
    if (!this.running) return;
    try {
      await backend.checksCancel();
    } catch (e) {
      this.error = backend.toAppError(e);
    }
  }

  forget(): void {
    if (this.running) return;
    this.checks = [];
    this.error = null;
    this.done = false;
  }

  private async start(
    check: string | null,
    call: (onStep: (p: CheckProgress) => void) => Promise<CheckReport[]>,
  ): Promise<CheckReport[] | null> {
    if (this.running) return null;
    this.running = true;
    this.error = null;
    this.done = false;
    this.checks = [];
    try {
      const reports = await call((p) => {
        if (check !== null && p.Check !== check) return;
        let c = this.checks.find((x) => x.Check === p.Check && x.Target === p.Target);
        if (!c) {
          this.checks.push({ Check: p.Check, Target: p.Target, Steps: [] });
          c = this.checks[this.checks.length - 1];
        }
        c.Steps.push(p.Step);
      });
      this.checks = reports.map((r: CheckReport) => ({ ...r }));
      this.done = true;
      return reports;
    } catch (e) {
      this.error = backend.toAppError(e);
      return null;
    } finally {
      this.running = false;
    }
  }
}

/** The plain-text report: a line per check, one per step. The backend already scrubbed secrets. */
export function reportText(checks: CheckView[], when = new Date()): string {
  const lines = [`HES Console diagnostics, ${when.toISOString()}`];
  for (const c of checks) {
    lines.push('');
    const outcome = c.Outcome ? statusLabel(c.Outcome) : t('DIAGNOSTICS_RUNNING');
    const code = c.Code ? ` (${c.Code})` : '';
    const dur = c.DurationMs !== undefined ? `, ${formatDuration(c.DurationMs)}` : '';
    lines.push(`${checkTitle(c.Check)} — ${c.Target}: ${outcome}${code}${dur}`);
    for (const s of c.Steps) {
      lines.push(`  [${statusLabel(s.Status)}] ${s.Name} (${formatDuration(s.DurationMs)})${s.Detail ? ': ' + s.Detail : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The Diagnostics view's run: kept while the user visits other sections. */
export const diagnostics = new DiagnosticsRun();
