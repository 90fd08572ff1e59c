// The message catalogs: every key in every language, the same placeholders, every CLDR plural
// form of the language, and a text for every stable backend error code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const UI_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const REPO = resolve(UI_ROOT, '..');

/** Load a catalog module (TypeScript, type-only imports) without a build step. */
async function loadCatalog(name) {
  const src = readFileSync(join(UI_ROOT, 'src', 'lib', 'i18n', `${name}.ts`), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
}

const { en } = await loadCatalog('en');
const { uk } = await loadCatalog('uk');
const CATALOGS = { uk };

const forms = (msg) => (typeof msg === 'string' ? [msg] : Object.values(msg));
const placeholders = (msg) => [...new Set(forms(msg).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

test('every catalog has every English key, and no key English lacks', () => {
  for (const [lang, cat] of Object.entries(CATALOGS)) {
    const missing = Object.keys(en).filter((k) => !(k in cat));
    const extra = Object.keys(cat).filter((k) => !(k in en));
    assert.deepEqual(missing, [], `${lang}: keys missing`);
    assert.deepEqual(extra, [], `${lang}: keys English does not have`);
  }
});

test('every message has the same placeholders in every language', () => {
  const bad = [];
  for (const [lang, cat] of Object.entries(CATALOGS)) {
    for (const k of Object.keys(en)) {
      if (!(k in cat)) continue;
      const a = placeholders(en[k]).join(',');
      const b = placeholders(cat[k]).join(',');
      if (a !== b) bad.push(`${lang}.${k}: {${b}} vs English {${a}}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('plural messages carry every CLDR form of their language, and no message is empty', () => {
  const bad = [];
  for (const [lang, cat] of Object.entries({ en, ...CATALOGS })) {
    const need = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [k, msg] of Object.entries(cat)) {
      if (forms(msg).some((s) => typeof s !== 'string' || s.trim() === '')) bad.push(`${lang}.${k}: empty`);
      if (typeof msg !== 'string') {
        for (const form of need) if (!(form in msg)) bad.push(`${lang}.${k}: no "${form}" form`);
        if (typeof en[k] === 'string') bad.push(`${lang}.${k}: plural here, not in English`);
      } else if (typeof en[k] !== 'string') bad.push(`${lang}.${k}: not plural, English is`);
    }
  }
  assert.deepEqual(bad, []);
});

test('Ukrainian plural forms follow CLDR: 1 секрет, 2 секрети, 5 секретів, 21 секрет', () => {
  const rules = new Intl.PluralRules('uk');
  const pick = (n) => uk.DP_REPAIRED[rules.select(n)].replace('{n}', String(n));
  assert.equal(pick(1), 'Відновлено 1 секрет.');
  assert.equal(pick(2), 'Відновлено 2 секрети.');
  assert.equal(pick(5), 'Відновлено 5 секретів.');
  assert.equal(pick(21), 'Відновлено 21 секрет.');
  assert.equal(pick(1.5), 'Відновлено 1.5 секрету.');
});

test('every stable backend error code has a text in every catalog', () => {
  const rust = readFileSync(join(REPO, 'crates', 'hes-core', 'src', 'error.rs'), 'utf8');
  const codes = [...rust.matchAll(/ErrorCode::(\w+) => "(\w+)"/g)].map((m) => m[2]);
  assert.ok(codes.length > 40, `error codes found in error.rs: ${codes.length}`);
  const missing = codes.filter((c) => !(`ERR_${c}` in en) || !(`ERR_${c}` in uk));
  assert.deepEqual(missing, []);
});

test('the generated ErrorCode binding names the same codes as error.rs, each with a text in every catalog', () => {
  // The TypeScript type the UI receives (ts-rs output): a code added in Rust reaches it through
  // the bindings test; the catalogs must follow (i18n.svelte.ts also fails the type check).
  const binding = readFileSync(join(UI_ROOT, 'src', 'lib', 'bindings', 'ErrorCode.ts'), 'utf8');
  const union = binding.slice(binding.indexOf('export type ErrorCode'));
  const fromTs = [...union.matchAll(/"(\w+)"/g)].map((m) => m[1]).sort();
  const rust = readFileSync(join(REPO, 'crates', 'hes-core', 'src', 'error.rs'), 'utf8');
  const fromRust = [...rust.matchAll(/ErrorCode::(\w+) => "(\w+)"/g)].map((m) => m[2]).sort();
  assert.deepEqual(fromTs, fromRust);
  const missing = fromTs.filter((c) => !(`ERR_${c}` in en) || !(`ERR_${c}` in uk));
  assert.deepEqual(missing, []);
});

test('every stable check code has a text in every catalog', () => {
  const rust = readFileSync(join(REPO, 'crates', 'hes-checks', 'src', 'codes.rs'), 'utf8');
  const codes = [...rust.matchAll(/pub const \w+: &str = "(\w+)"/g)].map((m) => m[1]);
  assert.ok(codes.length > 40, `check codes found in codes.rs: ${codes.length}`);
  const missing = codes.filter((c) => !(`CHK_${c}` in en) || !(`CHK_${c}` in uk));
  assert.deepEqual(missing, []);
});

test('the short month names kept for the license chart are what Intl (CLDR) gives, in both languages', () => {
  const src = readFileSync(join(UI_ROOT, 'src', 'lib', 'i18n.svelte.ts'), 'utf8');
  for (const lang of ['en', 'uk']) {
    const line = src.match(new RegExp(`^\\s*${lang}: \\[(.*)\\],$`, 'm'));
    assert.ok(line, `MONTHS_SHORT.${lang} in i18n.svelte.ts`);
    const kept = [...line[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
    const intl = Array.from({ length: 12 }, (_, i) =>
      new Date(Date.UTC(2026, i, 1)).toLocaleString(lang, { month: 'short', timeZone: 'UTC' }),
    );
    assert.deepEqual(kept, intl, lang);
  }
});
