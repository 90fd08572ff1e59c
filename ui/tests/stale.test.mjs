// Never stale, never silently destructive: after switching connection every view shows the new
// connection's data, and a late answer from the previous one is dropped (the fake delays answers);
// Reload (button, F5, Ctrl+R, Cmd+R) re-reads the open connection; typed but unsaved values are asked
// about before another tab, another connection, a reload or closing the window; the local
// workspace says what it is on every screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, discardChanges, gotoSection, SECTIONS, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();
const fake = (page, fn, arg) => page.evaluate(fn, arg);
const header = (page) => page.locator(tid('header-connection')).innerText();

async function switchTo(page, name) {
  await page.click(tid('connection-switcher'));
  await page.click(tid(`connection-item-${name}`));
}

/** Every text the element matching `selector` shows from now on (the stale ones included). */
async function record(page, selector) {
  await page.evaluate((sel) => {
    // @ts-ignore
    window.__seen = [];
    const note = () => {
      const t = document.querySelector(sel)?.textContent;
      // @ts-ignore
      if (t) window.__seen.push(t);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, selector);
}
// @ts-ignore
const seen = (page) => page.evaluate(() => window.__seen);

test('a license summary and chart still loading when the connection switches are dropped; the new ones show', async () => {
  // The local workspace has 2 vaults (licenses ending in January) and answers slowly; Production
  // has 7 (ending in March).
  const { page, context, errors } = await ui.open({ fake: { delayMs: { licenses_summary: 700 } } });
  await fake(page, () => {
    // @ts-ignore
    window.__FAKE__.addVaults(null, 2, '2027-01-15T00:00:00');
    // @ts-ignore
    window.__FAKE__.addVaults('Production', 7, '2027-03-10T00:00:00');
  });
  // Ask the local summary again (slow), then switch while it is on its way.
  await gotoSection(page, 'domains');
  await gotoSection(page, 'licensing');
  await record(page, `${tid('license-summary')} p`);
  await page.evaluate(() => {
    // Every state of the chart from now on: its columns' "month: count" titles.
    // @ts-ignore
    window.__charts = [];
    const note = () => {
      const cols = [...document.querySelectorAll('[data-testid="license-chart"] .col')].map((c) => c.getAttribute('title'));
      // @ts-ignore
      if (cols.length) window.__charts.push(cols.join(', '));
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await switchTo(page, 'Production');
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Production');
  await page.waitForFunction(() => /^7 vaults/.test(document.querySelector('[data-testid="license-summary"] p')?.textContent ?? ''));
  // Both late answers (the local ones) have arrived by now: none was ever shown after the switch.
  await page.waitForTimeout(900);
  assert.match(await page.locator(`${tid('license-summary')} p`).innerText(), /^7 vaults/);
  assert.deepEqual((await seen(page)).filter((t) => /^2 vaults/.test(t)), [], 'the local summary never appeared');
  const bars = await page.locator(`${tid('license-chart')} .col`).evaluateAll((cols) => cols.map((c) => c.getAttribute('title')));
  assert.ok(bars.includes('2027-03: 7') && bars.includes('2027-01: 0'), bars.join(', '));
  // @ts-ignore
  const charts = await page.evaluate(() => window.__charts);
  assert.deepEqual(charts.filter((c) => c.includes('2027-01: 2')), [], "the local chart never appeared after the switch");
  assert.deepEqual(errors, []);
  await context.close();
});

test('a settings read of the previous connection that answers late is dropped', async () => {
  const { page, context, errors } = await ui.open();
  await fake(page, () => {
    // @ts-ignore
    const F = window.__FAKE__;
    F.external('customization', (d) => (d.customization.ServerName = 'Local draft server'));
  });
  await gotoSection(page, 'customization');
  await page.click(tid('reload'));
  await page.waitForFunction(() => document.querySelector('[data-testid="field-ServerName"]')?.value === 'Local draft server');
  // A slow reload of the local workspace, then a switch to Production, which answers at once.
  // @ts-ignore
  await fake(page, () => window.__FAKE__.delay('settings_get', 800));
  await page.keyboard.press('F5');
  await page.waitForFunction(() => window.__TEST_CALLS__.filter((c) => c.cmd === 'settings_get').length >= 3);
  // @ts-ignore
  await fake(page, () => window.__FAKE__.delay('settings_get', 0));
  await switchTo(page, 'Production');
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Production');
  await page.waitForSelector(tid('section-customization'));
  await page.waitForTimeout(1000);
  assert.equal(await page.inputValue(tid('field-ServerName')), 'Example Corp HES', "Production's settings stay on screen");
  assert.equal(await header(page), 'Production');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Diagnostics results and a run still going belong to their connection', async () => {
  const { page, context, errors } = await ui.open({ fake: { diagnosticsDelayMs: 250 } });
  await gotoSection(page, 'diagnostics');
  await page.click(tid('diagnostics-run'));
  await page.locator(`${tid('check-splunk-result-steps')} li[data-status]`).first().waitFor();
  await switchTo(page, 'Production');
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Production');
  await page.waitForSelector(tid('section-diagnostics'));
  assert.ok((await calls(page, 'checks_cancel')).length >= 1, 'the previous connection’s run is cancelled');
  // Its late steps and reports never show up here.
  await page.waitForTimeout(1200);
  assert.equal(await page.locator(`${tid('section-diagnostics')} [data-testid^="check-"]`).count(), 0);
  // A finished run of the local workspace is not shown for Production either.
  await switchTo(page, 'local');
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Local workspace');
  await page.click(tid('diagnostics-run'));
  await page.locator(tid('check-licensing-result-outcome')).waitFor();
  await switchTo(page, 'Production');
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Production');
  await page.waitForSelector(tid('section-diagnostics'));
  assert.equal(await page.locator(`${tid('section-diagnostics')} [data-testid^="check-"]`).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Reload (button, F5, Ctrl+R, Cmd+R) shows what another admin saved; saving over it still says so', async () => {
  const { page, context, errors } = await ui.open();
  await gotoSection(page, 'customization');
  const other = (name) =>
    // @ts-ignore
    fake(page, (n) => window.__FAKE__.external('customization', (d) => (d.customization.ServerName = n)), name);
  await other('Renamed by another admin');
  assert.equal(await page.inputValue(tid('field-ServerName')), 'Example Corp HES', 'not read yet');
  await page.click(tid('reload'));
  await page.waitForFunction(() => document.querySelector('[data-testid="field-ServerName"]')?.value === 'Renamed by another admin');
  assert.equal(await page.locator(tid('toast')).last().innerText(), 'Local workspace reloaded.');
  for (const key of ['F5', 'Control+r', 'Meta+r']) {
    await other(`Renamed again (${key})`);
    const before = (await calls(page, 'settings_get')).length;
    await page.keyboard.press(key);
    await page.waitForFunction((k) => document.querySelector('[data-testid="field-ServerName"]')?.value === `Renamed again (${k})`, key);
    assert.equal((await calls(page, 'settings_get')).length, before + 1);
  }
  // The page itself was never reloaded (the calls log would be empty again).
  assert.ok((await calls(page, 'settings_get')).length >= 4);
  // Typed, then changed by someone else: saving says so (nothing saved) ...
  await page.fill(tid('field-ServerName'), 'Mine');
  await other('Theirs');
  await page.click(tid('customization-save'));
  await page.waitForSelector(tid('conflict'));
  assert.match(await page.locator(tid('conflict-values')).innerText(), /Theirs/);
  // ... and Reload, once the typed value is discarded, shows theirs.
  await page.keyboard.press('F5');
  await discardChanges(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="field-ServerName"]')?.value === 'Theirs');
  assert.equal(await page.locator(tid('conflict')).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('unsaved values: another tab, another connection, Reload and closing the window ask first', async () => {
  const { page, context, errors } = await ui.open();
  await gotoSection(page, 'fido');
  // Untouched: the window closes at once.
  // @ts-ignore
  await fake(page, () => window.__FAKE__.closeWindow());
  // @ts-ignore
  await page.waitForFunction(() => window.__FAKE__.windowDestroyed);

  await page.check(tid('field-AllowPlatformAuthenticators'));
  const ask = page.locator(tid('dialog-discard'));
  // Another tab: Keep editing stays, with the value.
  await page.click(tid('nav-licensing'));
  await ask.waitFor();
  await ask.locator(tid('confirm-cancel')).click();
  await ask.waitFor({ state: 'detached' });
  assert.equal(await page.locator(tid('section-fido')).count(), 1);
  assert.equal(await page.isChecked(tid('field-AllowPlatformAuthenticators')), true);
  // Reload (F5) asks too; kept.
  const reads = (await calls(page, 'settings_get')).length;
  await page.keyboard.press('F5');
  await ask.waitFor();
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'settings_get')).length, reads, 'not reloaded');
  // Closing the window: kept open.
  // @ts-ignore
  await fake(page, () => window.__FAKE__.closeWindow());
  await ask.waitFor();
  await ask.locator(tid('confirm-cancel')).click();
  await ask.waitFor({ state: 'detached' });
  // @ts-ignore
  assert.equal(await fake(page, () => window.__FAKE__.windowDestroyed), false);
  // Another connection: kept, nothing opened.
  await switchTo(page, 'Production');
  await ask.waitFor();
  await ask.locator(tid('confirm-cancel')).click();
  await ask.waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'connection_open')).length, 0);
  assert.equal(await header(page), 'Local workspace');
  // Discarded: the tab changes.
  await page.click(tid('nav-licensing'));
  await discardChanges(page);
  await page.waitForSelector(tid('section-licensing'));
  await gotoSection(page, 'fido');
  assert.equal(await page.isChecked(tid('field-AllowPlatformAuthenticators')), false, 'the stored value again');
  // A dialog's typed values count for closing the window.
  await gotoSection(page, 'licensing');
  await page.click(tid('licensing-set'));
  await page.fill(tid('field-ApiKey'), 'typed');
  // @ts-ignore
  await fake(page, () => window.__FAKE__.closeWindow());
  await discardChanges(page);
  // @ts-ignore
  await page.waitForFunction(() => window.__FAKE__.windowDestroyed);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the local workspace says what it is on every screen; Copy settings is one click away', async () => {
  const { page, context, errors } = await ui.open();
  for (const s of [...SECTIONS, { id: 'diagnostics' }]) {
    await gotoSection(page, s.id);
    assert.match(
      await page.locator(tid('local-workspace-banner')).innerText(),
      /Local workspace\. These settings are kept in a file on this computer\. Nothing here reaches a HES server until you copy it there\./,
      s.id,
    );
  }
  await page.click(tid('local-workspace-copy'));
  await page.waitForSelector(`${tid('dialog-stage')}[open]`);
  await page.keyboard.press('Escape');
  await page.locator(tid('dialog-stage')).waitFor({ state: 'detached' });
  // A server connection does not say so.
  await switchTo(page, 'Production');
  await page.waitForFunction(() => document.querySelector('[data-testid="header-connection"]')?.textContent === 'Production');
  assert.equal(await page.locator(tid('local-workspace-banner')).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
