// History view (issue 15): entries newest first with their field diff (secrets only as set /
// changed / cleared), filtered by section; Revert previews what it writes and is recorded; a row
// changed since the entry is shown and the revert refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

test('history lists the change with a masked diff, previews and records a revert', async () => {
  const { page, errors } = await ui.open();
  await page.click(tid('nav-history'));
  await page.waitForSelector(tid('history-entry-1'));
  await page.click(`${tid('history-entry-1')} summary`);
  const diff = await page.locator(tid('history-diff-1-licensing')).innerText();
  assert.match(diff, /ApiAddress/);
  assert.match(diff, /changed/);
  assert.doesNotMatch(diff, /old-lic-key|lic-4f1c/, 'no secret value in the diff');
  await screenshot(page, 'history-diff');

  // Filter by a section with no entry.
  await page.selectOption(tid('history-section'), 'saml');
  await page.waitForSelector(tid('history-empty'));
  assert.deepEqual((await calls(page, 'history_list')).at(-1).args, { section: 'saml' });
  await page.selectOption(tid('history-section'), '');
  await page.waitForSelector(tid('history-entry-1'));

  await page.click(`${tid('history-entry-1')} summary`);
  await page.click(tid('history-revert-1'));
  await page.waitForSelector(tid('history-revert-preview'));
  const preview = await page.locator(tid('history-revert-preview')).innerText();
  assert.match(preview, /https:\/\/old\.example\.com/);
  assert.equal(await page.locator(tid('history-revert-changed')).count(), 0);
  await screenshot(page, 'history-revert-preview');
  await page.click(tid('history-revert-confirm'));
  await page.waitForSelector(tid('history-entry-2'));
  assert.equal((await calls(page, 'history_revert')).length, 1);
  const top = await page.locator(`${tid('history')} .entry`).first().getAttribute('data-testid');
  assert.equal(top, 'history-entry-2', 'newest first: the revert is on top');
  assert.deepEqual(errors, []);
});

test('a row changed since the entry: the preview says why and Revert is refused', async () => {
  const { page } = await ui.open();
  await page.evaluate(() => {
    // @ts-ignore
    window.__FAKE__.external('licensing', (d) => (d.licensing.ApiAddress = 'https://someone-else.example.com'));
  });
  await page.click(tid('nav-history'));
  await page.waitForSelector(tid('history-entry-1'));
  await page.click(`${tid('history-entry-1')} summary`);
  await page.click(tid('history-revert-1'));
  await page.waitForSelector(tid('history-revert-changed'));
  assert.match(await page.locator(tid('history-revert-preview')).innerText(), /someone-else/);
  assert.equal(await page.locator(tid('history-revert-confirm')).isDisabled(), true);
  assert.equal((await calls(page, 'history_revert')).length, 0);
});
