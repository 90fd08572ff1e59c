// Export / import of the configuration and automatic backups (issue 15), from the History view:
// export with or without a passphrase (typed twice, at least 8 characters; the file never holds a
// readable secret); import through the staging preview with every removal unticked, each bad file
// refused with its stable code and nothing written; applying backs the target up first, and the
// backup is listed and restorable through the same preview (removing from a server needs its
// name typed). The dialogs pass axe in both colour schemes, and the texts follow the language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();
const fake = (page, fn, arg) => page.evaluate(fn, arg);
/** The fake's stored secrets: none may ever be on screen or in an exported file in the clear. */
const SECRETS = ['lic-4f1c-9a7e-secret-key', 'Ad-Passw0rd!', 'azure-client-secret', '8d0f3c9e-hec-token', 'oidc-intranet-secret'];
const PASSPHRASE = 'correct horse battery';

// @ts-ignore
const fileText = (page, path) => fake(page, (p) => window.__FAKE_IO__.files[p] ?? null, path);
// @ts-ignore
const prodData = (page) => fake(page, () => JSON.parse(JSON.stringify(window.__FAKE__.dataOf('Production'))));
/** Waits for a toast saying exactly `text`. */
const toastSays = (page, text) => page.locator(tid('toast')).getByText(text, { exact: true }).waitFor();

async function openHistory(page) {
  await page.click(tid('nav-history'));
  await page.waitForSelector(tid('history'));
}

/** Export the open connection's configuration through the dialog into `path`. */
async function exportTo(page, path, passphrase = null) {
  // @ts-ignore
  await fake(page, (p) => (window.__FAKE_IO__.picks['config-export'] = p), path);
  await page.click(tid('config-export-open'));
  await page.waitForSelector(`${tid('dialog-config-export')}[open]`);
  if (passphrase) {
    await page.check(tid('config-with-secrets'));
    await page.fill(tid('field-Passphrase'), passphrase);
    await page.fill(tid('field-PassphraseRepeat'), passphrase);
  }
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-config-export')).waitFor({ state: 'detached' });
}

async function switchTo(page, name) {
  await page.click(tid('connection-switcher'));
  await page.click(tid(`connection-item-${name}`));
  await page.waitForFunction((n) => document.querySelector('[data-testid="header-connection"]')?.textContent === n, name);
}

/** Open Import…, choose `path`, type `passphrase` (if any) and preview. */
async function previewImport(page, path, passphrase = '') {
  // @ts-ignore
  await fake(page, (p) => (window.__FAKE_IO__.picks.config = p), path);
  if ((await page.locator(tid('dialog-config-import')).count()) === 0) {
    await page.click(tid('config-import-open'));
    await page.waitForSelector(`${tid('dialog-config-import')}[open]`);
  }
  await page.click(tid('config-choose'));
  await page.waitForFunction((p) => document.querySelector('[data-testid="config-path"]')?.textContent === p, path);
  await page.fill(tid('field-Passphrase'), passphrase);
  await page.click(tid('config-preview'));
}

/** The local workspace made different from Production: licensing replaced, Splunk gone, security keys set. */
async function changeLocal(page) {
  await fake(page, () => {
    // @ts-ignore
    const F = window.__FAKE__;
    F.external('licensing', (d) => (d.licensing.ApiAddress = 'https://hls.example.net'));
    F.external('splunk', (d) => (d.splunk = null));
    F.external('fido', (d) => (d.fido = { AllowPlatformAuthenticators: true, DefaultAuthenticatorAttachment: 'platform' }));
    F.keychain.Production.dp = 'dp-Passw0rd';
  });
}

test('export without and with a passphrase: no readable secret in the file, the passphrase asked twice', async () => {
  const { page, context, errors } = await ui.open();
  await openHistory(page);
  await exportTo(page, '/exports/plain.json');
  await toastSays(page, 'Configuration exported to /exports/plain.json.');
  const plain = JSON.parse(await fileText(page, '/exports/plain.json'));
  assert.equal(plain.Settings.licensing.ApiAddress, 'https://hls.hideez.com');
  assert.equal(plain.Settings.licensing.ApiKey, null, 'secrets left out');
  assert.equal(plain.Sealed, undefined);
  assert.deepEqual((await calls(page, 'config_export')).at(-1).args, { passphrase: null });

  // With secrets: too short, then two different passphrases: said in the form, nothing exported.
  await page.click(tid('config-export-open'));
  await page.waitForSelector(`${tid('dialog-config-export')}[open]`);
  await page.check(tid('config-with-secrets'));
  await page.fill(tid('field-Passphrase'), 'short');
  await page.click(tid('dialog-save'));
  assert.match(await page.locator(tid('dialog-config-export')).innerText(), /at least 8 characters/);
  await page.fill(tid('field-Passphrase'), PASSPHRASE);
  await page.fill(tid('field-PassphraseRepeat'), 'correct horse battery!');
  await page.click(tid('dialog-save'));
  assert.match(await page.locator(tid('dialog-config-export')).innerText(), /The two passphrases differ/);
  assert.equal((await calls(page, 'config_export')).length, 1, 'nothing exported yet');
  // The save dialog cancelled: the dialog stays, nothing written.
  // @ts-ignore
  await fake(page, () => (window.__FAKE_IO__.picks['config-export'] = null));
  await page.fill(tid('field-PassphraseRepeat'), PASSPHRASE);
  await page.click(tid('dialog-save'));
  await page.waitForFunction(() => window.__TEST_CALLS__.filter((c) => c.cmd === 'config_export').length === 2);
  assert.equal(await page.locator(`${tid('dialog-config-export')}[open]`).count(), 1);
  // @ts-ignore
  await fake(page, () => (window.__FAKE_IO__.picks['config-export'] = '/exports/sealed.json'));
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-config-export')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'config_export')).at(-1).args, { passphrase: PASSPHRASE });
  const sealed = await fileText(page, '/exports/sealed.json');
  assert.ok(JSON.parse(sealed).Sealed, 'the secrets are in the sealed part');
  const shown = await page.locator('body').innerText();
  for (const s of [...SECRETS, PASSPHRASE]) {
    assert.ok(!sealed.includes(s), `${s} readable in the file`);
    assert.ok(!shown.includes(s), `${s} on screen`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('import into a server: preview with removals unticked, bad files refused, a backup restorable', async () => {
  const { page, context, errors } = await ui.open();
  await changeLocal(page);
  await openHistory(page);
  await exportTo(page, '/exports/local.json');
  await exportTo(page, '/exports/local-sealed.json', PASSPHRASE);
  const good = await fileText(page, '/exports/local.json');
  const sealed = await fileText(page, '/exports/local-sealed.json');
  const newer = JSON.parse(good);
  newer.Version = 99;
  await fake(
    page,
    (files) => {
      // @ts-ignore
      Object.assign(window.__FAKE_IO__.files, files);
    },
    {
      '/exports/truncated.json': good.slice(0, good.length - 40),
      '/exports/edited.json': good.replace('https://hls.example.net', 'https://evil.example.com'),
      '/exports/newer.json': JSON.stringify(newer),
    },
  );

  await switchTo(page, 'Production');
  await openHistory(page);
  const before = await prodData(page);
  // Each bad file: its stable code in the dialog, nothing staged or written.
  for (const [path, pass, code, text] of [
    ['/exports/truncated.json', '', 'ConfigFileDamaged', /cannot be used/],
    ['/exports/edited.json', '', 'ConfigFileDamaged', /does not match/],
    ['/exports/newer.json', '', 'ConfigFileNewer', /version 99/],
    ['/exports/local-sealed.json', 'not the passphrase', 'ConfigWrongPassphrase', /passphrase does not open/],
  ]) {
    await previewImport(page, path, pass);
    const box = page.locator(`${tid('dialog-config-import')} ${tid('error-box')}`);
    await box.waitFor();
    assert.equal(await box.getAttribute('data-code'), code, path);
    assert.match(await box.innerText(), text);
    assert.equal(await page.locator(tid('config-result')).count(), 0);
  }
  assert.equal((await calls(page, 'stage_apply')).length, 0);
  assert.deepEqual(await prodData(page), before, 'nothing written');

  // The good file: every removal unticked, the preview field by field.
  await previewImport(page, '/exports/local.json');
  await page.waitForSelector(tid('config-result'));
  assert.equal(await page.locator(tid('error-box')).count(), 0);
  assert.equal(await page.getAttribute(tid('import-result-splunk'), 'data-action'), 'Remove');
  assert.equal(await page.getAttribute(tid('import-result-fido'), 'data-action'), 'Create');
  assert.match(await page.locator(tid('import-result-licensing')).innerText(), /ApiAddress[\s\S]*https:\/\/hls\.hideez\.com[\s\S]*https:\/\/hls\.example\.net/);
  assert.match(await page.locator(tid('import-result-splunk')).innerText(), /Remove it from Production — Kept unless you tick it/);
  assert.equal(await page.locator(`${tid('config-result')} input[type="checkbox"]:checked`).count(), 0, 'no removal ticked');
  await screenshot(page, 'config-import-preview');
  await page.click(tid('config-apply'));
  await page.waitForSelector(`${tid('dialog-confirm')}[open]`);
  assert.equal(await page.locator(tid('stage-type-target')).count(), 0, 'nothing removed: no name to type');
  await page.click(tid('confirm-ok'));
  await page.locator(tid('dialog-config-import')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'stage_apply')).at(-1).args, { remove: [] });
  await toastSays(page, 'Configuration imported into Production.');
  let prod = await prodData(page);
  assert.equal(prod.licensing.ApiAddress, 'https://hls.example.net');
  assert.ok(prod.splunk, 'Splunk kept: its removal was not ticked');
  assert.equal(prod.fido.AllowPlatformAuthenticators, true);

  // The automatic backup taken first: listed, restored through the same preview.
  const backup = page.locator(`${tid('backups')} li`).first();
  await backup.waitFor();
  assert.equal(await backup.locator(tid('backup-reason')).innerText(), 'Before an import');
  // (The import's toast may cover the row's button: the keyboard reaches it anyway.)
  await backup.locator('button').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('config-result'));
  assert.equal(await page.getAttribute(tid('import-result-fido'), 'data-action'), 'Remove');
  assert.equal(await page.isChecked(tid('import-remove-fido')), false);
  await page.check(tid('import-remove-fido'));
  await page.click(tid('config-apply'));
  await page.waitForSelector(`${tid('dialog-confirm')}[open]`);
  assert.match(await page.locator(tid('stage-confirm-removes')).innerText(), /Security keys/);
  // Removing from a server: its name typed first.
  assert.equal(await page.isDisabled(tid('confirm-ok')), true);
  await page.fill(tid('stage-type-target'), 'Production');
  await page.click(tid('confirm-ok'));
  await page.locator(tid('dialog-config-import')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'stage_apply')).at(-1).args, { remove: ['fido'] });
  await toastSays(page, 'Backup restored to Production.');
  prod = await prodData(page);
  assert.deepEqual(prod, before, 'Production as it was before the import');
  assert.ok(!(await page.locator('body').innerText()).includes(SECRETS[0]));
  assert.deepEqual(errors, []);
  await context.close();
});

for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
  test(`export, import preview and backups pass axe (${colorScheme})`, async () => {
    const { page, context } = await ui.open({ colorScheme });
    await changeLocal(page);
    await openHistory(page);
    await exportTo(page, '/exports/a.json');
    await page.click(tid('config-export-open'));
    await page.waitForSelector(`${tid('dialog-config-export')}[open]`);
    await page.check(tid('config-with-secrets'));
    assert.deepEqual(await axeSerious(page), [], 'export dialog');
    await page.keyboard.press('Escape');
    await switchTo(page, 'Production');
    await openHistory(page);
    await previewImport(page, '/exports/a.json');
    await page.waitForSelector(tid('config-result'));
    assert.deepEqual(await axeSerious(page), [], 'import preview');
    await page.click(tid('config-apply'));
    await page.click(tid('confirm-ok'));
    await page.locator(tid('dialog-config-import')).waitFor({ state: 'detached' });
    await page.locator(`${tid('backups')} li`).first().waitFor();
    assert.deepEqual(await axeSerious(page), [], 'history with backups');
    if (colorScheme === 'dark') await screenshot(page, 'history-backups-dark');
    await context.close();
  });
}

test('History, export and import speak Ukrainian', async () => {
  const { page, context, errors } = await ui.open({ locale: 'uk-UA' });
  assert.equal(await page.locator(tid('nav-history')).innerText(), 'Історія');
  await openHistory(page);
  assert.equal(await page.locator('#history-title').innerText(), 'Історія');
  assert.equal(await page.locator(tid('config-export-open')).innerText(), 'Експортувати конфігурацію…');
  assert.equal(await page.locator(tid('config-import-open')).innerText(), 'Імпортувати конфігурацію…');
  assert.equal(await page.locator('#backups-title').innerText(), 'Автоматичні резервні копії');
  await page.click(tid('config-import-open'));
  await page.waitForSelector(`${tid('dialog-config-import')}[open]`);
  assert.match(await page.locator(tid('dialog-config-import')).innerText(), /Імпорт конфігурації до[\s\S]*Файл конфігурації[\s\S]*Парольна фраза/);
  // A refused file: the text for its stable code in Ukrainian.
  // @ts-ignore
  await fake(page, () => (window.__FAKE_IO__.files['/x.json'] = '{"Format":'));
  await previewImport(page, '/x.json');
  const box = page.locator(`${tid('dialog-config-import')} ${tid('error-box')}`);
  await box.waitFor();
  assert.match(await box.innerText(), /Файл конфігурації обрізаний, змінений або не є файлом конфігурації\./);
  assert.deepEqual(errors, []);
  await context.close();
});
