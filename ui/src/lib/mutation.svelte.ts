// Runs one change against the backend and keeps the state a form needs to show its outcome:
// field errors (Validation), a general error, or a concurrent change (ConcurrentChange).
import { toAppError } from './backend';
import type { AppError } from './bindings/AppError';
import type { SettingsView } from './bindings/SettingsView';
import { localizeError } from './i18n.svelte';
import { app } from './state.svelte';
import { toast, type ToastText } from './toast.svelte';

/** `RedirectUris[1]` → `RedirectUris`; the index as a 1-based line number. */
export function splitField(field: string): { base: string; line: number | null } {
  const m = /^([^[.]+)(?:\[(\d+)\])?/.exec(field);
  if (!m) return { base: field, line: null };
  return { base: m[1], line: m[2] !== undefined ? Number(m[2]) + 1 : null };
}

/**
 * Field errors of a Validation AppError, keyed by the PascalCase base field name. Fields in
 * `unnumbered` (lists not shown as lines, e.g. a checklist) get no "Line n:" prefix.
 */
export function fieldErrorMap(err: AppError, unnumbered: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const list = err.fieldErrors?.length
    ? err.fieldErrors
    : err.field
      ? [{ field: err.field, message: err.message }]
      : [];
  for (const fe of list) {
    const { base, line } = splitField(fe.field);
    const msg = line !== null && !unnumbered.includes(base) ? `Line ${line}: ${fe.message}` : fe.message;
    out[base] = out[base] ? `${out[base]} ${msg}` : msg;
  }
  return out;
}

export class Mutation {
  saving = $state(false);
  fieldErrors = $state<Record<string, string>>({});
  error = $state<AppError | null>(null);
  /** Someone else changed the settings; the state now holds their values. */
  conflict = $state(false);
  /** Counts rejected saves with field errors, so a form can move the focus to the first one. */
  invalidAttempts = $state(0);

  /** @param known the PascalCase fields the form shows; other field errors go to `error`. */
  private known: readonly string[];
  private unnumbered: readonly string[];
  /** @param unnumbered list fields whose item errors are not shown as "Line n:" */
  constructor(known: readonly string[] = [], unnumbered: readonly string[] = []) {
    this.known = known;
    this.unnumbered = unnumbered;
  }

  reset(): void {
    this.saving = false;
    this.fieldErrors = {};
    this.error = null;
    this.conflict = false;
  }

  /** A message the form found itself (e.g. a number field that holds no number). */
  setFieldError(name: string, message: string): void {
    this.fieldErrors = { ...this.fieldErrors, [name]: message };
    this.invalidAttempts += 1;
  }

  clearField(name: string): void {
    if (this.fieldErrors[name]) {
      const { [name]: _gone, ...rest } = this.fieldErrors;
      void _gone;
      this.fieldErrors = rest;
    }
  }

  /**
   * A Validation error (or any error naming fields) goes to the known fields, the rest to
   * `error`. Returns false when `err` names no field and is not a Validation error.
   */
  placeFieldErrors(err: AppError): boolean {
    const hasFields = (err.fieldErrors?.length ?? 0) > 0 || !!err.field;
    if (!(err.code === 'Validation' || (hasFields && err.code !== 'ConcurrentChange'))) return false;
    // A field error of another code (e.g. an SSH key file refused) in the UI's language by its code;
    // Validation messages are translated where they are shown (Field), following the language.
    const all = fieldErrorMap(err.code === 'Validation' ? err : localizeError(err), this.unnumbered);
    const placed: Record<string, string> = {};
    const stray: string[] = [];
    for (const [k, v] of Object.entries(all)) {
      if (this.known.includes(k)) placed[k] = v;
      else stray.push(v);
    }
    this.fieldErrors = placed;
    if (Object.keys(placed).length) this.invalidAttempts += 1;
    if (stray.length || Object.keys(all).length === 0) {
      this.error = { ...err, message: stray.length ? stray.join(' ') : err.message };
    }
    return true;
  }

  /**
   * Run a command that does not change the settings (connection profiles, tests): errors go to
   * the fields or to `error`. Returns the command's result, or undefined when it failed.
   */
  async attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (this.saving) return undefined;
    this.saving = true;
    this.error = null;
    this.fieldErrors = {};
    try {
      return await fn();
    } catch (e) {
      const err = toAppError(e);
      if (!this.placeFieldErrors(err)) this.error = err;
      return undefined;
    } finally {
      this.saving = false;
    }
  }

  /**
   * Run `fn` with the current SettingsView (its Revisions); on success replace the state with
   * the view it returns and toast `success`. Returns whether it succeeded.
   */
  async run(fn: (current: SettingsView) => Promise<SettingsView>, success: ToastText): Promise<boolean> {
    const current = app.settings;
    if (!current || this.saving) return false;
    const epoch = app.epoch;
    this.saving = true;
    this.error = null;
    this.fieldErrors = {};
    try {
      const view = await fn(current);
      // Saved to a connection that is no longer open: its view is not this one's.
      if (epoch !== app.epoch) return false;
      app.apply(view, epoch);
      this.conflict = false;
      toast(success);
      return true;
    } catch (e) {
      const err = toAppError(e);
      if (this.placeFieldErrors(err)) {
        /* shown at the fields */
      } else if (err.code === 'ConcurrentChange') {
        try {
          await app.reload();
          this.conflict = true;
        } catch (re) {
          this.error = toAppError(re);
        }
      } else {
        this.error = err;
        // The connection's mode changed under us (read-only, Data Protection): show the new facts.
        if (err.code === 'ReadOnly' || err.code.startsWith('DataProtection')) void app.refreshWorkspace();
        // HES enabled, disabled or re-keyed Data Protection: the backend took the new state and
        // wrote nothing; the settings (and which secrets are usable) are read again.
        if (err.code === 'DataProtectionChanged') void app.reload().catch(() => undefined);
      }
      return false;
    } finally {
      this.saving = false;
    }
  }
}
