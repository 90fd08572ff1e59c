// Diagnostics: the step list fills in live from the run's progress channel, the failing step's reason
// shows with its Code, the report is copied as plain text, axe passes (light and dark); a
// read-only (helpdesk) user tests Splunk from its section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, gotoSection, screenshot, tid, useBrowser, withoutChannel } from './helpers/harness.mjs';

const ui = useBrowser();

const report = (violations) =>
  violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target).join('\n  ')}`).join('\n');

test('Diagnostics: steps fill in live, the failure shows, the report is copied; axe light + dark', async () => {
  for (const scheme of /** @type {const} */ (['light', 'dark'])) {
    const { page, context, errors } = await ui.open({ colorScheme: scheme });
    await page.evaluate(() => {
      // @ts-ignore: the test's clipboard
      window.__copied = [];
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        // @ts-ignore
        value: { writeText: async (t) => void window.__copied.push(t) },
      });
    });
    await gotoSection(page, 'diagnostics');
    assert.equal((await page.textContent(`${tid('section-diagnostics')} h2`))?.trim(), 'Diagnostics');
    // Keyboard: Enter on the focused button runs every check.
    await page.focus(tid('diagnostics-run'));
    await page.keyboard.press('Enter');

    if (scheme === 'light') {
      // Live: Splunk's first step is on screen while the run (and the licensing check) is still going.
      await page.locator(`${tid('check-splunk-result-steps')} li[data-status]`).first().waitFor();
      assert.equal(await page.locator(tid('check-licensing-result-outcome')).count(), 0, 'licensing not finished yet');
      assert.equal(await page.getAttribute(`${tid('check-splunk-result-steps')}`, 'aria-live'), 'polite');
    }

    await page.locator(tid('check-licensing-result-outcome')).waitFor();
    await page.locator(`${tid('diagnostics-run')}:has-text("Run all checks")`).waitFor();
    assert.equal((await page.textContent(tid('check-splunk-result-outcome')))?.trim(), 'OK');
    assert.equal((await page.textContent(tid('check-licensing-result-outcome')))?.trim(), 'Failed');
    assert.equal((await page.textContent(tid('check-licensing-result-code')))?.trim(), 'LicensingKeyRejected');
    const failing = page.locator(`${tid('check-licensing-result-steps')} li[data-status="fail"]`);
    assert.match(await failing.innerText(), /The licensing server refused the API key \(HTTP 401\)\./);
    assert.equal(await page.locator(`${tid('check-licensing-result-steps')} li[data-status="skipped"]`).count(), 1);

    const violations = await axeSerious(page);
    assert.equal(violations.length, 0, `diagnostics (${scheme}):\n${report(violations)}`);
    await screenshot(page, `diagnostics-${scheme}`);

    if (scheme === 'light') {
      await page.click(tid('diagnostics-copy'));
      await page.locator(tid('toast')).first().waitFor();
      // @ts-ignore
      const copied = await page.evaluate(() => window.__copied);
      assert.equal(copied.length, 1);
      assert.match(copied[0], /Licensing server .*: Failed \(LicensingKeyRejected\)/);
      assert.match(copied[0], /\[Failed\] API key \(112 ms\): The licensing server refused the API key \(HTTP 401\)\./);
      assert.match(copied[0], /\[OK\] Test event/);
      assert.doesNotMatch(copied[0], /lic-4f1c-9a7e-secret-key|8d0f3c9e-hec-token|azure-client-secret/);
    }
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
  }
});

test('a read-only user tests Splunk from its section; an empty workspace shows the empty state', async () => {
  const { page, context, errors } = await ui.open({ fake: { readOnly: true } });
  await gotoSection(page, 'splunk');
  assert.equal(await page.locator(tid('splunk-set')).count(), 0, 'read-only: no Set');
  await page.click(tid('splunk-test'));
  await page.locator(tid('splunk-test-result-outcome')).waitFor();
  assert.equal((await page.textContent(tid('splunk-test-result-outcome')))?.trim(), 'OK');
  assert.equal(await page.locator(`${tid('splunk-test-result-steps')} li[data-status="ok"]`).count(), 5);
  assert.deepEqual(
    (await calls(page, 'diagnostics_run')).map((c) => withoutChannel(c.args, 'onStep')),
    [{ check: 'splunk', name: null, timeoutMs: null }],
  );
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();

  const empty = await ui.open({ fake: { initial: 'empty', profiles: 'none' } });
  await gotoSection(empty.page, 'diagnostics');
  assert.equal((await empty.page.textContent(tid('diagnostics-empty')))?.trim(), 'No outside connection is configured yet.');
  assert.equal(await empty.page.locator(tid('diagnostics-run')).count(), 0);
  await empty.context.close();
});
