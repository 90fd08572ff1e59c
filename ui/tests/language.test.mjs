// English and Ukrainian: the UI follows the browser's language, every tab and the main dialogs
// pass axe in Ukrainian with no clipped button or label; the header's switch changes the language
// at run time without a reload and without losing what was typed, and remembers the choice;
// HES's validation messages appear in HES's own Ukrainian wording. Screenshots: uk-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, gotoSection, screenshot, SECTIONS, tid, useBrowser } from './helpers/harness.mjs';

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
