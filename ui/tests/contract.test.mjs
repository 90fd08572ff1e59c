// The command contract, replayed against the UI test fake: every case of
// tests/fixtures/contract/cases.json (the file src-tauri/tests/contract.rs replays against the real
// commands) runs in a fresh page on an empty fake workspace without saved connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();
const CASES = JSON.parse(readFileSync(new URL('../../tests/fixtures/contract/cases.json', import.meta.url), 'utf8')).cases;

/** `v` with every string "$name" replaced by the kept value `name` ("$any" stays). */
function substitute(v, vars) {
  if (typeof v === 'string' && v !== '$any' && v.startsWith('$')) {
    assert.ok(v.slice(1) in vars, `nothing kept as ${v}`);
    return vars[v.slice(1)];
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, vars));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, vars)]));
  return v;
}

/** Where `actual` does not match the pattern `expected` (see cases.json), or null. */
function mismatch(expected, actual, at = '') {
  if (expected === '$any') return null;
  if (expected && typeof expected === 'object' && !Array.isArray(expected) && actual && typeof actual === 'object') {
    for (const [k, ev] of Object.entries(expected)) {
      if (!(k in actual)) return `${at}/${k}: expected ${JSON.stringify(ev)}, absent`;
      const m = mismatch(ev, actual[k], `${at}/${k}`);
      if (m) return m;
    }
    return null;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(expected[i], actual[i], `${at}/${i}`);
      if (m) return m;
    }
    return null;
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? null : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** The value at a JSON pointer. */
const pointer = (v, p) => p.split('/').slice(1).reduce((x, k) => x?.[k], v);

test('the fake answers every contract case as the real commands do', async () => {
  assert.ok(CASES.length >= 5);
  for (const c of CASES) {
    const { page, context } = await ui.open({ fake: { initial: 'empty', profiles: 'none' } });
    try {
      const vars = {};
      for (const [i, step] of c.steps.entries()) {
        const args = substitute(step.args, vars);
        const got = await page.evaluate(
          ([cmd, a]) =>
            // @ts-ignore: the IPC the fake backend answers (mockIPC)
            window.__TAURI_INTERNALS__.invoke(cmd, a).then(
              (ok) => ({ ok }),
              (err) => ({ err }),
            ),
          [step.cmd, args],
        );
        const where = `${c.name}, step ${i} (${step.cmd})`;
        const side = 'ok' in step ? 'ok' : 'err';
        assert.ok(side in got, `${where}: got ${JSON.stringify(got)}, expected ${side}`);
        const m = mismatch(substitute(step[side], vars), got[side]);
        assert.equal(m, null, `${where}: ${m}`);
        const value = got[side];
        if (value && typeof value === 'object' && 'Revisions' in value) vars.revisions = value.Revisions;
        for (const [name, p] of Object.entries(step.keep ?? {})) vars[name] = pointer(value, p);
      }
    } finally {
      await context.close();
    }
  }
});
