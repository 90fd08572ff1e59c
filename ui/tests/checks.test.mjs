// Checks from the edit dialogs (issue 4): "Set domain" binds before saving and keeps the dialog
// open with the reason at the field; an untrusted AD certificate is shown and can be trusted by
// its SHA-256; a retargeted Splunk test may not borrow the stored token; Diagnostics can be cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, gotoSection, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

const fakeDb = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__FAKE__.db)));

test('Set domain: untrusted certificate shown and trusted by pin, wrong password at its field, Save anyway', async () => {
  const { page, context, errors } = await ui.open();
  await gotoSection(page, 'domains');
  await page.click(tid('domain-edit-primary'));
  const dialog = page.locator(tid('dialog-domain-ad'));
  await dialog.waitFor();

  // Only the days change: the stored password may be used (same domain and logon name).
  await page.fill(tid('field-MaxPasswordAge'), '30');
  await page.click(tid('dialog-save'));
  await page.locator(tid('ad-form-test-result-outcome')).waitFor();
  assert.equal((await page.textContent(tid('ad-form-test-result-code')))?.trim(), 'TlsUntrustedCertificate');
  assert.match(await page.locator(tid('error-Host')).innerText(), /not trusted/);
  assert.equal((await page.textContent(tid('ad-form-test-certificate-status')))?.trim(), 'Not trusted');
  const sha = (await page.textContent(tid('ad-form-test-certificate-sha256')))?.trim() ?? '';
  assert.match(sha, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.equal((await calls(page, 'domain_save')).length, 0, 'nothing saved after a failed check');
  await screenshot(page, 'ad-untrusted-certificate');
  const violations = await axeSerious(page);
  assert.equal(violations.length, 0, violations.map((v) => `${v.id}: ${v.help}`).join('\n'));

  // Trust it: pinned to exactly that SHA-256, and the check runs again and binds.
  await page.click(tid('ad-form-test-certificate-trust'));
  await page.locator(`${tid('ad-form-test-result-steps')} li[data-status]:has-text("Members")`).waitFor();
  const [trust] = await calls(page, 'ad_trust_certificate');
  assert.deepEqual(trust.args, { domain: 'corp.example.com', starttls: false, sha256: sha });
  assert.equal((await page.textContent(tid('ad-form-test-result-outcome')))?.trim(), 'OK');
  assert.equal((await page.textContent(tid('ad-form-test-certificate-status')))?.trim(), 'Trusted by pin on this computer');

  // A wrong password: the reason lands at the Password field; the dialog stays open.
  await page.fill(tid('field-Password'), 'not-the-password');
  await page.click(tid('dialog-save'));
  await page.locator(tid('error-Password')).waitFor();
  assert.match(await page.locator(tid('error-Password')).innerText(), /wrong password \(AD sub-code 52e\)/);
  assert.equal((await page.textContent(tid('ad-form-test-result-code')))?.trim(), 'LdapInvalidCredentials');
  assert.equal((await calls(page, 'domain_save')).length, 0);
  const formChecks = await calls(page, 'check_form');
  assert.equal(formChecks.at(-1)?.args.form.Input.Domain.Password, 'not-the-password');
  assert.equal(formChecks.at(-1)?.args.form.Input.Id, 'primary');

  // Saving deliberately despite the failed bind.
  await page.locator(tid('ad-save-anyway-note')).waitFor();
  await page.click(tid('ad-save-anyway'));
  await dialog.waitFor({ state: 'detached' });
  const saves = await calls(page, 'domain_save');
  assert.equal(saves.length, 1);
  assert.equal(saves[0].args.input.Password, 'not-the-password');
  assert.equal((await fakeDb(page)).domain.MaxPasswordAge, 30);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Set domain: a bind that works saves at once; StartTLS is offered', async () => {
  const { page, context } = await ui.open();
  await gotoSection(page, 'domains');
  await page.click(tid('domains-add'));
  await page.click(tid('domains-add-ad'));
  await page.locator(tid('dialog-domain-ad')).waitFor();
  await page.fill(tid('field-Host'), 'branch.example.com');
  await page.fill(tid('field-UserName'), 'svc-branch');
  await page.fill(tid('field-Password'), 'Branch-Passw0rd');
  await page.check(tid('ad-starttls'));
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-domain-ad')).waitFor({ state: 'detached' });
  const [check] = await calls(page, 'check_form');
  assert.equal(check.args.form.Input.StartTls, true);
  assert.equal((await calls(page, 'domain_save')).length, 1);
  await context.close();
});

test('Splunk Test with a changed host needs the token typed again; the typed one is used', async () => {
  const { page, context } = await ui.open();
  await gotoSection(page, 'splunk');
  await page.click(tid('splunk-set'));
  await page.locator(tid('dialog-splunk')).waitFor();
  await page.fill(tid('field-Host'), 'https://elsewhere.example.net:8088');
  await page.click(tid('splunk-form-test-run'));
  await page.locator(tid('splunk-form-test-result-outcome')).waitFor();
  assert.equal((await page.textContent(tid('splunk-form-test-result-code')))?.trim(), 'SecretUnavailable');
  assert.match(await page.locator(tid('splunk-form-test-result-steps')).innerText(), /type the secret again/);

  await page.fill(tid('field-Token'), 'typed-token-1');
  await page.click(tid('splunk-form-test-run'));
  await page.locator(`${tid('splunk-form-test-result-steps')} li:has-text("Test event")`).waitFor();
  const [, second] = await calls(page, 'check_form');
  assert.deepEqual(second.args.form, {
    Section: 'splunk',
    Input: { Host: 'https://elsewhere.example.net:8088', Token: 'typed-token-1' },
  });
  // Nothing was saved by testing.
  assert.equal((await calls(page, 'splunk_set')).length, 0);
  await context.close();
});

test('Diagnostics: Cancel stops the running checks; the report says Cancelled', async () => {
  const { page, context } = await ui.open({ fake: { diagnosticsDelayMs: 150 } });
  await gotoSection(page, 'diagnostics');
  await page.click(tid('diagnostics-run'));
  await page.locator(`${tid('check-splunk-result-steps')} li[data-status]`).first().waitFor();
  await page.click(tid('diagnostics-cancel'));
  await page.locator(`${tid('diagnostics-run')}:has-text("Run all checks")`).waitFor();
  assert.equal((await calls(page, 'checks_cancel')).length, 1);
  assert.equal((await page.textContent(tid('check-splunk-result-code')))?.trim(), 'Cancelled');
  assert.match(await page.locator(tid('check-splunk-result-steps')).innerText(), /cancelled/);
  assert.equal(await page.locator(tid('diagnostics-cancel')).count(), 0, 'Cancel goes away when the run ends');
  await context.close();
});
