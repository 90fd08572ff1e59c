// One run of the outside-connection checks: the steps fill in live from the run's own progress
// channel, then the returned reports replace them.
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
  /** The backend's id of the run in progress (what Cancel names). */
  private runId: number | null = null;

  /** Run `check` (`null` = all); resolves once the reports are on screen. */
  run(check: string | null, name: string | null = null): Promise<CheckReport[] | null> {
    return this.start(check, (onStep) => backend.diagnosticsRun(check, name, null, onStep));
  }

  /** Check an edit dialog's values (`check`: the check its section runs, for the live steps). */
  runForm(check: string, form: CheckForm): Promise<CheckReport[] | null> {
    return this.start(check, (onStep) => backend.checkForm(form, null, onStep));
  }

  /** Cancel this run's checks (another window's or dialog's run goes on). */
  async cancel(): Promise<void> {
    if (!this.running || this.runId === null) return;
    try {
      await backend.checksCancel(this.runId);
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

  /**
   * Another connection was opened: the results (and a run still going) belong to the previous
   * one. A running run is cancelled and whatever it still reports is dropped.
   */
  async drop(): Promise<void> {
    const run = this.running ? this.runId : null;
    this.generation += 1;
    this.running = false;
    this.checks = [];
    this.error = null;
    this.done = false;
    this.runId = null;
    if (run !== null) {
      try {
        await backend.checksCancel(run);
      } catch {
        /* the run's answer is dropped anyway */
      }
    }
  }

  /** Bumped by `drop`: a run of an older generation no longer writes here. */
  private generation = 0;

  private async start(
    check: string | null,
    call: (onStep: (p: CheckProgress) => void) => backend.Running<CheckReport[]>,
  ): Promise<CheckReport[] | null> {
    if (this.running) return null;
    const gen = this.generation;
    this.running = true;
    this.error = null;
    this.done = false;
    this.checks = [];
    try {
      const running = call((p) => {
        if (gen !== this.generation) return;
        if (check !== null && p.Check !== check) return;
        let c = this.checks.find((x) => x.Check === p.Check && x.Target === p.Target);
        if (!c) {
          this.checks.push({ Check: p.Check, Target: p.Target, Steps: [] });
          c = this.checks[this.checks.length - 1];
        }
        c.Steps.push(p.Step);
      });
      this.runId = running.run;
      const reports = await running;
      if (gen !== this.generation) return null;
      this.checks = reports.map((r: CheckReport) => ({ ...r }));
      this.done = true;
      return reports;
    } catch (e) {
      if (gen === this.generation) this.error = backend.toAppError(e);
      return null;
    } finally {
      if (gen === this.generation) {
        this.running = false;
        this.runId = null;
      }
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
