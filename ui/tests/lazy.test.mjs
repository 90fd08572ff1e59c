// The views and dialogs that are chunks of their own (not on the start's path): the first screen
// loads without them, they are fetched after it shows, and a chunk that fails to load shows an
// error with Retry instead of an empty page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gotoSection, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

/** The script files the page fetched, by name without their hash. */
async function scripts(page) {
  const names = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  return names.filter((n) => n.endsWith('.js')).map((n) => n.split('/').pop().replace(/-[\w-]{8}\.js$/, ''));
}

test('the first screen needs no other view; the others are fetched once it shows', async () => {
  const { page, context, errors } = await ui.open();
  const views = ['Domains', 'Splunk', 'SecurityKeys', 'Oidc', 'Saml', 'Diagnostics', 'History', 'Customization'];
  const started = (v) =>
    page.evaluate((v) => performance.getEntriesByType('resource').find((e) => new RegExp(`/${v}-[\\w-]{8}\\.js$`).test(e.name))?.startTime ?? null, v);
  for (const v of views) await page.waitForFunction((v) => performance.getEntriesByType('resource').some((e) => new RegExp(`/${v}-[\\w-]{8}\\.js$`).test(e.name)), v);
  const ready = await page.evaluate(() => window.__TEST_CALLS__.find((c) => c.cmd === 'ui_ready').at);
  for (const v of views) {
    const at = await started(v);
    assert.ok(at > ready, `${v} fetched at ${at} ms, before the first screen was shown at ${ready} ms`);
  }
  // An English start never fetches the Ukrainian texts.
  assert.ok(!(await scripts(page)).includes('uk'), (await scripts(page)).join());
  assert.deepEqual(errors, []);
  await context.close();
});

test('a view whose chunk does not load shows the error with Retry, and Retry loads it', async () => {
  let block = true;
  const { page, context } = await ui.open({
    beforeGoto: (p) => p.route(/\/assets\/Splunk-[\w-]{8}\.js$/, (r) => (block ? r.abort() : r.continue())),
  });
  await page.click(tid('nav-splunk'));
  await page.waitForSelector(tid('load-error'));
  assert.equal(await page.locator(tid('section-splunk')).count(), 0);
  block = false;
  await page.click(tid('load-retry'));
  await page.waitForSelector(tid('section-splunk'));
  assert.equal(await page.locator(tid('load-error')).count(), 0);
  await context.close();
});

test('a Ukrainian start fetches its catalog before the first screen, which is in Ukrainian', async () => {
  const { page, context, errors } = await ui.open({ locale: 'uk-UA' });
  assert.ok((await scripts(page)).includes('uk'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'uk');
  assert.equal((await page.locator(tid('nav-licensing')).innerText()).trim(), 'Ліцензування');
  assert.deepEqual(errors, []);
  await context.close();
});
