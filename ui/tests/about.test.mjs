// About (header): version, commit and the HES releases supported, from about_info.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, calls, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

test('About shows the version, the commit and the HES releases, and closes with Esc', async () => {
  const { page, context } = await ui.open();
  assert.equal((await calls(page, 'about_info')).length, 0, 'nothing asked before it is opened');
  await page.click(tid('about-open'));
  const dialog = page.locator(tid('dialog-about'));
  await dialog.waitFor();
  assert.equal(await page.locator(tid('about-version')).innerText(), '0.1.0');
  assert.equal(await page.locator(tid('about-commit')).innerText(), '0123456789ab');
  assert.equal(await page.locator(tid('about-hes-releases')).innerText(), '3.8.3, 3.8.4');
  assert.deepEqual(await axeSerious(page), [], 'no serious accessibility problem with About open');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'about-open');
  await page.click(tid('about-open'));
  await page.click(tid('about-close'));
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'about_info')).length, 1, 'asked once');
  await context.close();
});
