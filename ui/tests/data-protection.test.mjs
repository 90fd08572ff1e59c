// HES Data Protection: locked (banner, no Show, secret inputs disabled but the rest editable),
// unlock (wrong password at the field, right one → unlocked, Show appears, remembered in the
// keychain), broken (red banner, read-only), and axe on the unlock dialog in light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, gotoSection, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

const activeTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const lastToast = (page) => page.locator(tid('toast')).last().innerText();

function report(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target).join('\n  ')}`).join('\n');
}

/** Switch to a saved profile from the header menu and wait for its name in the header. */
async function switchTo(page, name) {
  await page.click(tid('connection-switcher'));
  await page.click(tid(`connection-item-${name}`));
  await page.waitForFunction((n) => document.querySelector('[data-testid="header-connection"]')?.textContent === n, name);
}

test('locked: banner, no Show, secret inputs disabled; unlock rejects a wrong password at the field', async () => {
  const { page, context, errors } = await ui.open();
  await switchTo(page, 'Production');
  const dp = page.locator(tid('header-data-protection'));
  assert.equal(await dp.innerText(), 'Data Protection: locked');
  assert.equal(await dp.evaluate((el) => el.tagName), 'BUTTON', 'locked is clickable');
  assert.equal(
    await page.locator(tid('dp-locked-banner')).innerText(),
    'HES Data Protection is on. Settings without secrets are shown; enter the Data Protection password to see or change secret fields.\nUnlock…',
  );
  assert.equal(await page.locator(tid('licensing-apikey-state')).innerText(), 'stored');
  assert.equal(await page.locator(tid('licensing-show')).count(), 0, 'no Show while locked');
  assert.equal(await page.locator(tid('licensing-set')).count(), 1, 'the admin may still edit');
  await screenshot(page, 'dp-locked-banner-light');

  // A Set dialog: the secret input is disabled with a note; the other fields still save, the secret is kept.
  await gotoSection(page, 'splunk');
  assert.equal(await page.locator(tid('splunk-show')).count(), 0);
  await page.click(tid('splunk-set'));
  await page.locator(tid('dialog-splunk')).waitFor();
  assert.ok(await page.isDisabled(tid('field-Token')));
  assert.match(await page.locator(tid('dialog-splunk')).innerText(), /Unlock Data Protection to change this\. Saving keeps the stored value\./);
  await page.fill(tid('field-Host'), 'https://splunk2.example.com:8088');
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-splunk')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'splunk_set'))[0].args.input, { Host: 'https://splunk2.example.com:8088' });
  assert.equal(await page.locator(tid('splunk-token-state')).innerText(), 'stored');

  // Unlock: a wrong password shows under the field; nothing else changes.
  await dp.click();
  const dialog = page.locator(tid('dialog-unlock'));
  await page.waitForSelector(`${tid('dialog-unlock')}[open]`);
  assert.equal(await activeTestId(page), 'field-Password');
  assert.ok(await page.isDisabled(tid('dialog-save')), 'Unlock waits for a password');
  assert.match(await dialog.innerText(), /verification code before anything is decrypted/);
  assert.match(await dialog.innerText(), /Remember in the system keychain/);
  assert.doesNotMatch(await dialog.innerText(), /\b(Enable|Disable|Change password)\b/, 'Data Protection itself is HES’s job');
  await page.fill(tid('field-Password'), 'wrong-password');
  await page.keyboard.press('Enter');
  await page.locator(tid('error-Password')).waitFor();
  assert.equal(await page.locator(tid('error-Password')).innerText(), 'Wrong Data Protection password.');
  assert.equal(await page.getAttribute(tid('field-Password'), 'aria-invalid'), 'true');
  assert.equal(await activeTestId(page), 'field-Password');
  assert.equal(await page.locator(`${tid('dialog-unlock')} ${tid('error-box')}`).count(), 0, 'only at the field');
  assert.equal(await dp.innerText(), 'Data Protection: locked');
  assert.deepEqual((await calls(page, 'dp_unlock'))[0].args, { password: 'wrong-password', remember: false });
  await screenshot(page, 'unlock-wrong-password-light');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a slow unlock (a huge iteration count) can be stopped: Cancelled, still locked, the dialog usable', async () => {
  const { page, context } = await ui.open({ fake: { slowUnlockMs: 60000 } });
  await switchTo(page, 'Production');
  await page.click(tid('dp-unlock'));
  await page.waitForSelector(`${tid('dialog-unlock')}[open]`);
  assert.equal(await page.locator(tid('unlock-stop')).count(), 0, 'Stop only while unlocking');
  await page.fill(tid('field-Password'), 'dp-Passw0rd');
  await page.click(tid('dialog-save'));
  await page.locator(tid('unlock-stop')).waitFor();
  await page.click(tid('unlock-stop'));
  await page.locator(tid('unlock-stop')).waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'dp_unlock_cancel')).length, 1);
  assert.equal(await lastToast(page), 'Unlocking stopped. Data Protection stays locked.');
  assert.equal(await page.locator(tid('header-data-protection')).innerText(), 'Data Protection: locked');
  assert.equal(await page.isEnabled(tid('dialog-cancel')), true, 'the dialog is usable again');
  await context.close();
});

test('unlock with the right password: unlocked, Show appears, remembered in the keychain', async () => {
  const { page, context } = await ui.open();
  await switchTo(page, 'Production');
  await page.click(tid('dp-unlock'));
  await page.waitForSelector(`${tid('dialog-unlock')}[open]`);
  await page.fill(tid('field-Password'), 'dp-Passw0rd');
  await page.check(tid('field-Remember'));
  const settingsBefore = (await calls(page, 'settings_get')).length;
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-unlock')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'dp_unlock')).at(-1)?.args, { password: 'dp-Passw0rd', remember: true });
  assert.equal(await page.locator(tid('header-data-protection')).innerText(), 'Data Protection: unlocked');
  assert.equal(await page.locator(tid('dp-locked-banner')).count(), 0);
  assert.equal((await calls(page, 'settings_get')).length, settingsBefore + 1, 'settings read again');
  assert.equal(await lastToast(page), 'Data Protection unlocked. The password is kept in the system keychain.');
  await page.click(tid('licensing-show'));
  assert.equal(await page.locator(tid('licensing-apikey-value')).innerText(), 'lic-4f1c-9a7e-secret-key');
  await page.click(tid('licensing-set'));
  assert.ok(!(await page.isDisabled(tid('field-ApiKey'))), 'secret inputs are enabled again');
  await page.keyboard.press('Escape');

  // Remembered: the next open unlocks by itself.
  await switchTo(page, 'Helpdesk');
  await switchTo(page, 'Production');
  assert.equal(await page.locator(tid('header-data-protection')).innerText(), 'Data Protection: unlocked');
  await page.click(tid('connection-switcher'));
  await page.click(tid('connection-manage'));
  assert.match(await page.locator(tid('connection-row-Production')).innerText(), /Data Protection password stored/);
  await context.close();
});

test('broken: a red banner explains the unfinished password change; read-only, no Unlock', async () => {
  const { page, context } = await ui.open();
  await switchTo(page, 'Legacy');
  assert.equal(await page.locator(tid('header-version')).innerText(), 'HES 3.7.0');
  assert.equal(await page.locator(tid('header-data-protection')).innerText(), 'Data Protection: broken');
  assert.equal(await page.locator(tid('header-readonly')).innerText(), 'read-only');
  const banner = page.locator(tid('dp-broken-banner'));
  assert.match(
    await banner.innerText(),
    /A Data Protection password change did not finish in HES: the DataProtection table holds more than one row\.[\s\S]*read-only[\s\S]*Finish the password change in HES/,
  );
  assert.equal(await page.locator(tid('readonly-banner')).count(), 0, 'one banner says it all');
  assert.equal(await page.locator(tid('dp-unlock')).count(), 0);
  assert.equal(await page.locator('main button:not([data-testid$="-test"])').count(), 0, 'no edit controls, no Show');
  await screenshot(page, 'dp-broken-banner-light');
  await context.close();
});

test('read-only and locked: no Unlock; the local workspace unlocks without "Remember"', async () => {
  const ro = await ui.open({ fake: { readOnly: true, dataProtection: 'locked' } });
  assert.equal(await ro.page.locator(tid('dp-unlock')).count(), 0);
  assert.equal(await ro.page.locator(`button${tid('header-data-protection')}`).count(), 0);
  assert.ok(await ro.page.locator(tid('connection-switcher')).isEnabled(), 'the switcher stays available');
  await ro.context.close();

  const { page, context } = await ui.open({ fake: { dataProtection: 'locked' } });
  await page.click(tid('header-data-protection'));
  await page.waitForSelector(`${tid('dialog-unlock')}[open]`);
  assert.equal(await page.locator(tid('field-Remember')).count(), 0, 'only a saved profile can remember it');
  await page.fill(tid('field-Password'), 'local-dp-Passw0rd');
  await page.keyboard.press('Enter');
  await page.locator(tid('dialog-unlock')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'dp_unlock'))[0].args, { password: 'local-dp-Passw0rd', remember: false });
  assert.equal(await lastToast(page), 'Data Protection unlocked.');
  // The button it was opened from is a plain badge now: the focus goes to the section heading.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'heading-licensing');
  await context.close();
});

for (const scheme of /** @type {const} */ (['light', 'dark'])) {
  test(`unlock dialog and locked banner pass axe (${scheme})`, async () => {
    const { page, context, errors } = await ui.open({ colorScheme: scheme });
    await switchTo(page, 'Production');
    let violations = await axeSerious(page);
    assert.equal(violations.length, 0, `locked banner (${scheme}):\n${report(violations)}`);
    if (scheme === 'dark') await screenshot(page, 'dp-locked-banner-dark');
    await page.click(tid('dp-unlock'));
    await page.waitForSelector(`${tid('dialog-unlock')}[open]`);
    await page.fill(tid('field-Password'), 'nope');
    await page.click(tid('dialog-save'));
    await page.locator(tid('error-Password')).waitFor();
    violations = await axeSerious(page);
    assert.equal(violations.length, 0, `unlock dialog (${scheme}):\n${report(violations)}`);
    await screenshot(page, `unlock-${scheme}`);
    await page.keyboard.press('Escape');
    await page.locator(tid('dialog-unlock')).waitFor({ state: 'detached' });
    await switchTo(page, 'Legacy');
    violations = await axeSerious(page);
    assert.equal(violations.length, 0, `broken banner (${scheme}):\n${report(violations)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

const FINDINGS = [
  {
    Section: 'email',
    Field: 'Password',
    Label: 'SMTP password',
    Health: 'Unprotected',
    Repair: 'ProtectNow',
    Message: 'The stored SMTP password is stored unprotected while HES Data Protection is on: Protect now.',
    Hint: 'HES encrypts only its own settings when Data Protection is enabled.',
  },
  {
    Section: 'oidc',
    Item: 'portal',
    Field: 'ClientSecret',
    Label: 'Client secret',
    Health: 'StaleKey',
    KeyId: 1,
    Repair: 'RecoverWithOldPassword',
    Message: 'The stored Client secret is encrypted under a Data Protection key HES has replaced (key id 1): enter it again.',
    Hint: 'Type the secret again, or recover it with the old Data Protection password.',
  },
];

test('secrets HES left behind: listed in a banner and at their field, never shown; Protect now and Recover repair them', async () => {
  const { page, context, errors } = await ui.open({
    fake: { dataProtection: 'unlocked', secretFindings: FINDINGS, dpOldPassword: 'old-dp-Passw0rd' },
  });
  const banner = page.locator(tid('dp-findings-banner'));
  assert.match(await banner.innerText(), /^2 stored secrets cannot be used\./);
  assert.match(await page.locator(tid('dp-finding-email-Password')).innerText(), /E-mail · SMTP password:.*stored unprotected/);
  assert.match(await page.locator(tid('dp-finding-oidc-portal-ClientSecret')).innerText(), /key HES has replaced \(key id 1\)/);

  // At the field: the reason, and no Show for a value the console cannot vouch for.
  await gotoSection(page, 'customization');
  assert.match(await page.locator(tid('email-password-state-finding')).innerText(), /stored unprotected/);
  assert.equal(await page.locator(tid('email-show')).count(), 0, 'no Show for an unprotected value');
  // Diagnostics: the Data Protection check lists each field with what to do.
  await gotoSection(page, 'diagnostics');
  await page.click(tid('diagnostics-run'));
  await page.locator(tid('check-dataprotection-result-outcome')).waitFor();
  assert.equal((await page.textContent(tid('check-dataprotection-result-outcome')))?.trim(), 'Failed');
  assert.equal((await page.textContent(tid('check-dataprotection-result-code')))?.trim(), 'SecretsNeedAttention');
  const dpSteps = await page.locator(`${tid('check-dataprotection-result-steps')} li`).allInnerTexts();
  assert.equal(dpSteps.length, 3, dpSteps.join('\n'));
  assert.match(dpSteps[2], /oidc \[portal\] Client secret/);
  await screenshot(page, 'dp-diagnostics-light');
  await gotoSection(page, 'licensing');
  assert.equal(await page.locator(tid('licensing-show')).count(), 1, 'a usable secret keeps its Show');
  await screenshot(page, 'dp-findings-banner-light');

  // Recover: a wrong old password at the field, nothing repaired; the right one repairs the stale value.
  await page.click(tid('dp-recover'));
  await page.waitForSelector(`${tid('dialog-dp-recover')}[open]`);
  assert.match(await page.locator(tid('dialog-dp-recover')).innerText(), /copy of its parameters it saved on this computer/);
  await page.fill(tid('field-OldPassword'), 'not-it');
  await page.click(tid('dialog-save'));
  assert.equal(await page.locator(tid('error-OldPassword')).innerText(), 'That is not the old Data Protection password.');
  await page.fill(tid('field-OldPassword'), 'old-dp-Passw0rd');
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-dp-recover')).waitFor({ state: 'detached' });
  assert.equal(await lastToast(page), '1 secret repaired.');
  assert.match(await banner.innerText(), /^1 stored secret cannot be used\./);
  assert.equal(await page.locator(tid('dp-recover')).count(), 0);

  // Protect now: the last one; the banner goes.
  await page.click(tid('dp-protect-now'));
  await banner.waitFor({ state: 'detached' });
  assert.equal(await lastToast(page), '1 secret repaired.');
  assert.equal((await calls(page, 'dp_protect_now')).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a workspace without a keychain says its secrets are not encrypted on this computer', async () => {
  const plain = await ui.open({
    fake: { secretsAtRest: 'not encrypted: the OS keychain is not available (no Secret Service)' },
  });
  assert.match(
    await plain.page.locator(tid('workspace-plaintext-banner')).innerText(),
    /^The local workspace's secrets are not encrypted on this computer: the OS keychain is not available \(no Secret Service\)\. They are protected only by the file's permissions/,
  );
  await plain.context.close();
  const encrypted = await ui.open({ fake: { secretsAtRest: 'encrypted with a key in the OS keychain' } });
  assert.equal(await encrypted.page.locator(tid('workspace-plaintext-banner')).count(), 0);
  await encrypted.context.close();
});

test('a workspace copied from another computer: the banner says the key is elsewhere, no repair buttons', async () => {
  const { page, context } = await ui.open({
    fake: {
      secretFindings: [
        {
          Section: 'splunk',
          Field: 'Token',
          Label: 'Token',
          Health: 'StoredElsewhere',
          KeyId: 77,
          Repair: 'EnterAgain',
          Message: 'The stored Token was encrypted with a key this computer does not have (stored elsewhere): enter it again.',
          Hint: '',
        },
      ],
    },
  });
  const banner = await page.locator(tid('dp-findings-banner')).innerText();
  assert.match(banner, /a workspace copied from another computer/);
  assert.doesNotMatch(banner, /HES re-encrypts/);
  assert.equal(await page.locator(tid('dp-protect-now')).count(), 0);
  assert.equal(await page.locator(tid('dp-recover')).count(), 0);
  await context.close();
});
