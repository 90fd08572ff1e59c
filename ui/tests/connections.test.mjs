// Connections: the header switcher (keyboard menu, switching reloads the settings, a failed open
// keeps the current connection), the Connections dialog (form errors at their fields, the
// password never prefilled and absent when untouched, Test ✓/✗ inline, delete asks first),
// and axe on the dialogs in light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, discardChanges, gotoSection, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

const activeTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const lastToast = (page) => page.locator(tid('toast')).last().innerText();

function report(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target).join('\n  ')}`).join('\n');
}

/** Open the Connections dialog from the header menu. */
async function openManager(page) {
  await page.click(tid('connection-switcher'));
  await page.click(tid('connection-manage'));
  await page.waitForSelector(`${tid('dialog-connections')}[open]`);
}

test('switcher: a keyboard menu; switching updates the header and reloads the settings', async () => {
  const { page, context, errors } = await ui.open();
  assert.equal(await page.locator(tid('header-connection')).innerText(), 'Local workspace');

  // The menu, by keyboard: opens on the current connection, arrows move, Esc closes.
  await page.focus(tid('connection-switcher'));
  await page.keyboard.press('Enter');
  await page.locator(tid('connection-menu')).waitFor();
  assert.equal(await activeTestId(page), 'connection-item-local');
  const labels = await page.locator(`${tid('connection-menu')} [role^="menuitem"] .item-label`).allInnerTexts();
  assert.deepEqual(labels, ['Local workspace', 'Production', 'Helpdesk', 'Staging', 'Legacy', 'Copy settings…', 'Manage connections…']);
  assert.equal(await page.getAttribute(tid('connection-item-local'), 'aria-checked'), 'true');
  assert.match(await page.locator(tid('connection-item-Helpdesk')).innerText(), /helpdesk@hes-db\.corp\.example\.com:3306\/hes/);
  await screenshot(page, 'connection-menu-light');
  await page.keyboard.press('End');
  assert.equal(await activeTestId(page), 'connection-manage');
  await page.keyboard.press('ArrowDown');
  assert.equal(await activeTestId(page), 'connection-item-local', 'wraps around');
  await page.keyboard.press('Escape');
  await page.locator(tid('connection-menu')).waitFor({ state: 'detached' });
  assert.equal(await activeTestId(page), 'connection-switcher');

  // ArrowDown opens it on the first item; two more and Enter opens Helpdesk.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await activeTestId(page), 'connection-item-Helpdesk');
  const before = (await calls(page, 'settings_get')).length;
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Helpdesk');
  assert.equal(await page.locator(tid('header-location')).innerText(), 'hes-db.corp.example.com:3306/hes');
  assert.equal(await page.locator(tid('header-version')).innerText(), 'HES 3.8.4');
  assert.equal(await page.locator(tid('header-readonly')).innerText(), 'read-only');
  assert.equal(
    await page.getAttribute(tid('header-readonly'), 'title'),
    'This database user may read but not change the settings (helpdesk).',
  );
  assert.match(await page.locator(tid('readonly-banner')).innerText(), /This database user may read but not change/);
  // Read-only and locked: a plain badge, no Unlock anywhere.
  assert.equal(await page.locator(tid('header-data-protection')).innerText(), 'Data Protection: locked');
  assert.equal(await page.locator(`button${tid('header-data-protection')}`).count(), 0);
  assert.match(await page.locator(tid('dp-locked-banner')).innerText(), /secret fields stay hidden in read-only mode/);
  assert.equal(await page.locator(tid('dp-unlock')).count(), 0);
  assert.equal(await page.locator(tid('licensing-set')).count(), 0);
  assert.equal(await page.locator(tid('licensing-show')).count(), 0);

  const all = await calls(page);
  const opened = all.findIndex((c) => c.cmd === 'connection_open');
  assert.deepEqual(all[opened].args, { name: 'Helpdesk' });
  assert.ok(all.slice(opened + 1).some((c) => c.cmd === 'settings_get'), 'settings_get after connection_open');
  assert.equal((await calls(page, 'settings_get')).length, before + 1);
  assert.equal(await lastToast(page), 'Opened Helpdesk.');

  // The switcher stays available in read-only mode: back to the local workspace.
  await page.click(tid('connection-switcher'));
  assert.equal(await page.getAttribute(tid('connection-item-Helpdesk'), 'aria-checked'), 'true');
  await page.click(tid('connection-item-local'));
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Local workspace');
  assert.deepEqual((await calls(page, 'connection_open')).at(-1)?.args, { name: null });
  assert.equal(await page.locator(tid('header-readonly')).count(), 0);
  assert.equal(await page.locator(tid('licensing-show')).count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a failed open keeps the current connection, says why, and leads to the profile', async () => {
  const { page, context } = await ui.open();
  // Staging has no stored password: the server refuses the login.
  await page.click(tid('connection-switcher'));
  await page.click(tid('connection-item-Staging'));
  const err = page.locator(tid('connection-error'));
  await err.waitFor();
  assert.equal(await err.getAttribute('data-code'), 'DbAuthFailed');
  assert.match(await err.innerText(), /Staging could not be opened; the current connection stays open\./);
  assert.match(await page.locator(tid('connection-error-message')).innerText(), /refused the login of 'hes'/);
  assert.equal(await page.locator(tid('header-connection')).innerText(), 'Local workspace');
  assert.equal(await page.locator(tid('licensing-show')).count(), 1, 'the local settings are still on screen');
  await screenshot(page, 'connection-error-light');

  // "Edit user and password" opens the profile's form over the Connections list.
  await page.click(tid('connection-error-edit'));
  await page.waitForSelector(`${tid('dialog-connection')}[open]`);
  assert.match(await page.locator(`${tid('dialog-connection')} h2`).innerText(), /Edit connection Staging/);
  assert.equal(await page.inputValue(tid('field-Host')), '10.20.0.15');
  assert.equal(await page.getAttribute(tid('field-Password'), 'placeholder'), '');
  await page.fill(tid('field-Password'), 'stage-Passw0rd');
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-connection')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'connection_save')).at(-1)?.args, {
    original: 'Staging',
    input: {
      Name: 'Staging',
      Host: '10.20.0.15',
      Port: 3306,
      Database: 'hes_staging',
      User: 'hes',
      Tls: 'Disabled',
      TimeoutMs: 5000,
      Password: 'stage-Passw0rd',
    },
  });
  assert.equal(await page.locator(tid('connection-password-Staging')).innerText(), 'password stored');
  assert.equal(await activeTestId(page), 'connection-open-Staging');
  await page.click(tid('connection-open-Staging'));
  await page.locator(tid('dialog-connections')).waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Staging');
  assert.equal(await page.locator(tid('connection-error')).count(), 0, 'the old error is gone');
  assert.match(await page.locator(tid('licensing-not-configured')).innerText(), /Not configured/, 'Staging’s own settings');

  // A certificate the console does not trust: the hint says how to fix the profile.
  await page.click(tid('connection-switcher'));
  await page.click(tid('connection-manage'));
  await page.click(tid('connection-edit-Production'));
  await page.fill(tid('field-CaFile'), '/etc/ssl/other-ca.pem');
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-connection')).waitFor({ state: 'detached' });
  await page.click(tid('connection-open-Production'));
  const inDialog = page.locator(tid('connections-open-error'));
  await inDialog.waitFor();
  assert.equal(await inDialog.getAttribute('data-code'), 'TlsUntrustedCertificate');
  assert.match(await inDialog.innerText(), /give the CA file that signed the server’s certificate/);
  assert.equal(await page.locator(tid('header-connection')).innerText(), 'Staging');
  await context.close();
});

test('connection form: errors at their fields, the password only when typed', async () => {
  const { page, context } = await ui.open();
  await openManager(page);
  assert.equal(await page.locator('[data-testid^="connection-row-"]').count(), 4);
  assert.match(
    await page.locator(tid('connection-row-Production')).innerText(),
    /Production[\s\S]*hes@hes-db\.corp\.example\.com:3306\/hes[\s\S]*TLS: Verify identity[\s\S]*password stored/,
  );
  assert.equal(await page.locator(tid('connection-tls-Staging')).innerText(), 'TLS: Disabled');
  assert.equal(await page.locator(tid('connection-password-Staging')).innerText(), 'no password stored');

  await page.click(tid('connections-add'));
  const form = page.locator(tid('dialog-connection'));
  await page.waitForSelector(`${tid('dialog-connection')}[open]`);
  assert.equal(await activeTestId(page), 'field-Name', 'focus on the first field');
  assert.equal(await page.inputValue(tid('field-Port')), '3306');
  assert.equal(await page.inputValue(tid('field-TimeoutMs')), '10000');
  // Issue 11: a new profile verifies the server (not MySQL's PREFERRED), so the CA file is offered.
  assert.equal(await page.inputValue(tid('field-Tls')), 'VerifyIdentity');
  assert.equal(await page.locator(tid('field-CaFile')).count(), 1, 'a CA file with verification');
  assert.equal(await page.locator(tid('tls-unverified-warning')).count(), 0);

  // Everything empty: the backend's messages at their fields; the first one gets the focus.
  await page.fill(tid('field-TimeoutMs'), '100');
  await page.click(tid('dialog-save'));
  await page.locator(tid('error-Name')).waitFor();
  assert.equal(await page.locator(tid('error-Name')).innerText(), 'The Name field is required.');
  assert.equal(await page.locator(tid('error-Host')).innerText(), 'The Host field is required.');
  assert.equal(await page.locator(tid('error-Database')).innerText(), 'The Database field is required.');
  assert.equal(await page.locator(tid('error-User')).innerText(), 'The User field is required.');
  assert.equal(await page.locator(tid('error-TimeoutMs')).innerText(), 'The timeout must be between 500 ms and 120 s.');
  assert.equal(await activeTestId(page), 'field-Name');
  assert.equal(await page.getAttribute(tid('field-Name'), 'aria-invalid'), 'true');

  // A port that is no number is caught by the form itself; a duplicate name and a URL as host by the backend.
  await page.fill(tid('field-Name'), 'production');
  await page.fill(tid('field-Host'), 'mysql://db.example.com');
  await page.fill(tid('field-Port'), 'abc');
  await page.click(tid('dialog-save'));
  assert.equal(await page.locator(tid('error-Port')).innerText(), 'The Port must be a TCP port between 1 and 65535.');
  const saves = (await calls(page, 'connection_save')).length;
  await page.fill(tid('field-Port'), '3307');
  await page.fill(tid('field-Database'), 'hes');
  await page.fill(tid('field-User'), 'hes_admin');
  await page.fill(tid('field-TimeoutMs'), '8000');
  await page.click(tid('dialog-save'));
  await page.locator(tid('error-Host')).waitFor();
  assert.equal(await page.locator(tid('error-Name')).innerText(), 'A connection named production already exists.');
  assert.match(await page.locator(tid('error-Host')).innerText(), /without a scheme or path/);
  assert.equal((await calls(page, 'connection_save')).length, saves + 1);

  // TLS: Disabled warns; Preferred and Required warn that the server is not verified; Verify CA shows the CA file.
  await page.selectOption(tid('field-Tls'), 'Disabled');
  assert.match(await page.locator(tid('tls-disabled-warning')).innerText(), /password and all settings travel over the network unencrypted/);
  for (const mode of ['Preferred', 'Required']) {
    await page.selectOption(tid('field-Tls'), mode);
    assert.match(await page.locator(tid('tls-unverified-warning')).innerText(), /does not verify the server[\s\S]*Choose Verify identity/);
    assert.equal(await page.locator(tid('tls-disabled-warning')).count(), 0);
  }
  await page.selectOption(tid('field-Tls'), 'VerifyCa');
  assert.equal(await page.locator(tid('tls-disabled-warning')).count(), 0);
  assert.equal(await page.locator(tid('tls-unverified-warning')).count(), 0);
  assert.match(await form.innerText(), /signed by a trusted CA/);
  await page.fill(tid('field-CaFile'), '/etc/ssl/corp-ca.pem');
  await page.fill(tid('field-Name'), 'Branch office');
  await page.fill(tid('field-Host'), 'branch-db.example.com');
  await page.click(tid('dialog-save'));
  await form.waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'connection_save')).at(-1)?.args, {
    original: null,
    input: {
      Name: 'Branch office',
      Host: 'branch-db.example.com',
      Port: 3307,
      Database: 'hes',
      User: 'hes_admin',
      Tls: 'VerifyCa',
      TimeoutMs: 8000,
      CaFile: '/etc/ssl/corp-ca.pem',
    },
  }, 'no Password key: nothing was typed');
  assert.equal(await lastToast(page), 'Connection Branch office added.');
  assert.match(await page.locator(tid('connection-row-Branch office')).innerText(), /hes_admin@branch-db\.example\.com:3307\/hes[\s\S]*no password stored/);

  // Editing: the stored password is never prefilled; untouched it is sent absent (kept).
  await page.click(tid('connection-edit-Production'));
  await page.waitForSelector(`${tid('dialog-connection')}[open]`);
  assert.equal(await page.inputValue(tid('field-Password')), '');
  assert.equal(await page.getAttribute(tid('field-Password'), 'placeholder'), 'stored — leave empty to keep');
  assert.equal(await page.getAttribute(tid('field-Password'), 'type'), 'password');
  assert.ok(await page.isDisabled(tid('dialog-save')), 'Save waits for a change');
  assert.equal(await page.inputValue(tid('field-CaFile')), '/etc/ssl/corp-ca.pem');
  await page.fill(tid('field-TimeoutMs'), '15000');
  await page.keyboard.press('Enter');
  await form.waitFor({ state: 'detached' });
  const edit = (await calls(page, 'connection_save')).at(-1)?.args;
  assert.equal(edit.original, 'Production');
  assert.equal(edit.input.TimeoutMs, 15000);
  assert.ok(!('Password' in edit.input), 'an untouched password is absent');
  assert.equal(await page.evaluate(() => window.__FAKE__.keychain.Production.db), 'db-Passw0rd', 'kept');
  assert.ok(!(await page.content()).includes('db-Passw0rd'), 'a stored password never reaches the page');

  // "Remove stored password" sends null.
  await page.click(tid('connection-edit-Production'));
  await page.click(tid('field-Password-remove'));
  assert.match(await page.locator(tid('field-Password-cleared')).innerText(), /will be removed when you save/);
  await page.click(tid('dialog-save'));
  await form.waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'connection_save')).at(-1)?.args.input.Password, null);
  assert.equal(await page.locator(tid('connection-password-Production')).innerText(), 'no password stored');

  // Esc leaves the form, then the list.
  await page.click(tid('connection-edit-Helpdesk'));
  await page.waitForSelector(`${tid('dialog-connection')}[open]`);
  await page.keyboard.press('Escape');
  await form.waitFor({ state: 'detached' });
  assert.equal(await activeTestId(page), 'connection-edit-Helpdesk');
  await page.keyboard.press('Escape');
  await page.locator(tid('dialog-connections')).waitFor({ state: 'detached' });
  await context.close();
});

test('Test shows ✓ or ✗ inline, with the stored password unless one is typed', async () => {
  const { page, context } = await ui.open();
  await openManager(page);

  // From the list: the saved values and the stored password.
  await page.click(tid('connection-test-Helpdesk'));
  const row = page.locator(tid('connection-test-result-Helpdesk'));
  await row.waitFor();
  assert.equal(await row.getAttribute('data-ok'), 'true');
  assert.equal(
    await page.locator(tid('connection-test-result-Helpdesk-summary')).innerText(),
    'HES 3.8.4 · Data Protection: on · read-only',
  );
  assert.match(await row.innerText(), /✓[\s\S]*42 ms/);
  assert.ok(!('Password' in (await calls(page, 'connection_test'))[0].args.input));
  assert.equal((await calls(page, 'connection_test'))[0].args.original, 'Helpdesk');
  // Issue 11: Required and Preferred are tested with a warning, reached or not.
  assert.match(await page.locator(tid('connection-test-result-Helpdesk-warning')).innerText(), /Required accepts any certificate/);
  await page.click(tid('connection-test-Legacy'));
  const legacy = page.locator(tid('connection-test-result-Legacy-warning'));
  await legacy.waitFor();
  assert.equal(await legacy.getAttribute('data-code'), 'TlsNotVerified');
  assert.match(await legacy.innerText(), /Preferred accepts any certificate/);

  // The form: its current values.
  await page.click(tid('connection-edit-Production'));
  await page.waitForSelector(`${tid('dialog-connection')}[open]`);
  await page.click(tid('connection-form-test'));
  const result = page.locator(`${tid('dialog-connection')} ${tid('connection-test-result')}`);
  await result.waitFor();
  assert.equal(await result.getAttribute('data-ok'), 'true');
  assert.equal(await page.locator(tid('connection-test-result-summary')).innerText(), 'HES 3.8.4 · Data Protection: on · read-write');
  assert.equal(await page.locator(tid('connection-test-result-warning')).count(), 0, 'Verify identity: no warning');
  const t1 = (await calls(page, 'connection_test')).at(-1)?.args;
  assert.equal(t1.original, 'Production');
  assert.ok(!('Password' in t1.input), 'untouched: the stored password is used');
  await screenshot(page, 'connection-form-light');

  // Changing a field clears the old result; a wrong typed password fails at the server.
  await page.fill(tid('field-Password'), 'not-it');
  assert.equal(await result.count(), 0);
  await page.click(tid('connection-form-test'));
  await result.waitFor();
  assert.equal(await result.getAttribute('data-ok'), 'false');
  assert.match(await result.innerText(), /✗[\s\S]*refused the login of 'hes'[\s\S]*35 ms[\s\S]*Check the user name and password/);
  assert.equal((await calls(page, 'connection_test')).at(-1)?.args.input.Password, 'not-it');

  // Issue 11: another host (or port, or user) does not get the stored password: type it again.
  await page.fill(tid('field-Password'), '');
  await page.fill(tid('field-Host'), 'nowhere.example.com');
  await page.fill(tid('field-TimeoutMs'), '3000');
  const tests = (await calls(page, 'connection_test')).length;
  await page.click(tid('connection-form-test'));
  await page.locator(tid('error-Password')).waitFor();
  assert.match(await page.locator(tid('error-Password')).innerText(), /host, port or user changed: type the database password again/);
  assert.equal(await result.count(), 0, 'no connection was tried');
  assert.equal((await calls(page, 'connection_test')).length, tests + 1);
  // Save would keep the stored password for the new host: refused at the field too.
  await page.click(tid('dialog-save'));
  await page.waitForFunction(() => /type the database password again/.test(document.querySelector('[data-testid="error-Password"]')?.textContent ?? ''));
  assert.equal(await page.evaluate(() => window.__FAKE__.profiles.find((p) => p.Name === 'Production').Host), 'hes-db.corp.example.com');
  // Typed: an unreachable host fails within its timeout.
  await page.fill(tid('field-Password'), 'typed-again');
  await page.click(tid('connection-form-test'));
  await result.waitFor();
  assert.match(await result.innerText(), /nowhere\.example\.com:3306 did not answer within 3 s\.[\s\S]*3\.0 s/);
  await page.keyboard.press('Escape');
  await discardChanges(page);
  await page.locator(tid('dialog-connection')).waitFor({ state: 'detached' });

  // A new profile without a password: the message sits at the Password field.
  await page.click(tid('connections-add'));
  await page.fill(tid('field-Name'), 'New');
  await page.fill(tid('field-Host'), 'hes-db.corp.example.com');
  await page.fill(tid('field-Database'), 'wordpress');
  await page.fill(tid('field-User'), 'hes');
  await page.fill(tid('field-CaFile'), '/etc/ssl/corp-ca.pem'); // verified by default: the corporate CA
  await page.click(tid('connection-form-test'));
  await page.locator(tid('error-Password')).waitFor();
  assert.equal(await page.locator(tid('error-Password')).innerText(), 'Enter the database password to test this connection.');
  // A database without HES's tables.
  await page.fill(tid('field-Password'), 'db-Passw0rd');
  await page.click(tid('connection-form-test'));
  await result.waitFor();
  assert.match(await result.innerText(), /has no HES tables/);
  assert.equal((await calls(page, 'connection_save')).length, 1, 'only the refused Save above: testing saves nothing');
  await context.close();
});

test('delete asks first and names the consequence', async () => {
  const { page, context } = await ui.open();
  await openManager(page);
  await page.click(tid('connection-delete-Legacy'));
  const confirm = page.locator(tid('dialog-confirm'));
  await confirm.waitFor();
  assert.match(
    await confirm.innerText(),
    /Please confirm deleting the connection Legacy \(hes@old-hes\.corp\.example\.com:3306\/hes\)[\s\S]*The HES database itself is not changed/,
  );
  assert.equal(await activeTestId(page), 'confirm-cancel', 'Cancel is the safe default');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'connection_delete')).length, 0);
  assert.equal(await page.locator(tid('connection-row-Legacy')).count(), 1);

  await page.click(tid('connection-delete-Legacy'));
  await page.click(tid('confirm-ok'));
  await confirm.waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'connection_delete'))[0].args, { name: 'Legacy' });
  assert.equal(await page.locator(tid('connection-row-Legacy')).count(), 0);
  assert.equal(await lastToast(page), 'Connection Legacy deleted.');
  assert.equal(await activeTestId(page), 'connections-add', 'the focus stays in the dialog');
  assert.equal(await page.evaluate(() => 'Legacy' in window.__FAKE__.keychain), false, 'its keychain entry is gone');
  await context.close();
});

test('no saved connections: an empty state with Add', async () => {
  const { page, context } = await ui.open({ fake: { profiles: 'none' } });
  await page.click(tid('connection-switcher'));
  const labels = await page.locator(`${tid('connection-menu')} [role^="menuitem"] .item-label`).allInnerTexts();
  // Copying is reachable before any profile exists: the dialog says what to add first.
  assert.deepEqual(labels, ['Local workspace', 'Copy settings…', 'Manage connections…']);
  await page.click(tid('stage-open'));
  assert.match(await page.locator(tid('stage-no-profiles')).innerText(), /no saved connection to copy to yet/);
  await page.click(tid('stage-add-connection'));
  await page.locator(tid('dialog-stage')).waitFor({ state: 'detached' });
  await page.locator(tid('dialog-connections')).waitFor();
  await page.keyboard.press('Escape');
  await page.locator(tid('dialog-connections')).waitFor({ state: 'detached' });
  await page.click(tid('connection-switcher'));
  await page.click(tid('connection-manage'));
  assert.match(await page.locator(tid('connections-empty')).innerText(), /No saved connections yet/);
  await context.close();
});

for (const scheme of /** @type {const} */ (['light', 'dark'])) {
  test(`connections dialogs pass axe (${scheme})`, async () => {
    const { page, context, errors } = await ui.open({ colorScheme: scheme });
    await page.click(tid('connection-switcher'));
    let violations = await axeSerious(page);
    assert.equal(violations.length, 0, `menu (${scheme}):\n${report(violations)}`);
    await page.click(tid('connection-manage'));
    await page.waitForSelector(`${tid('dialog-connections')}[open]`);
    await page.click(tid('connection-test-Helpdesk'));
    await page.click(tid('connection-test-Staging'));
    await page.locator(tid('connection-test-result-Staging')).waitFor();
    violations = await axeSerious(page);
    assert.equal(violations.length, 0, `connections list (${scheme}):\n${report(violations)}`);
    await screenshot(page, `connections-${scheme}`);

    // The form with a field error, the Disabled-TLS warning and a failed test result.
    await page.click(tid('connection-edit-Staging'));
    await page.waitForSelector(`${tid('dialog-connection')}[open]`);
    await page.click(tid('connection-form-test'));
    await page.locator(tid('error-Password')).waitFor();
    await page.fill(tid('field-Password'), 'wrong');
    await page.click(tid('connection-form-test'));
    await page.locator(tid('connection-test-result')).waitFor();
    await page.fill(tid('field-TimeoutMs'), '1');
    await page.click(tid('dialog-save'));
    await page.locator(tid('error-TimeoutMs')).waitFor();
    violations = await axeSerious(page);
    assert.equal(violations.length, 0, `connection form (${scheme}):\n${report(violations)}`);
    await page.fill(tid('field-TimeoutMs'), '3000');
    await page.click(tid('connection-form-test'));
    await page.locator(tid('connection-test-result')).waitFor();
    await screenshot(page, `connection-form-disabled-tls-${scheme}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('support notices follow WorkspaceInfo.Support', async () => {
  const { page, context } = await ui.open();
  const RESTART = 'HES applies changes to this section only after it restarts.';
  const IGNORED =
    'HES 3.8.4 does not read this setting, and no HES release is known to: the console keeps it in its own row, in a format documented in docs/console-rows.md.';
  assert.equal(await page.locator('[data-testid^="support-"]').count(), 0, 'licensing is read live');
  await gotoSection(page, 'splunk');
  assert.equal(await page.locator(tid('support-splunk')).innerText(), RESTART);
  await gotoSection(page, 'saml');
  assert.equal(await page.locator(tid('support-saml')).innerText(), RESTART);
  await gotoSection(page, 'oidc');
  assert.equal(await page.locator(tid('support-oidc')).innerText(), IGNORED);
  await gotoSection(page, 'fido');
  assert.equal(await page.locator(tid('support-fido')).innerText(), IGNORED);
  await gotoSection(page, 'customization');
  assert.equal(await page.locator(tid('support-customization')).innerText(), IGNORED);
  await gotoSection(page, 'domains');
  assert.equal(await page.locator(tid('support-domain')).count(), 0, 'the primary domain is read live');
  assert.equal(await page.locator(tid('domain-not-read-d-azure-1')).innerText(), 'not read by HES 3.8.4');
  assert.equal(await page.locator(tid('domain-not-read-primary')).count(), 0);
  assert.equal(
    await page.locator(tid('support-domains')).innerText(),
    'HES 3.8.4 reads only the primary on-premises domain (read live). The domains marked “not read by HES 3.8.4” are kept in the console’s own row, which no HES release is known to read (its format is documented in docs/console-rows.md).',
  );
  assert.doesNotMatch(await page.content(), /stored for newer HES releases/);

  await context.close();

  // Another release's facts come from the backend, not from the UI.
  const other = await ui.open({ fake: { support: { splunk: 'live', domains: 'live' } } });
  await gotoSection(other.page, 'splunk');
  assert.equal(await other.page.locator(tid('support-splunk')).count(), 0);
  await gotoSection(other.page, 'domains');
  assert.equal(await other.page.locator('[data-testid^="domain-not-read-"]').count(), 0);
  assert.equal(await other.page.locator(tid('support-domains')).count(), 0);
  await other.context.close();
});

test('connection test: a self-signed MySQL 8 certificate is shown, trusted by its pin, and a changed one is refused', async () => {
  const { page, context, errors } = await ui.open();
  await openManager(page);
  await page.click(tid('connections-add'));
  await page.waitForSelector(`${tid('dialog-connection')}[open]`);
  await page.fill(tid('field-Name'), 'Docker');
  await page.fill(tid('field-Host'), 'mysql8.corp.example.com');
  await page.fill(tid('field-Database'), 'hes');
  await page.fill(tid('field-User'), 'hes');
  await page.fill(tid('field-Password'), 'm8-Passw0rd');
  assert.equal(await page.inputValue(tid('field-Tls')), 'VerifyIdentity');

  // Not trusted: the certificate is shown with "Trust this certificate"; nobody is pushed to Preferred.
  await page.click(tid('connection-form-test'));
  const result = page.locator(tid('connection-test-result'));
  await result.waitFor();
  assert.equal(await result.getAttribute('data-ok'), 'false');
  const cert = page.locator(tid('connection-test-result-certificate'));
  await cert.waitFor();
  assert.equal(await page.locator(tid('connection-test-result-certificate-status')).innerText(), 'Not trusted');
  assert.match(await cert.innerText(), /MySQL_Server_8\.0\.36_Auto_Generated_Server_Certificate/);
  assert.match(await cert.innerText(), /Auto_Generated_CA_Certificate/);
  assert.match(await cert.innerText(), /2036-01-03T09:12:40Z/);
  assert.match(await cert.innerText(), /server-cert\.pem/, 'how to compare the SHA-256');
  const sha = await page.locator(tid('connection-test-result-certificate-sha256')).innerText();
  assert.equal(sha.length, 95);
  assert.match(await result.innerText(), /Or trust exactly the certificate below/);
  assert.deepEqual(await axeSerious(page, '[data-testid="dialog-connection"]'), [], 'axe on the certificate');
  await screenshot(page, 'connection-test-untrusted-certificate');

  // Trusted by its pin for this server: the test is run again and passes.
  await page.click(tid('connection-test-result-certificate-trust'));
  await page.waitForFunction(
    () => document.querySelector('[data-testid="connection-test-result"]')?.getAttribute('data-ok') === 'true',
  );
  assert.deepEqual((await calls(page, 'connection_trust_certificate')).at(-1)?.args, {
    host: 'mysql8.corp.example.com',
    port: 3306,
    sha256: sha,
  });
  assert.equal(await page.locator(tid('connection-test-result-certificate-status')).innerText(), 'Trusted by pin on this computer');
  assert.equal(await page.locator(tid('connection-test-result-certificate-trust')).count(), 0);

  // The server's certificate changes: refused with a clear warning, never re-trusted by itself.
  await page.evaluate(() => {
    window.__FAKE__.dbServers['mysql8.corp.example.com:3306'].cert.Sha256 =
      'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99';
  });
  await page.click(tid('connection-form-test'));
  await page.locator(tid('connection-test-result-changed')).waitFor();
  assert.equal(await result.getAttribute('data-ok'), 'false');
  assert.match(await page.locator(tid('connection-test-result-changed')).innerText(), /different certificate than the one you trusted/);
  assert.equal(
    await page.locator(tid('connection-test-result-certificate-sha256')).innerText(),
    'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
  );
  assert.equal(await page.locator(tid('connection-test-result-certificate-status')).innerText(), 'Not trusted');
  assert.equal((await calls(page, 'connection_trust_certificate')).length, 1, 'nothing re-trusted by itself');
  assert.deepEqual(errors, []);
  await context.close();
});
