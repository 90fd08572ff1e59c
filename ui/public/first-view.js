// The first screen's reads, sent as soon as the page runs: index.html loads this small script
// (copied as is, not bundled) before the UI's bundle, so the reads travel while the bundle is
// parsed, evaluated and mounted. src/lib/first-view.ts hands the answer to the first load.
const ipc = globalThis.__TAURI_INTERNALS__;
if (ipc) {
  const first = Promise.all([ipc.invoke('workspace_info', {}), ipc.invoke('settings_get', {})]);
  // Not an unhandled rejection while nobody waits yet: the first load sees the same error.
  first.catch(() => {});
  globalThis.__HES_FIRST_VIEW__ = first;
}
