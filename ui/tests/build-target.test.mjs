// The UI bundle's JavaScript level per webview (vite.config.ts buildTarget): class fields stay
// native for WebKitGTK and WebView2 (lowered, each `$state` in a class is a WeakMap lookup and the
// first screen is slower), and are lowered for macOS, whose oldest supported Safari needs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UI_ROOT } from './helpers/harness.mjs';

/** `new WeakMap` in the bundle's scripts: a few of the libraries own when fields are native, dozens (88 when this was written) lowered. */
async function weakMaps(dir) {
  let n = 0;
  for (const f of await readdir(join(dir, 'assets'))) {
    if (f.endsWith('.js')) n += (await readFile(join(dir, 'assets', f), 'utf8')).split('new WeakMap').length - 1;
  }
  return n;
}

function build(platform, outDir) {
  const vite = join(UI_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((ok, fail) =>
    execFile(
      process.execPath,
      [vite, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
      { cwd: UI_ROOT, env: { ...process.env, TAURI_ENV_PLATFORM: platform } },
      (e, _o, se) => (e ? fail(new Error(`${e.message}\n${se}`)) : ok(undefined)),
    ),
  );
}

test('class fields stay native in the Linux and Windows bundles and are lowered for macOS', async () => {
  const native = await weakMaps(join(UI_ROOT, 'dist'));
  assert.ok(native <= 10, `the default (Linux) bundle: ${native} WeakMaps`);
  const tmp = await mkdtemp(join(tmpdir(), 'hes-ui-target-'));
  try {
    await build('windows', join(tmp, 'windows'));
    assert.ok((await weakMaps(join(tmp, 'windows'))) <= 10, 'windows');
    await build('darwin', join(tmp, 'darwin'));
    const lowered = await weakMaps(join(tmp, 'darwin'));
    assert.ok(lowered > 50, `the macOS bundle lowers class fields: ${lowered} WeakMaps`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
