// The shell: header facts, ui_ready once, read-only mode, the load-error screen, section problems,
// keyboard navigation, and the small window size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, gotoSection, screenshot, SECTIONS, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

test('header shows the connection, HES version and Data Protection; ui_ready is called once', async () => {
  const { page, context } = await ui.open({ fake: { dataProtection: 'unlocked' } });
  assert.equal(await page.locator(tid('header-connection')).innerText(), 'Local workspace');
  assert.match(await page.locator(tid('header-location')).innerText(), /workspace\.sqlite$/);
  assert.equal(await page.locator(tid('header-version')).innerText(), 'HES 3.8.4');
  assert.equal(await page.locator(tid('header-data-protection')).innerText(), 'Data Protection: unlocked');
  assert.equal(await page.locator(tid('header-readonly')).count(), 0);
  const all = await calls(page);
  const ready = all.findIndex((c) => c.cmd === 'ui_ready');
  assert.equal(all.filter((c) => c.cmd === 'ui_ready').length, 1);
  assert.ok(ready > all.findIndex((c) => c.cmd === 'settings_get'), 'ui_ready comes after the first SettingsView');
  // The first screen's reads went out once (public/first-view.js, before the bundle ran) and
  // the first load took their answer instead of reading again.
  const before = all.slice(0, ready).map((c) => c.cmd);
  assert.deepEqual(before.slice(0, 2), ['workspace_info', 'settings_get'], before.join());
  assert.equal(before.filter((c) => c === 'settings_get').length, 1, before.join());
  assert.equal(before.filter((c) => c === 'workspace_info').length, 1, before.join());
  // It carries the page's start-up steps, in order, for the backend's timeline.
  const timeline = all[ready].args.timeline;
  assert.ok(timeline.TimeOrigin > 1.6e12, `timeOrigin ${timeline.TimeOrigin}`);
  const names = timeline.Steps.map((s) => s.Name);
  for (const n of ['modules_evaluated', 'mounted', 'on_mount', 'data', 'rendered', 'shown']) assert.ok(names.includes(n), `${n} in ${names}`);
  assert.ok(names.indexOf('mounted') < names.indexOf('data') && names.indexOf('data') < names.indexOf('shown'), names.join());
  const evaluated = timeline.Steps.find((s) => s.Name === 'modules_evaluated').At;
  assert.ok(all[1].at < evaluated, `settings_get at ${all[1].at} ms, the bundle evaluated at ${evaluated} ms`);
  const at = timeline.Steps.map((s) => s.At);
  assert.deepEqual(at, [...at].sort((a, b) => a - b));
  // The platform mark app.css picks fonts by (Chromium on Linux here): generic families only.
  assert.equal(await page.evaluate(() => document.documentElement.dataset.os), 'linux');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontFamily), 'sans-serif');
  await gotoSection(page, 'splunk');
  await gotoSection(page, 'licensing');
  assert.equal((await calls(page, 'ui_ready')).length, 1, 'still once');
  await context.close();
});

test('the first screen uses at most 10 font size-and-weight pairs, and fetches the close guard module after ui_ready', async () => {
  const { page, context } = await ui.open();
  // WebKitGTK pays a fontconfig match for each pair before the first paint (app.css: the type scale).
  const pairs = await page.evaluate(() => {
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent?.trim() || !el || el.closest('select') || !el.getClientRects().length) continue;
      const cs = getComputedStyle(el);
      seen.add(`${cs.fontFamily.split(',')[0]} ${cs.fontSize} ${cs.fontWeight}`);
    }
    for (const el of document.querySelectorAll('input, button, select, textarea')) {
      const cs = getComputedStyle(el);
      if (el.getClientRects().length) seen.add(`${cs.fontFamily.split(',')[0]} ${cs.fontSize} ${cs.fontWeight}`);
    }
    return [...seen].sort();
  });
  assert.ok(pairs.length <= 10, `${pairs.length} pairs: ${pairs.join(' | ')}`);
  // The window module (the close guard's) is fetched after ui_ready: it is not on the start's path.
  const windowChunk = () =>
    performance.getEntriesByType('resource').find((e) => /\/assets\/window-[^/]*\.js$/.test(e.name))?.startTime ?? null;
  await page.waitForFunction(windowChunk);
  const fetched = await page.evaluate(windowChunk);
  const ready = (await calls(page, 'ui_ready'))[0]?.at;
  assert.ok(ready !== undefined && fetched > ready, `window module fetched at ${fetched} ms, ui_ready at ${ready} ms`);
  await context.close();
});

test('read-only mode: a banner with the reason and no edit controls anywhere', async () => {
  const reason = 'The database user hes_helpdesk has no write permission.';
  const { page, context } = await ui.open({ fake: { readOnly: true, readOnlyReason: reason } });
  assert.match(await page.locator(tid('readonly-banner')).innerText(), new RegExp(reason.replace(/\./g, '\\.')));
  assert.equal(await page.locator(tid('header-readonly')).innerText(), 'read-only');
  for (const s of SECTIONS) {
    await gotoSection(page, s.id);
    // Only the connection tests (Diagnostics) stay: a helpdesk user may run them.
    const buttons = await page.locator('main button:not([data-testid$="-test"])').allInnerTexts();
    assert.deepEqual(buttons, [], `${s.id} has no buttons in read-only mode`);
    const enabledInputs = await page.locator('main input:enabled:not([readonly]), main select:enabled, main textarea:enabled:not([readonly])').count();
    assert.equal(enabledInputs, 0, `${s.id} has no editable inputs`);
    // The stored values are still visible.
    if (s.id === 'licensing') assert.equal(await page.locator(tid('licensing-apikey-state')).innerText(), 'stored');
  }
  await screenshot(page, 'readonly-light');
  assert.equal((await calls(page, 'secret_show')).length, 0);
  await context.close();
});

test('a failed settings_get shows the error and its hint, and Retry loads the settings', async () => {
  const { page, context } = await ui.open({ fake: { failSettingsGet: 1 }, waitReady: false });
  const screen = page.locator(tid('load-error'));
  await screen.waitFor();
  assert.match(await screen.innerText(), /did not answer[\s\S]*Check that MySQL is running/);
  await page.waitForFunction(() => document.body.dataset.ready === 'error');
  assert.equal((await calls(page, 'ui_ready')).length, 1, 'the window is shown even for the error screen');
  await screenshot(page, 'load-error-light');
  await page.click(tid('load-retry'));
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator(tid('section-licensing')).waitFor();
  assert.equal((await calls(page, 'ui_ready')).length, 1);
  await context.close();
});

test('a loading skeleton shows while settings_get is pending', async () => {
  const context = await ui.browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    // @ts-ignore
    window.__FAKE_CONFIG__ = {};
    // Hold settings_get until the test releases it.
    // @ts-ignore
    window.__HOLD__ = new Promise((r) => (window.__RELEASE__ = r));
  });
  await page.route('**/__test__/fake-backend.js', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(
      "settings_get: () => {",
      'settings_get: async () => { await window.__HOLD__;',
    );
    await route.fulfill({ response: res, body });
  });
  await page.goto(ui.url);
  await page.locator(tid('loading')).waitFor();
  await page.evaluate(() => window.__RELEASE__());
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator(tid('loading')).count(), 0);
  await context.close();
});

test('section problems show as amber notices at the top of their section', async () => {
  const problems = [
    { Key: 'splunk', Message: 'The stored Splunk settings could not be read: expected a JSON object.' },
    { Key: 'domains', Message: 'One domain entry has no Id and is ignored.' },
  ];
  const { page, context } = await ui.open({ fake: { problems } });
  assert.equal(await page.locator('[data-testid^="problem-"]').count(), 0, 'none on Licensing');
  await gotoSection(page, 'splunk');
  assert.match(await page.locator(tid('problem-splunk')).innerText(), /could not be read/);
  await gotoSection(page, 'domains');
  assert.match(await page.locator(tid('problem-domains')).innerText(), /no Id/);
  await context.close();
});

test('keyboard: arrow keys move through the sections; the window works at 900×600', async () => {
  const { page, context } = await ui.open({ viewport: { width: 900, height: 600 } });
  await page.focus(tid('nav-licensing'));
  await page.keyboard.press('ArrowDown');
  await page.locator(tid('section-domains')).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'nav-domains');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  // Up from the first entry wraps to the last one: History, below the Parameters and Diagnostics.
  await page.locator(tid('history')).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'nav-history');
  // Nothing overflows the window horizontally at the small size.
  for (const s of SECTIONS) {
    await gotoSection(page, s.id);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, `${s.id} fits 900 px`);
  }
  await gotoSection(page, 'domains');
  await screenshot(page, 'domains-900x600-light');
  await context.close();
});

test('domain logon secrets are never shown: no Show control, and the backend refuses secret_show', async () => {
  const { page, context } = await ui.open({ fake: { dataProtection: 'unlocked' } });
  await gotoSection(page, 'domains');
  assert.equal(await page.locator('main [data-testid*="-show"]').count(), 0, 'no Show button in Domains');
  for (const Id of ['primary', 'd-azure-1']) {
    const e = await page.evaluate(
      (target) => window.__TAURI_INTERNALS__.invoke('secret_show', { target }).then(() => null, (err) => err),
      { Section: 'domain', Id },
    );
    assert.equal(e?.code, 'BadRequest', `secret_show for domain ${Id} is refused`);
    assert.doesNotMatch(JSON.stringify(e), /Passw0rd/);
  }
  await context.close();
});

test('the start-up benchmark floor is the first screen as a static page: its DOM and stylesheet, no script of the app', async () => {
  const { execFile } = await import('node:child_process');
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { UI_ROOT } = await import('./helpers/harness.mjs');
  const out = await new Promise((ok, fail) =>
    execFile(process.execPath, [join(UI_ROOT, 'tests', 'helpers', 'first-screen-snapshot.mjs')], (e, so, se) =>
      e ? fail(new Error(`${e.message}\n${se}`)) : ok(so),
    ),
  );
  assert.match(String(out), /first screen snapshot: \d+ bytes/);
  const page = await readFile(join(UI_ROOT, 'dist', 'bench-first-screen.html'), 'utf8');
  const index = await readFile(join(UI_ROOT, 'dist', 'index.html'), 'utf8');
  const css = index.match(/<link rel="stylesheet"[^>]*href="([^"]+)"/)?.[1];
  assert.ok(css && page.includes(`<link rel="stylesheet" href="${css}">`), 'the build stylesheet');
  for (const id of ['header', 'section-licensing', 'local-workspace-banner', 'nav-domains']) {
    assert.ok(page.includes(`data-testid="${id}"`), id);
  }
  // One inline script: the title the empty window example waits for; nothing of the app's bundle.
  assert.equal(page.match(/<script/g)?.length, 1);
  assert.ok(page.includes("document.title = 'first-screen-shown'"));
  assert.ok(!page.includes('/assets/index-') && !page.includes('first-view.js'));
});
