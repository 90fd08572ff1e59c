// Staging ("Copy settings between connections"): the preview shows each section's action and
// changed fields (secrets masked) and writes nothing; copying needs the confirmation naming the
// target; the same connection twice, a locked Data Protection and a target changed since the
// preview are explained; axe on the dialog with a preview in light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

const activeTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const fake = (page, fn, arg) => page.evaluate(fn, arg);

/**
 * Production's Data Protection password remembered (so staging can read its key), and the local
 * workspace made different: licensing replaced, Splunk removed, security keys created.
 */
async function prepare(page, { rememberDp = true } = {}) {
  await fake(
    page,
    (dp) => {
      // @ts-ignore
      const F = window.__FAKE__;
      if (dp) F.keychain.Production.dp = 'dp-Passw0rd';
      F.external('licensing', (d) => {
        d.licensing.ApiAddress = 'https://hls.example.net';
        d.licensing.ApiKey = 'new-lic-key-do-not-show';
      });
      F.external('splunk', (d) => (d.splunk = null));
      F.external('fido', (d) => (d.fido = { AllowPlatformAuthenticators: true, DefaultAuthenticatorAttachment: 'platform' }));
    },
    rememberDp,
  );
}

async function openStage(page) {
  await page.click(tid('connection-switcher'));
  await page.click(tid('stage-open'));
  await page.waitForSelector(`${tid('dialog-stage')}[open]`);
}

const prodData = (page) =>
  // @ts-ignore
  fake(page, () => JSON.parse(JSON.stringify(window.__FAKE__.dataOf('Production') ?? null)));
// @ts-ignore
const writes = (page) => fake(page, () => window.__FAKE__.stageWrites.length);

function report(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target).join('\n  ')}`).join('\n');
}

test('preview shows actions and fields and writes nothing; copying needs the confirmation', async () => {
  const { page, context, errors } = await ui.open();
  await prepare(page);
  await openStage(page);
  // Defaults: from the open connection to the first other one; every section; focus on From.
  assert.equal(await activeTestId(page), 'stage-from');
  assert.equal(await page.inputValue(tid('stage-from')), '');
  assert.equal(await page.inputValue(tid('stage-to')), 'Production');
  assert.equal(await page.locator(`${tid('dialog-stage')} input[type="checkbox"]:checked`).count(), 9);
  assert.equal(await page.locator(tid('stage-apply')).count(), 0, 'no Copy before a preview');

  // Customization left out: not sent, not shown.
  await page.click(tid('stage-section-customization'));
  await page.click(tid('stage-preview'));
  await page.waitForSelector(tid('stage-result'));
  assert.deepEqual((await calls(page, 'stage_preview'))[0].args, {
    from: null,
    to: 'Production',
    sections: ['licensing', 'domain', 'domains', 'splunk', 'fido', 'oidc', 'email', 'saml'],
  });
  const action = (key) => page.getAttribute(tid(`stage-result-${key}`), 'data-action');
  assert.equal(await action('licensing'), 'Replace');
  assert.equal(await action('splunk'), 'Remove');
  assert.equal(await action('fido'), 'Create');
  assert.equal(await action('domain'), 'Unchanged');
  assert.equal(await page.locator(tid('stage-result-customization')).count(), 0);
  assert.equal(await page.locator(tid('stage-action-licensing')).innerText(), 'Replace');
  const lic = await page.locator(tid('stage-result-licensing')).innerText();
  assert.match(lic, /ApiAddress\s+https:\/\/hls\.hideez\.com\s+https:\/\/hls\.example\.net/);
  assert.match(lic, /ApiKey\s+stored\s+changed/);
  const dialogText = await page.locator(tid('dialog-stage')).innerText();
  assert.ok(!dialogText.includes('new-lic-key-do-not-show'), 'secrets are masked');
  // Splunk would be removed: nothing is ticked for removal by default, so it is not counted.
  assert.match(dialogText, /Local workspace → Production: 2 of 8 sections change\./);
  assert.equal(await page.isChecked(tid('stage-remove-splunk')), false);
  assert.match(await page.locator(tid('stage-result-splunk')).innerText(), /Remove it from Production — Kept unless you tick it/);
  assert.match((await page.getAttribute(tid('stage-apply'), 'class')) ?? '', /\bprimary\b/);
  // Ticked: something is removed, the copy button is red and names the target.
  await page.check(tid('stage-remove-splunk'));
  assert.match(await page.locator(tid('dialog-stage')).innerText(), /Local workspace → Production: 3 of 8 sections change\./);
  assert.equal(await page.locator(tid('stage-apply')).innerText(), 'Copy to Production');
  assert.match((await page.getAttribute(tid('stage-apply'), 'class')) ?? '', /\bdanger\b/);
  await screenshot(page, 'stage-preview-light');

  // Nothing written by the preview.
  assert.equal(await writes(page), 0);
  assert.equal((await calls(page, 'stage_apply')).length, 0);
  assert.equal((await prodData(page)).licensing.ApiAddress, 'https://hls.hideez.com');

  // The confirmation names the target; Cancel writes nothing and returns the focus.
  await page.click(tid('stage-apply'));
  await page.waitForSelector(`${tid('dialog-confirm')}[open]`);
  const confirm = await page.locator(tid('dialog-confirm')).innerText();
  assert.match(confirm, /Copy settings to Production/);
  assert.match(confirm, /Removed from Production:\s*Splunk/);
  // Removing from a server: its name must be typed before Copy is possible.
  assert.match(confirm, /type its name \(Production\) to confirm/);
  assert.ok(await page.locator(tid('confirm-ok')).isDisabled());
  await page.fill(tid('stage-type-target'), 'production');
  assert.ok(await page.locator(tid('confirm-ok')).isDisabled(), 'the exact name');
  await page.keyboard.press('Escape');
  await page.locator(tid('dialog-confirm')).waitFor({ state: 'detached' });
  assert.equal(await activeTestId(page), 'stage-apply');
  assert.equal(await writes(page), 0);

  await page.keyboard.press('Enter');
  await page.waitForSelector(`${tid('dialog-confirm')}[open]`);
  assert.equal(await page.inputValue(tid('stage-type-target')), '', 'asked again each time');
  await page.fill(tid('stage-type-target'), 'Production');
  await page.click(tid('confirm-ok'));
  await page.locator(tid('dialog-stage')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'stage_apply'))[0].args, { remove: ['splunk'] });
  assert.equal(await page.locator(tid('toast')).last().innerText(), 'Settings copied to Production.');
  const prod = await prodData(page);
  assert.equal(prod.licensing.ApiAddress, 'https://hls.example.net');
  assert.equal(prod.splunk, null);
  assert.equal(prod.fido.AllowPlatformAuthenticators, true);
  assert.equal(await writes(page), 3);
  assert.equal(await activeTestId(page), 'connection-switcher', 'focus back where the dialog was opened from');
  assert.deepEqual(errors, []);
  await context.close();
});

test('same connection twice is refused; locked Data Protection and a changed target are explained', async () => {
  const { page, context, errors } = await ui.open();
  await prepare(page, { rememberDp: false });
  await openStage(page);
  await page.selectOption(tid('stage-to'), '');
  assert.equal(await page.locator(tid('error-StageTo')).innerText(), 'Choose two different connections to copy between.');
  assert.equal(await page.getAttribute(tid('stage-to'), 'aria-invalid'), 'true');
  assert.ok(await page.locator(tid('stage-preview')).isDisabled());
  await page.keyboard.press('Enter');
  assert.equal((await calls(page, 'stage_preview')).length, 0);

  // Production's Data Protection is locked and its password not remembered.
  await page.selectOption(tid('stage-to'), 'Production');
  await page.click(tid('stage-preview'));
  const box = page.locator(`${tid('dialog-stage')} ${tid('error-box')}`);
  await box.waitFor();
  assert.equal(await box.getAttribute('data-code'), 'DataProtectionLocked');
  assert.match(await box.innerText(), /open that connection and unlock it/);

  // From Production (now remembered) to the open local workspace; the target changes meanwhile.
  // @ts-ignore
  await fake(page, () => (window.__FAKE__.keychain.Production.dp = 'dp-Passw0rd'));
  await page.selectOption(tid('stage-from'), 'Production');
  await page.selectOption(tid('stage-to'), '');
  await page.click(tid('stage-preview'));
  await page.waitForSelector(tid('stage-result'));
  assert.equal(await page.getAttribute(tid('stage-result-splunk'), 'data-action'), 'Create');
  // @ts-ignore
  await fake(page, () => window.__FAKE__.external('licensing', (d) => (d.licensing.ApiAddress = 'https://other.example.org')));
  await page.click(tid('stage-apply'));
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('stage-stale'));
  assert.equal(await page.locator(tid('dialog-confirm')).count(), 0);
  assert.ok(await page.locator(tid('stage-apply')).isDisabled());
  assert.equal(await page.locator(tid('stage-preview')).innerText(), 'Preview again');
  assert.equal(await writes(page), 0);

  const reads = (await calls(page, 'settings_get')).length;
  await page.click(tid('stage-preview'));
  await page.waitForSelector(tid('stage-stale'), { state: 'detached' });
  await page.check(tid('stage-remove-fido'));
  await page.click(tid('stage-apply'));
  // Production has no security keys settings: the local ones would be removed, said in red; the
  // target is the local workspace, not a server: no name to type.
  assert.equal(await page.locator(tid('stage-type-target')).count(), 0);
  assert.match(await page.locator(tid('dialog-confirm')).innerText(), /Removed from Local workspace:\s*Security keys/);
  assert.match((await page.getAttribute(tid('confirm-ok'), 'class')) ?? '', /\bdanger\b/);
  await page.click(tid('confirm-ok'));
  await page.locator(tid('dialog-stage')).waitFor({ state: 'detached' });
  assert.equal(await page.locator(tid('toast')).last().innerText(), 'Settings copied to Local workspace.');
  // The target is the open connection: its settings are read again.
  await page.waitForFunction((n) => window.__TEST_CALLS__.filter((c) => c.cmd === 'settings_get').length > n, reads);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the staging dialog with a preview passes axe (light and dark)', async () => {
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    const { page, context } = await ui.open({ colorScheme });
    await prepare(page);
    await openStage(page);
    await page.click(tid('stage-preview'));
    await page.waitForSelector(tid('stage-result'));
    const violations = await axeSerious(page);
    assert.deepEqual(violations, [], `${colorScheme}:\n${report(violations)}`);
    if (colorScheme === 'dark') await screenshot(page, 'stage-preview-dark');
    await context.close();
  }
});

test('nothing is removed by default; removing AD credentials warns that AD sync stops', async () => {
  const { page, context, errors } = await ui.open();
  await prepare(page);
  // The local workspace has no on-premises domain and one OIDC client fewer than Production.
  await fake(page, () => {
    // @ts-ignore
    const F = window.__FAKE__;
    F.external('domain', (d) => (d.domain = null));
    F.external('oidc', (d) => d.oidc.splice(1, 1));
  });
  await openStage(page);
  await page.click(tid('stage-preview'));
  await page.waitForSelector(tid('stage-result'));
  assert.equal(await page.getAttribute(tid('stage-result-domain'), 'data-action'), 'Remove');
  assert.match(
    await page.locator(tid('stage-result-oidc')).innerText(),
    /Also remove from Production what the source does not have: Mobile app \(PKCE\)/,
  );
  assert.equal(await page.locator(`${tid('stage-result')} input[type="checkbox"]:checked`).count(), 0, 'no removal ticked');

  // Copied as previewed: Production keeps its AD credentials, Splunk and the other client.
  await page.click(tid('stage-apply'));
  await page.waitForSelector(`${tid('dialog-confirm')}[open]`);
  const plain = await page.locator(tid('dialog-confirm')).innerText();
  assert.ok(!/Removed from/.test(plain), plain);
  assert.equal(await page.locator(tid('stage-type-target')).count(), 0, 'nothing removed: no name to type');
  await page.click(tid('confirm-ok'));
  await page.locator(tid('dialog-stage')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'stage_apply'))[0].args, { remove: [] });
  let prod = await prodData(page);
  assert.equal(prod.domain.Host, 'corp.example.com');
  assert.ok(prod.splunk, 'Splunk kept');
  assert.deepEqual(prod.oidc.map((c) => c.ClientId), ['intranet', 'mobile']);

  // Ticking the AD credentials: the same warning as deleting them by hand, and the name to type.
  await openStage(page);
  await page.click(tid('stage-preview'));
  await page.waitForSelector(tid('stage-result'));
  await page.check(tid('stage-remove-domain'));
  await page.check(tid('stage-remove-oidc'));
  await page.click(tid('stage-apply'));
  await page.waitForSelector(`${tid('dialog-confirm')}[open]`);
  assert.match(
    await page.locator(tid('stage-warning-ad')).innerText(),
    /As soon as you remove the AD administrator login and password from the settings, all AD sync scenarios will stop working\./,
  );
  assert.match(await page.locator(tid('stage-confirm-removes')).innerText(), /Domain \(primary\); OIDC \(Mobile app \(PKCE\)\)/);
  await page.fill(tid('stage-type-target'), 'Production');
  await page.click(tid('confirm-ok'));
  await page.locator(tid('dialog-stage')).waitFor({ state: 'detached' });
  assert.deepEqual((await calls(page, 'stage_apply'))[1].args.remove.sort(), ['domain', 'oidc']);
  prod = await prodData(page);
  assert.equal(prod.domain, null);
  assert.deepEqual(prod.oidc.map((c) => c.ClientId), ['intranet']);
  assert.deepEqual(errors, []);
  await context.close();
});
