// Every tab renders with its heading; axe-core finds no serious or critical violation on any tab
// or open dialog, in light and dark; screenshots of every tab go to target/test-artifacts/ui/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, gotoSection, screenshot, SECTIONS, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

function report(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target).join('\n  ')}`).join('\n');
}

/** Dialogs to scan: how to open each, and its test id. */
const DIALOGS = [
  { section: 'licensing', open: ['licensing-set'], id: 'dialog-licensing' },
  { section: 'licensing', open: ['licensing-delete'], id: 'dialog-confirm' },
  { section: 'domains', open: ['domains-add', 'domains-add-ad'], id: 'dialog-domain-ad' },
  { section: 'domains', open: ['domains-add', 'domains-add-azure'], id: 'dialog-domain-azure' },
  { section: 'domains', open: ['domain-delete-primary'], id: 'dialog-confirm' },
  { section: 'splunk', open: ['splunk-set'], id: 'dialog-splunk' },
  { section: 'oidc', open: ['oidc-edit-c-intranet'], id: 'dialog-oidc' },
  { section: 'saml', open: ['saml-add'], id: 'dialog-saml' },
  { section: 'customization', open: ['email-set'], id: 'dialog-email' },
];

for (const scheme of /** @type {const} */ (['light', 'dark'])) {
  test(`every tab renders with its heading and passes axe (${scheme})`, async () => {
    const { page, context, errors } = await ui.open({ colorScheme: scheme });
    assert.equal(await page.textContent('header h1'), 'HES Console');
    for (const s of SECTIONS) {
      await gotoSection(page, s.id);
      const heading = await page.textContent(`${tid(`section-${s.id}`)} h2`);
      assert.equal(heading?.trim(), s.heading, `heading of ${s.id}`);
      assert.equal(await page.getAttribute(tid(`nav-${s.id}`), 'aria-current'), 'page');
      const violations = await axeSerious(page);
      assert.equal(violations.length, 0, `${s.id} (${scheme}):\n${report(violations)}`);
      await screenshot(page, `${s.id}-${scheme}`);
    }
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
  });

  test(`open dialogs pass axe (${scheme})`, async () => {
    const { page, context, errors } = await ui.open({ colorScheme: scheme });
    for (const d of DIALOGS) {
      await gotoSection(page, d.section);
      for (const step of d.open) await page.click(tid(step));
      await page.waitForSelector(`${tid(d.id)}[open]`);
      const violations = await axeSerious(page);
      assert.equal(violations.length, 0, `${d.id} (${scheme}):\n${report(violations)}`);
      if (d.id !== 'dialog-confirm') await screenshot(page, `${d.id}-${scheme}`);
      await page.keyboard.press('Escape');
      await page.waitForSelector(tid(d.id), { state: 'detached' });
    }
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
  });

  test(`not-configured tabs pass axe (${scheme})`, async () => {
    const { page, context } = await ui.open({ colorScheme: scheme, fake: { initial: 'empty' } });
    for (const s of SECTIONS) {
      await gotoSection(page, s.id);
      const violations = await axeSerious(page);
      assert.equal(violations.length, 0, `${s.id} empty (${scheme}):\n${report(violations)}`);
    }
    await page.click(tid('nav-licensing'));
    assert.match((await page.textContent(tid('licensing-not-configured'))) ?? '', /Not configured/);
    await screenshot(page, `licensing-empty-${scheme}`);
    await context.close();
  });
}
