// Builds hesctl for the installers and puts it where Tauri's externalBin takes it from:
// target/sidecar/hesctl-<target triple>[.exe]. Tauri then ships it beside the console's own
// binary: /usr/bin/hesctl in the .deb and .rpm, <install dir>\hesctl.exe on Windows,
// HES Console.app/Contents/MacOS/hesctl on macOS.
//
// Run by `tauri build --config tauri.release.conf.json` (its beforeBuildCommand, after the UI
// build), which sets TAURI_ENV_TARGET_TRIPLE (the --target of that build) and TAURI_ENV_DEBUG.
// Node rather than a shell script: the same command runs on the Windows, macOS and Linux runners.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const hostLine = execFileSync('rustc', ['-vV'], { encoding: 'utf8' })
  .split('\n')
  .find((l) => l.startsWith('host: '));
if (!hostLine) throw new Error('bundle-hesctl: `rustc -vV` printed no host triple');
const host = hostLine.slice('host: '.length).trim();
const triple = process.env.TAURI_ENV_TARGET_TRIPLE || host;
const debug = process.env.TAURI_ENV_DEBUG === 'true';

// Only a cross build gets --target: a native one shares target/release with the console's build.
const args = ['build', '--locked', '-p', 'hesctl'];
if (!debug) args.push('--release');
if (triple !== host) args.push('--target', triple);
console.log(`bundle-hesctl: cargo ${args.join(' ')}`);
execFileSync('cargo', args, { cwd: root, stdio: 'inherit' });

const exe = triple.includes('windows') ? '.exe' : '';
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
const built = join(targetDir, triple === host ? '' : triple, debug ? 'debug' : 'release', `hesctl${exe}`);
const sidecar = join(root, 'target', 'sidecar', `hesctl-${triple}${exe}`);
mkdirSync(dirname(sidecar), { recursive: true });
copyFileSync(built, sidecar);
if (!exe) chmodSync(sidecar, 0o755);
console.log(`bundle-hesctl: ${built} -> ${sidecar}`);
