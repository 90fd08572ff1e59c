// Import licenses (issue 5): preview with progress → apply → summary and chart; a bad file's error;
// importing the same document again adds nothing; the API key never reaches the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, gotoSection, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

const cell = (page, table, col) =>
  page.locator(`${tid(`license-preview-${table}`)} td`).nth(col).innerText();

test('Import from the licensing server: preview, apply, summary with the chart', async () => {
  const { page, context, errors } = await ui.open();
  await gotoSection(page, 'licensing');
  await page.locator(tid('license-summary')).waitFor();
  assert.match(await page.locator(tid('license-summary')).innerText(), /0 vaults, 0 licenses/);

  await page.click(tid('licenses-import-server'));
  const dialog = page.locator(tid('dialog-license-import'));
  await dialog.waitFor();
  await page.locator(tid('license-progress')).waitFor();
  await page.locator(tid('license-preview')).waitFor();
  // Orders, vaults, licenses: in the document / new / present / rejected.
  assert.equal(await cell(page, 'LicenseOrders', 1), '1');
  assert.equal(await cell(page, 'HardwareVaults', 1), '6');
  assert.equal(await cell(page, 'HardwareVaultLicenses', 0), '7');
  assert.equal(await cell(page, 'HardwareVaultLicenses', 1), '6');
  assert.equal(await cell(page, 'HardwareVaultLicenses', 3), '1');
  assert.match(await page.locator(tid('license-rejections')).innerText(), /l-bad.*neither in the document nor in the database[\s\S]*UnknownOrder/);
  const [preview] = await calls(page, 'licenses_preview');
  assert.deepEqual(preview.args, { source: { Kind: 'Server' } });
  assert.doesNotMatch(await page.content(), /lic-4f1c-9a7e-secret-key/, 'the API key is not in the page');
  const violations = await axeSerious(page);
  assert.equal(violations.length, 0, violations.map((v) => `${v.id}: ${v.help}`).join('\n'));
  await screenshot(page, 'license-preview');

  await page.click(tid('license-apply'));
  await page.locator(tid('license-import-done')).waitFor();
  assert.match(await page.locator(tid('license-import-done')).innerText(), /1 license orders, 6 hardware vaults, 6 licenses/);
  await page.click(tid('license-close'));
  await dialog.waitFor({ state: 'detached' });

  await page.locator(`${tid('license-summary')}:has-text("6 vaults, 6 licenses")`).waitFor();
  const bars = await page.locator(`${tid('license-chart')} .bar`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  assert.equal(bars.length, 12);
  assert.equal(bars.reduce((a, b) => a + b, 0), 6, `bars: ${bars}`);
  assert.ok((await page.locator(tid('license-status-Valid')).innerText()).includes('4'), 'licenses ending after 90 days are Valid');
  await screenshot(page, 'license-chart');

  // The same document again: everything is already present, nothing to apply.
  await page.click(tid('licenses-import-server'));
  await page.locator(tid('license-preview')).waitFor();
  assert.equal(await cell(page, 'HardwareVaultLicenses', 2), '6');
  assert.equal(await page.isDisabled(tid('license-apply')), true);
  await page.click(tid('license-close'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Import from a file: a document that is not a license file is refused with its code', async () => {
  const { page, context } = await ui.open();
  await page.evaluate(() => {
    // @ts-ignore: the fake's file dialog and file system
    window.__FAKE_IO__.picks.licenses = '/home/admin/licenses.json';
    // @ts-ignore
    window.__FAKE_IO__.files['/home/admin/licenses.json'] = '{"hello": "world"}';
  });
  await gotoSection(page, 'licensing');
  await page.click(tid('licenses-import-file'));
  await page.locator(tid('license-import-error')).waitFor();
  assert.match(await page.locator(tid('license-import-error')).innerText(), /not a license document/);
  assert.deepEqual((await calls(page, 'pick_file')).map((c) => c.args), [{ purpose: 'licenses' }]);
  assert.equal((await calls(page, 'licenses_apply')).length, 0);
  await context.close();
});
