// The platform mark app.css chooses fonts by, and the font stacks themselves: on Linux (and any
// unknown platform) only generic families, since WebKitGTK pays a fontconfig lookup for every
// family it lacks (the first screen's layout took 280 ms with the old cross-platform stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const UI_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function loadOs() {
  const src = readFileSync(join(UI_ROOT, 'src', 'lib', 'os.ts'), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
}

test('each webview is told apart by its user agent', async () => {
  const { osOf } = await loadOs();
  // WebView2 (Windows 11), WKWebView (macOS 14), WebKitGTK 2.44 (Debian), and none of them.
  assert.equal(osOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'), 'windows');
  assert.equal(osOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)'), 'macos');
  assert.equal(osOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'), 'linux');
  assert.equal(osOf(''), 'other');
});

/** The `--font` and `--mono` values of each `:root…` block of app.css, by selector. */
function stacks() {
  const css = readFileSync(join(UI_ROOT, 'src', 'app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const out = {};
  for (const m of css.matchAll(/(:root[^{]*)\{([^}]*)\}/g)) {
    const sel = m[1].trim();
    for (const v of m[2].matchAll(/--(font|mono):\s*([^;]+);/g)) (out[sel] ??= {})[v[1]] = v[2].replace(/\s+/g, ' ').trim();
  }
  return out;
}

test('Linux and unknown platforms get generic families only; Windows and macOS name their own first', () => {
  const s = stacks();
  assert.deepEqual(s[':root'], { font: 'sans-serif', mono: 'monospace' });
  assert.match(s[":root[data-os='windows']"].font, /^'Segoe UI',/);
  assert.match(s[":root[data-os='macos']"].font, /^system-ui,/);
  // Each platform's stack ends in a generic family and names no other platform's font.
  for (const [sel, v] of Object.entries(s)) {
    assert.match(v.font, /sans-serif$/, sel);
    assert.match(v.mono, /monospace$/, sel);
  }
  assert.doesNotMatch(s[":root[data-os='windows']"].font + s[":root[data-os='windows']"].mono, /Helvetica|SF Mono|Menlo|apple/);
  assert.doesNotMatch(s[":root[data-os='macos']"].font + s[":root[data-os='macos']"].mono, /Segoe|Cascadia|Consolas/);
});
