// Import licenses (issue 5): preview with progress → apply → summary and chart; a bad file's error;
// importing the same document again adds nothing; the API key never reaches the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, gotoSection, screenshot, tid, useBrowser, withoutChannel } from './helpers/harness.mjs';

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
  // The status is HES's to set: labelled as what HES's next status update will set, not written now.
  const expected = await page.locator(tid('license-expected-status')).innerText();
  assert.match(expected, /New vaults are written with license status None, as HES's own import writes them\./);
  assert.match(expected, /Expected status after HES's next status update: Valid 4, Warning 1, Critical 1 \(HES will set this; the import does not write it\)/);
  assert.equal(await page.locator(tid('license-hes-skip')).count(), 0, 'nothing HES would skip');
  const [preview] = await calls(page, 'licenses_preview');
  assert.deepEqual(withoutChannel(preview.args, 'onProgress'), { source: { Kind: 'Server' } });
  assert.doesNotMatch(await page.content(), /lic-4f1c-9a7e-secret-key/, 'the API key is not in the page');
  const violations = await axeSerious(page);
  assert.equal(violations.length, 0, violations.map((v) => `${v.id}: ${v.help}`).join('\n'));
  await screenshot(page, 'license-preview');

  await page.click(tid('license-apply'));
  await page.locator(tid('license-import-done')).waitFor();
  assert.match(await page.locator(tid('license-import-done')).innerText(), /1 license orders, 6 hardware vaults, 6 licenses/);
  assert.match(
    await page.locator(tid('license-status-after')).innerText(),
    /license status None, as HES's own import leaves them\. HES's next status update \(within 30 minutes\) sets Valid on 4, Warning on 1, Critical on 1 and e-mails the admins\./,
  );
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

test('Import from a file: the licenses HES\'s own import would skip are counted apart, with the reason', async () => {
  const { page, context, errors } = await ui.open();
  const end = '2099-01-01T00:00:00';
  const order = (Id) => ({ Id, ContactEmail: 'it@example.com', Note: '', StartDate: null, EndDate: end, ProlongExistingLicenses: false, CreatedAt: '2026-01-01T00:00:00', OrderStatus: 4 });
  const dev = (id) => ({ DeviceId: id, MAC: `M-${id}`, Model: 'ST104', RFID: `R-${id}`, Firmware: '3.4.1' });
  const lic = (o, v) => ({ Id: `${o}-${v}`, LicenseOrderId: o, DeviceId: v, EndDate: end, Data: 'AQID' });
  const first = { LicenseOrdersDto: [order('A'), order('B')], DevicesDto: [dev('V1'), dev('V2')], DeviceLicensesDto: [lic('A', 'V1'), lic('B', 'V2')] };
  // (B, V1) and (A, V2) are new order-vault pairs; HES compares the ids across rows and would skip both.
  const second = { LicenseOrdersDto: [], DevicesDto: [], DeviceLicensesDto: [lic('B', 'V1'), lic('A', 'V2')] };
  await page.evaluate(([a, b]) => {
    // @ts-ignore: the fake's file dialog and file system
    window.__FAKE_IO__.files['/home/admin/first.json'] = a;
    // @ts-ignore
    window.__FAKE_IO__.files['/home/admin/second.json'] = b;
    // @ts-ignore
    window.__FAKE_IO__.picks.licenses = '/home/admin/first.json';
  }, [JSON.stringify(first), JSON.stringify(second)]);
  await gotoSection(page, 'licensing');
  await page.click(tid('licenses-import-file'));
  await page.locator(tid('license-preview')).waitFor();
  assert.equal(await page.locator(tid('license-hes-skip')).count(), 0);
  await page.click(tid('license-apply'));
  await page.locator(tid('license-import-done')).waitFor();
  await page.click(tid('license-close'));

  // @ts-ignore
  await page.evaluate(() => (window.__FAKE_IO__.picks.licenses = '/home/admin/second.json'));
  await page.click(tid('licenses-import-file'));
  await page.locator(tid('license-preview')).waitFor();
  assert.equal(await cell(page, 'HardwareVaultLicenses', 1), '2', 'the console imports both');
  const skip = await page.locator(tid('license-hes-skip')).innerText();
  assert.match(skip, /^HES's own import would skip 2 of these licenses\. HES's own import skips a license when its order already licenses any vault and its vault already holds any license/);
  assert.equal(skip.split('\n').length, 1, `one line: ${skip}`);
  assert.match(await page.locator(tid('license-existing-vaults')).innerText(), /2 existing vaults get a new license; as in HES's own import, their rows stay as they are\./);
  assert.equal(await page.locator(tid('license-expected-status')).count(), 0, 'no new vaults, no status to expect');
  const violations = await axeSerious(page);
  assert.equal(violations.length, 0, violations.map((v) => `${v.id}: ${v.help}`).join('\n'));
  await page.click(tid('license-close'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Import from a file: thousands of bad records are counted, the first 1 000 kept for the saved report', async () => {
  const { page, context, errors } = await ui.open();
  const lic = (i) => ({ Id: `x-${i}`, LicenseOrderId: 'o-nowhere', DeviceId: `V${i}`, EndDate: '2099-01-01T00:00:00', Data: 'AQID' });
  const doc = { LicenseOrdersDto: [], DevicesDto: [], DeviceLicensesDto: Array.from({ length: 1234 }, (_, i) => lic(i)) };
  await page.evaluate((text) => {
    // @ts-ignore: the fake's file dialogs and file system
    window.__FAKE_IO__.picks.licenses = '/home/admin/bad.json';
    // @ts-ignore
    window.__FAKE_IO__.files['/home/admin/bad.json'] = text;
    // @ts-ignore
    window.__FAKE_IO__.picks['license-report'] = '/home/admin/rejected.csv';
  }, JSON.stringify(doc));
  await gotoSection(page, 'licensing');
  await page.click(tid('licenses-import-file'));
  await page.locator(tid('license-preview')).waitFor();
  const more = await page.locator(tid('license-rejections-more')).innerText();
  assert.match(more, /The first 100 are listed; the report has the first 1[,.\u202f\u00a0]?000, and 234 more are counted only\./);
  await page.click(tid('license-report'));
  await page.getByText('The rejection report was saved to /home/admin/rejected.csv.').waitFor();
  // @ts-ignore
  const csv = await page.evaluate(() => window.__FAKE_IO__.files['/home/admin/rejected.csv']);
  const lines = csv.trimEnd().split('\n');
  assert.equal(lines.length, 1 + 1000 + 1, 'header, the kept rejections, the "more" row');
  assert.match(lines.at(-1), /NotListed,,234 more/);
  assert.deepEqual((await calls(page, 'licenses_report_save')).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Import from the licensing server over plain http: refused until the admin confirms, then sent', async () => {
  const { page, context, errors } = await ui.open();
  // @ts-ignore: the fake's database
  await page.evaluate(() => (window.__FAKE__.db.licensing.ApiAddress = 'http://hls.intranet.example:8080'));
  await gotoSection(page, 'licensing');
  await page.click(tid('licenses-import-server'));
  const warning = page.locator(tid('license-plain-http'));
  await warning.waitFor();
  assert.match(await warning.innerText(), /hls\.intranet\.example:8080 uses plain http: the API key travels unencrypted/);
  assert.equal(await page.locator(tid('license-preview')).count(), 0, 'nothing previewed');
  const [refused] = await calls(page, 'licenses_preview');
  assert.deepEqual(withoutChannel(refused.args, 'onProgress'), { source: { Kind: 'Server' } }, 'first asked without the confirmation');
  await page.click(tid('license-plain-http-confirm'));
  await page.locator(tid('license-preview')).waitFor();
  const all = await calls(page, 'licenses_preview');
  assert.equal(all.length, 2);
  assert.deepEqual(withoutChannel(all[1].args, 'onProgress'), { source: { Kind: 'Server' }, allowPlainHttp: true });
  assert.equal(await warning.count(), 0, 'the warning is gone once confirmed');
  const violations = await axeSerious(page);
  assert.equal(violations.length, 0, violations.map((v) => `${v.id}: ${v.help}`).join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});
