// HES releases: a database of a release newer than 3.8.4 asks once per connection, where the admin
// saves, with what is known (its newest migration) and unknown; Cancel saves nothing. A HES 3.8.3
// database shows and sends no Name Identifier fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, gotoSection, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();
const NEWER = '20220315101010_a_future_hes_migration';
const fakeDb = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__FAKE__.db)));

async function saveLicensing(page, key) {
  await page.click(tid('licensing-set'));
  await page.locator(tid('dialog-licensing')).waitFor();
  await page.fill(tid('field-ApiKey'), key);
  await page.click(tid('dialog-save'));
}

test('a newer HES release: saving asks once per connection, Cancel writes nothing', async () => {
  const { page, context } = await ui.open({ fake: { initial: 'empty', newerRelease: NEWER } });
  assert.equal(await page.locator(tid('header-version')).innerText(), 'HES newer than 3.8.4');

  // Cancel: nothing is acknowledged or written; the refusal is shown in the dialog.
  await saveLicensing(page, 'first-key');
  const confirm = page.locator(tid('dialog-confirm'));
  await confirm.waitFor();
  assert.match(await page.locator(tid('newer-release-known')).innerText(), new RegExp(`newer than 3\\.8\\.4[\\s\\S]*${NEWER}`));
  assert.match(await page.locator(tid('newer-release-unknown')).innerText(), /writes HES 3\.8\.4's formats; whether this release reads them/);
  await screenshot(page, 'newer-release-confirm');
  await page.click(tid('confirm-cancel'));
  await confirm.waitFor({ state: 'detached' });
  await page.locator(tid('dialog-licensing')).getByText('Nothing was saved').waitFor();
  assert.equal((await calls(page, 'acknowledge_newer_release')).length, 0);
  assert.equal((await fakeDb(page)).licensing, null, 'nothing written');

  // Save anyway: acknowledged for the connection, then the same save goes through.
  await page.click(tid('dialog-save'));
  await confirm.waitFor();
  await page.click(tid('confirm-ok'));
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });
  assert.equal((await fakeDb(page)).licensing.ApiKey, 'first-key');
  assert.equal((await calls(page, 'acknowledge_newer_release')).length, 1);

  // Once per connection: the next save does not ask again.
  await saveLicensing(page, 'second-key');
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });
  assert.equal((await fakeDb(page)).licensing.ApiKey, 'second-key');
  assert.equal(await confirm.count(), 0);
  assert.equal((await calls(page, 'acknowledge_newer_release')).length, 1);
  await context.close();
});

test('a 3.8.4 database never asks', async () => {
  const { page, context } = await ui.open({ fake: { initial: 'empty' } });
  await saveLicensing(page, 'plain-key');
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'acknowledge_newer_release')).length, 0);
  await context.close();
});

test('HES 3.8.3: no Name Identifier fields in the SAML list or dialog, none sent', async () => {
  const { page, context } = await ui.open({ fake: { samlNameId: false } });
  await gotoSection(page, 'saml');
  assert.doesNotMatch(await page.locator('main').innerText(), /Name Identifier/);
  await page.click(tid('saml-add'));
  const dialog = page.locator(tid('dialog-saml'));
  await dialog.waitFor();
  assert.equal(await page.locator(tid('field-NameIdentifierFormat')).count(), 0);
  assert.equal(await page.locator(tid('field-NameIdentifierField')).count(), 0);
  await page.fill(tid('field-Issuer'), 'https://crm.example.com/saml');
  await page.fill(tid('field-SingleSignOnDestination'), 'https://crm.example.com/saml/acs');
  await page.click(tid('dialog-save'));
  await dialog.waitFor({ state: 'detached' });
  const sent = (await calls(page, 'saml_save')).at(-1).args.input;
  assert.ok(!('NameIdentifierFormat' in sent) && !('NameIdentifierField' in sent), JSON.stringify(sent));
  await context.close();
});

test('staging to a newer HES release: asked per preview, sent with allowNewer, never acknowledged for the open connection', async () => {
  const { page, context } = await ui.open({ fake: { productionNewer: NEWER } });
  // Production's Data Protection password remembered, so staging can read its key.
  // @ts-ignore
  await page.evaluate(() => (window.__FAKE__.keychain.Production.dp = 'dp-Passw0rd'));
  await page.click(tid('connection-switcher'));
  await page.click(tid('stage-open'));
  await page.waitForSelector(`${tid('dialog-stage')}[open]`);
  assert.equal(await page.inputValue(tid('stage-to')), 'Production');

  await page.click(tid('stage-preview'));
  const confirm = page.locator(tid('dialog-confirm'));
  await confirm.waitFor();
  assert.match(await page.locator(tid('newer-release-known')).innerText(), new RegExp(`^The target database[\\s\\S]*${NEWER}`));
  await page.click(tid('confirm-cancel'));
  await confirm.waitFor({ state: 'detached' });
  await page.locator(tid('dialog-stage')).getByText('Nothing was saved').waitFor();
  assert.equal(await page.locator(tid('stage-result')).count(), 0);

  await page.click(tid('stage-preview'));
  await confirm.waitFor();
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('stage-result'));
  const sent = (await calls(page, 'stage_preview')).map((c) => c.args.allowNewer ?? false);
  assert.deepEqual(sent, [false, false, true], 'the retry carries allowNewer');
  assert.equal((await calls(page, 'acknowledge_newer_release')).length, 0, 'the open connection is not acknowledged');
  await context.close();
});
