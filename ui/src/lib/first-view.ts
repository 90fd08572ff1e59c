/**
 * The first screen's data, asked for by public/first-view.js before the UI's bundle runs (it is
 * a module script of its own, first in index.html). `app.load()` takes that answer once; later
 * loads read anew through backend.ts.
 */
import type { SettingsView } from './bindings/SettingsView';
import type { WorkspaceInfo } from './bindings/WorkspaceInfo';

type FirstView = Promise<[WorkspaceInfo, SettingsView]>;
type Global = { __HES_FIRST_VIEW__?: FirstView };

/** The reads started at start-up, the first time only; then null. */
export function takeFirstView(): FirstView | null {
  const g = globalThis as Global;
  const p = g.__HES_FIRST_VIEW__ ?? null;
  delete g.__HES_FIRST_VIEW__;
  return p;
}
