// A database of a HES release newer than the console knows: every write is an explicit step. The
// backend refuses writes with NewerHesRelease until acknowledged; backend.ts asks here, once per
// connection (and per staging preview), and NewerReleaseDialog shows what is known and unknown.
import * as backend from './backend';
import type { AppError } from './bindings/AppError';
import { app } from './state.svelte';

type Pending = { error: AppError; staging: boolean; answer: (ok: boolean) => void };

class NewerReleaseState {
  pending = $state<Pending | null>(null);
}

export const newerRelease = new NewerReleaseState();
/** Writes that arrive while the dialog is open share its answer. */
let asking: Promise<boolean> | null = null;

/** Called once by the app. */
export function installNewerReleaseConfirm(): void {
  backend.onNewerRelease({
    confirm: (error, staging) => {
      asking ??= new Promise<boolean>((resolve) => {
        newerRelease.pending = {
          error,
          staging,
          answer: (ok) => {
            newerRelease.pending = null;
            asking = null;
            resolve(ok);
          },
        };
      });
      return asking;
    },
    acknowledged: (info) => {
      app.workspace = info;
    },
  });
}

/** The newest migration named in the refusal ("… (newest migration <id>) …"), else the open connection's. */
export function newestMigration(p: Pending): string {
  const m = /\(newest migration ([^)\s]+)\)/.exec(p.error.message);
  return m?.[1] ?? app.workspace?.NewestMigration ?? 'unknown';
}
