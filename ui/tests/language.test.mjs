// English and Ukrainian: the UI follows the browser's language, every tab and the main dialogs
// pass axe in Ukrainian with no clipped button or label; the header's switch changes the language
// at run time without a reload and without losing what was typed, and remembers the choice;
// HES's validation messages appear in HES's own Ukrainian wording. Screenshots: uk-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, gotoSection, screenshot, SECTIONS, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

const UK_HEADINGS = {
  licensing: 'Ліцензування',
  domains: 'Домени',
  splunk: 'Splunk',
  fido: 'Ключі безпеки',
  oidc: 'OIDC',
  saml: 'SAML',
  customization: 'Персоналізація',
};

function report(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target).join('\n  ')}`).join('\n');
}

/** Buttons, labels, badges, nav entries and headings whose text does not fit their box. */
function clipped(page) {
  return page.evaluate(() => {
    const out = [];
    const sel = 'button, label, .badge, [data-testid^="nav-"], h1, h2, h3, th, dt, summary, select';
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('.visually-hidden')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) {
        if (style.overflow === 'visible' && style.textOverflow !== 'ellipsis' && el.scrollHeight <= el.clientHeight + 2) continue;
        out.push(`${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? ''}] "${el.textContent?.trim().slice(0, 40)}" ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
      }
    }
    return out;
  });
}

test('a Ukrainian browser gets the Ukrainian UI: every tab passes axe, nothing clipped', async () => {
  const { page, context, errors } = await ui.open({ locale: 'uk-UA' });
  assert.equal(await page.getAttribute('html', 'lang'), 'uk');
  assert.equal(await page.inputValue(tid('language')), 'uk');
  for (const s of SECTIONS) {
    await gotoSection(page, s.id);
    const heading = await page.textContent(`${tid(`section-${s.id}`)} h2`);
    assert.equal(heading?.trim(), UK_HEADINGS[s.id], `heading of ${s.id}`);
    const violations = await axeSerious(page);
    assert.equal(violations.length, 0, `${s.id} (uk):\n${report(violations)}`);
    assert.deepEqual(await clipped(page), [], `clipped on ${s.id}`);
    await screenshot(page, `uk-${s.id}`);
  }
  await page.click(tid('nav-diagnostics'));
  await page.waitForSelector(tid('section-diagnostics'));
  assert.deepEqual(await axeSerious(page), []);
  await screenshot(page, 'uk-diagnostics');
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();
});

test('Ukrainian dialogs pass axe; a required field says so in HES’s Ukrainian words', async () => {
  const { page, context, errors } = await ui.open({ locale: 'uk-UA' });
  for (const [section, open, id] of [
    ['licensing', ['licensing-set'], 'dialog-licensing'],
    ['domains', ['domains-add', 'domains-add-ad'], 'dialog-domain-ad'],
    ['splunk', ['splunk-set'], 'dialog-splunk'],
  ]) {
    await gotoSection(page, section);
    for (const step of open) await page.click(tid(step));
    await page.waitForSelector(`${tid(id)}[open]`);
    const violations = await axeSerious(page);
    assert.equal(violations.length, 0, `${id} (uk):\n${report(violations)}`);
    assert.deepEqual(await clipped(page), [], `clipped in ${id}`);
    await screenshot(page, `uk-${id}`);
    if (id === 'dialog-domain-ad') {
      await page.click(tid('dialog-save'));
      await page.locator(tid('error-Host')).waitFor();
      assert.equal((await page.textContent(tid('error-Host')))?.trim(), 'Поле Доменне ім\'я обов’язкове.');
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid(id), { state: 'detached' });
  }
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();
});

test('switching the language at run time keeps the page and what was typed, and is remembered', async () => {
  const { page, context, errors } = await ui.open({ locale: 'en-GB', viewport: { width: 1101, height: 720 } });
  assert.equal(await page.inputValue(tid('language')), 'en');
  await gotoSection(page, 'customization');
  await page.fill(tid('field-ServerName'), 'Typed, not saved');
  await page.evaluate(() => {
    // @ts-ignore: a marker a reload would wipe
    window.__sameDocument = true;
  });
  await page.selectOption(tid('language'), 'uk');
  await page.waitForFunction(() => document.querySelector('[data-testid="section-customization"] h2')?.textContent?.trim() === 'Персоналізація');
  assert.equal(await page.inputValue(tid('field-ServerName')), 'Typed, not saved');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).__sameDocument), true, 'no reload');
  assert.equal((await page.textContent(tid('customization-save')))?.trim(), 'Зберегти');
  assert.equal((await page.textContent(tid('nav-licensing')))?.trim(), 'Ліцензування');
  assert.equal(await page.getAttribute('html', 'lang'), 'uk');
  assert.equal(await page.evaluate(() => localStorage.getItem('hes-console.lang')), 'uk');
  assert.deepEqual(await axeSerious(page), []);

  // The remembered choice wins over the browser's language on the next start.
  const again = await ui.open({ locale: 'en-GB', viewport: { width: 1101, height: 720 } });
  assert.equal(await again.page.inputValue(tid('language')), 'uk');
  await again.page.selectOption(tid('language'), 'en');
  assert.equal((await again.page.textContent(tid('nav-licensing')))?.trim(), 'Licensing');
  await again.context.close();
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();
});

// The views added with the History, SSH tunnels and About: axe in both languages; in Ukrainian
// (the longer words) nothing clipped, and their texts in Ukrainian.
for (const [locale, lang] of /** @type {const} */ ([['en-GB', 'en'], ['uk-UA', 'uk']])) {
  test(`History, the SSH connection form and About pass axe (${lang})${lang === 'uk' ? ', nothing clipped' : ''}`, async () => {
    const { page, context, errors } = await ui.open({ locale });
    const check = async (/** @type {string} */ what) => {
      const violations = await axeSerious(page);
      assert.equal(violations.length, 0, `${what} (${lang}):\n${report(violations)}`);
      if (lang === 'uk') assert.deepEqual(await clipped(page), [], `clipped in ${what}`);
      await screenshot(page, `${lang}-${what}`);
    };

    // About.
    await page.click(tid('about-open'));
    await page.locator(tid('about-version')).waitFor();
    if (lang === 'uk') assert.equal((await page.textContent(`${tid('dialog-about')} h2`))?.trim(), 'Про HES Console');
    await check('about');
    await page.keyboard.press('Escape');
    await page.locator(tid('dialog-about')).waitFor({ state: 'detached' });

    // History: an entry's diff and its revert preview.
    await page.click(tid('nav-history'));
    await page.waitForSelector(tid('history-entry-1'));
    await page.click(`${tid('history-entry-1')} summary`);
    await page.click(tid('history-revert-1'));
    await page.waitForSelector(tid('history-revert-preview'));
    if (lang === 'uk') {
      assert.equal((await page.textContent('#history-title'))?.trim(), 'Історія');
      assert.equal((await page.textContent(tid('history-revert-confirm')))?.trim(), 'Скасувати зміну');
      assert.match(await page.locator(tid('history-entry-1')).innerText(), /Ліцензування/);
    }
    await check('history');

    // Copy settings (from the local workspace banner): the preview's sections and field table.
    await page.evaluate(() => {
      // @ts-ignore: Production's Data Protection password remembered, as the staging tests do
      const F = window.__FAKE__;
      F.keychain.Production.dp = 'dp-Passw0rd';
      F.external('licensing', (/** @type {any} */ d) => (d.licensing.ApiAddress = 'https://hls.example.net'));
    });
    await page.click(tid('local-workspace-copy'));
    await page.waitForSelector(`${tid('dialog-stage')}[open]`);
    await page.click(tid('stage-preview'));
    await page.waitForSelector(tid('stage-result'));
    if (lang === 'uk') assert.match(await page.locator(tid('stage-result')).innerText(), /Після копіювання/);
    await check('stage-preview');
    await page.click(`${tid('dialog-stage')} [data-testid="dialog-cancel"]`);
    await page.locator(tid('dialog-stage')).waitFor({ state: 'detached' });

    // A connection through SSH: the form, a field error, the unknown host key to trust.
    await page.click(tid('connection-switcher'));
    await page.click(tid('connection-manage'));
    await page.waitForSelector(`${tid('dialog-connections')}[open]`);
    await page.click(tid('connection-edit-Helpdesk'));
    await page.waitForSelector(`${tid('dialog-connection')}[open]`);
    await page.check(tid('connection-ssh-toggle'));
    await page.fill(tid('field-Ssh.Host'), 'hes.example.com');
    await page.fill(tid('field-Ssh.User'), 'admin');
    await page.fill(tid('field-Ssh.Port'), '');
    await page.click(tid('connection-form-test'));
    await page.locator(tid('error-Ssh.Port')).waitFor();
    assert.equal(
      (await page.textContent(tid('error-Ssh.Port')))?.trim(),
      lang === 'uk' ? 'SSH-порт має бути TCP-портом від 1 до 65535.' : 'The SSH port must be a TCP port between 1 and 65535.',
    );
    await page.fill(tid('field-Ssh.Port'), '22');
    await page.fill(tid('field-Password'), 'typed');
    await page.click(tid('connection-form-test'));
    await page.locator(tid('connection-test-result-host-key')).waitFor();
    if (lang === 'uk') {
      assert.equal((await page.textContent(tid('connection-test-result-host-key-trust')))?.trim(), 'Довіряти цьому ключу хоста');
      assert.match(await page.locator(tid('connection-test-result-summary')).innerText(), /невідомий на цьому комп’ютері/);
    }
    await check('connection-ssh');
    await page.click(tid('connection-test-result-host-key-trust'));
    await page.locator(tid('connection-test-result-host-key')).waitFor({ state: 'detached' });
    assert.deepEqual((await calls(page, 'connection_trust_host_key')).at(-1)?.args, {
      host: 'hes.example.com',
      port: 22,
      key: 'ssh-ed25519 SHA256:q0Vb3bWcI7p4xK1YfJrG6Qm2n8dZ5sT9uE4wA1hLcVo',
    });
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
  });
}

test('a toast on screen follows a language switch', async () => {
  const { page, context, errors } = await ui.open({ locale: 'en-GB' });
  await gotoSection(page, 'customization');
  await page.fill(tid('field-ServerName'), 'Renamed HES');
  await page.click(tid('customization-save'));
  const toast = page.locator(tid('toast')).last();
  await toast.waitFor();
  assert.equal((await toast.innerText()).trim(), 'The customization settings have been updated.');
  await page.selectOption(tid('language'), 'uk');
  // The switch is applied once the Ukrainian catalog (a chunk of its own) has loaded.
  await page.waitForFunction(() => document.documentElement.lang === 'uk');
  assert.equal((await toast.innerText()).trim(), 'Налаштування персоналізації оновлено.');
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();
});
