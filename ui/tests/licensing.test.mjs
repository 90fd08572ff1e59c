// Licensing end to end against the fake backend: field errors at their field, Show/Hide of the
// stored key, delete asks first, untouched secrets are sent as absent, concurrent changes,
// and the dialog's keyboard contract (focus in/out, trap, Esc, Enter, Save disabled until changed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, discardChanges, screenshot, tid, useBrowser } from './helpers/harness.mjs';

const ui = useBrowser();

const SECRET = 'lic-4f1c-9a7e-secret-key';
const activeTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const fakeDb = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__FAKE__.db)));

test('a field error shows under its field and nothing is written', async () => {
  const { page, context } = await ui.open({ fake: { initial: 'empty' } });
  assert.match(await page.locator(tid('licensing-not-configured')).innerText(), /Not configured/);
  assert.equal(await page.locator(tid('licensing-apikey-state')).innerText(), 'not set');

  await page.click(tid('licensing-set'));
  const dialog = page.locator(tid('dialog-licensing'));
  await dialog.waitFor();
  assert.equal(await activeTestId(page), 'field-ApiKey', 'focus moves into the dialog');
  assert.equal(await page.inputValue(tid('field-ApiAddress')), 'https://hls.hideez.com');

  await page.click(tid('dialog-save'));
  const error = page.locator(tid('error-ApiKey'));
  await error.waitFor();
  assert.equal(await error.innerText(), 'The API Key field is required.');
  const input = page.locator(tid('field-ApiKey'));
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const errorId = await error.getAttribute('id');
  assert.ok((await input.getAttribute('aria-describedby'))?.split(' ').includes(errorId ?? '?'), 'aria-describedby');
  assert.ok(await dialog.isVisible(), 'the dialog stays open');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'field-ApiKey');
  assert.equal((await fakeDb(page)).licensing, null, 'nothing written');
  await screenshot(page, 'dialog-licensing-error-light');
  const [sent] = await calls(page, 'licensing_set');
  assert.ok(!('ApiKey' in sent.args.input), 'an empty secret field is sent as absent');

  // Typing clears the message; a valid save closes the dialog and shows the new state.
  await input.fill('new-api-key');
  assert.equal(await error.count(), 0);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator(tid('toast')).first().innerText(), 'The license settings have been updated.');
  assert.equal(await page.locator(tid('licensing-apikey-state')).innerText(), 'stored');
  assert.equal(await activeTestId(page), 'licensing-set', 'focus returns to the opener');
  assert.equal((await fakeDb(page)).licensing.ApiKey, 'new-api-key');
  await context.close();
});

test('Show reveals the key, Hide removes it from the page, blur and navigation hide it', async () => {
  const { page, context } = await ui.open();
  assert.equal(await page.locator(tid('licensing-apikey-state')).innerText(), 'stored');
  assert.ok(!(await page.content()).includes(SECRET), 'not in the page before Show');

  await page.click(tid('licensing-show'));
  const value = page.locator(tid('licensing-apikey-value'));
  await value.waitFor();
  assert.equal(await value.innerText(), SECRET);
  assert.equal(await page.locator(tid('licensing-show')).innerText(), 'Hide');
  assert.match((await value.evaluate((el) => getComputedStyle(el).fontFamily)).toLowerCase(), /mono/);

  await page.click(tid('licensing-show'));
  await value.waitFor({ state: 'detached' });
  assert.equal(await page.locator(tid('licensing-show')).innerText(), 'Show');
  assert.ok(!(await page.content()).includes(SECRET), 'gone from the DOM after Hide');

  // The window losing focus hides it.
  await page.click(tid('licensing-show'));
  await value.waitFor();
  await page.evaluate(() => window.dispatchEvent(new Event('blur')));
  await value.waitFor({ state: 'detached' });

  // Leaving the section hides it.
  await page.click(tid('licensing-show'));
  await value.waitFor();
  await page.click(tid('nav-domains'));
  await page.click(tid('nav-licensing'));
  assert.equal(await value.count(), 0);
  assert.ok(!(await page.content()).includes(SECRET));

  // A save (a new SettingsView) hides it too: what was shown may be stale.
  await page.click(tid('licensing-show'));
  await value.waitFor();
  await page.click(tid('licensing-set'));
  await page.fill(tid('field-ApiKey'), 'replaced-key');
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });
  assert.equal(await value.count(), 0);

  const shows = await calls(page, 'secret_show');
  assert.equal(shows.length, 4);
  assert.deepEqual(shows[0].args, { target: { Section: 'licensing' } });
  await context.close();
});

test('the shown key hides itself after 10 seconds', async () => {
  const { page, context } = await ui.open();
  await page.evaluate(() => {
    // Speed time up: the 10 s timer fires after 300 ms (long enough to see the value on a busy machine).
    const orig = window.setTimeout;
    // @ts-ignore
    window.setTimeout = (fn, ms, ...rest) => orig(fn, ms === 10_000 ? 300 : ms, ...rest);
  });
  await page.click(tid('licensing-show'));
  await page.locator(tid('licensing-apikey-value')).waitFor();
  await page.locator(tid('licensing-apikey-value')).waitFor({ state: 'detached', timeout: 2000 });
  await context.close();
});

test('delete asks first: Cancel deletes nothing, Delete deletes', async () => {
  const { page, context } = await ui.open();
  await page.click(tid('licensing-delete'));
  const confirm = page.locator(tid('dialog-confirm'));
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /Please confirm deleting license settings\./);
  assert.equal(await page.locator(tid('confirm-ok')).innerText(), 'Delete');
  assert.equal(await activeTestId(page), 'confirm-cancel', 'the safe choice has the focus');

  await page.click(tid('confirm-cancel'));
  await confirm.waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'licensing_delete')).length, 0, 'Cancel sends nothing');
  assert.equal(await activeTestId(page), 'licensing-delete');

  await page.click(tid('licensing-delete'));
  await page.click(tid('confirm-ok'));
  await confirm.waitFor({ state: 'detached' });
  const deletes = await calls(page, 'licensing_delete');
  assert.equal(deletes.length, 1);
  assert.ok(deletes[0].args.revisions.licensing, 'sends the revision it loaded');
  assert.equal(await page.locator(tid('toast')).first().innerText(), 'The license settings have been deleted.');
  await page.locator(tid('licensing-not-configured')).waitFor();
  assert.equal(await page.locator(tid('licensing-delete')).count(), 0);
  await context.close();
});

test('an untouched secret is sent as absent; the stored key is kept', async () => {
  const { page, context } = await ui.open();
  await page.click(tid('licensing-set'));
  assert.equal(await page.inputValue(tid('field-ApiKey')), '', 'never prefilled');
  assert.match((await page.getAttribute(tid('field-ApiKey'), 'placeholder')) ?? '', /stored/);
  assert.equal(await page.getAttribute(tid('field-ApiKey'), 'type'), 'password');
  assert.ok(await page.isDisabled(tid('dialog-save')), 'Save is disabled until something changed');

  await page.fill(tid('field-ApiAddress'), 'https://hls.example.org');
  assert.ok(await page.isEnabled(tid('dialog-save')));
  await page.click(tid('dialog-save'));
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });

  const [sent] = await calls(page, 'licensing_set');
  assert.deepEqual(Object.keys(sent.args).sort(), ['input', 'revisions']);
  assert.deepEqual(sent.args.input, { ApiAddress: 'https://hls.example.org' });
  const db = await fakeDb(page);
  assert.equal(db.licensing.ApiKey, SECRET, 'stored key kept');
  assert.equal(await page.locator(tid('licensing-apiaddress')).innerText(), 'https://hls.example.org');

  // The show-while-typing toggle of the dialog's own field.
  await page.click(tid('licensing-set'));
  await page.fill(tid('field-ApiKey'), 'typed');
  await page.click(tid('field-ApiKey-toggle'));
  assert.equal(await page.getAttribute(tid('field-ApiKey'), 'type'), 'text');
  await page.click(tid('field-ApiKey-toggle'));
  assert.equal(await page.getAttribute(tid('field-ApiKey'), 'type'), 'password');
  // Esc with a typed value asks first: Keep editing (the focused, safe choice) keeps it.
  await page.keyboard.press('Escape');
  const ask = page.locator(tid('dialog-discard'));
  await ask.waitFor();
  assert.match(await ask.innerText(), /Discard unsaved changes\?[\s\S]*not been saved/);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Keep editing');
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  assert.equal(await page.inputValue(tid('field-ApiKey')), 'typed');
  // Cancel asks too; Discard changes closes without saving.
  await page.click(`${tid('dialog-licensing')} ${tid('dialog-cancel')}`);
  await discardChanges(page);
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'licensing_set')).length, 1, 'Esc cancels without saving');
  // Untouched: Esc closes at once.
  await page.click(tid('licensing-set'));
  await page.locator(tid('dialog-licensing')).waitFor();
  await page.keyboard.press('Escape');
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });
  assert.equal(await ask.count(), 0);
  await context.close();
});

test('a concurrent change keeps the dialog open, shows their values, and Apply mine anyway retries', async () => {
  const { page, context } = await ui.open();
  await page.click(tid('licensing-set'));
  await page.fill(tid('field-ApiKey'), 'my-new-key');
  await page.evaluate(() =>
    window.__FAKE__.external('licensing', (db) => {
      db.licensing.ApiAddress = 'https://hls.other-admin.example';
    }),
  );
  await page.click(tid('dialog-save'));
  const conflict = page.locator(tid('conflict'));
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /Someone else changed these settings/);
  assert.match(await page.locator(tid('conflict-values')).innerText(), /https:\/\/hls\.other-admin\.example/);
  assert.ok(await page.locator(tid('dialog-licensing')).isVisible(), 'dialog stays open');
  assert.equal(await page.inputValue(tid('field-ApiKey')), 'my-new-key', 'my edit is kept');
  // The section behind already shows their value (the settings were reloaded).
  assert.equal(await page.locator(tid('licensing-apiaddress')).innerText(), 'https://hls.other-admin.example');
  await screenshot(page, 'dialog-licensing-conflict-light');

  await page.click(tid('conflict-apply'));
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });
  const sets = await calls(page, 'licensing_set');
  assert.equal(sets.length, 2);
  assert.notEqual(sets[0].args.revisions.licensing, sets[1].args.revisions.licensing, 'retried with the fresh revision');
  assert.equal((await fakeDb(page)).licensing.ApiKey, 'my-new-key');
  assert.ok((await calls(page, 'settings_get')).length >= 2, 'reloaded after the conflict');
  await context.close();
});

test('a concurrent change: Discard mine closes without writing', async () => {
  const { page, context } = await ui.open();
  await page.click(tid('nav-splunk'));
  await page.click(tid('splunk-set'));
  await page.fill(tid('field-Host'), 'https://mine.example.com:8088');
  await page.evaluate(() =>
    window.__FAKE__.external('splunk', (db) => {
      db.splunk.Host = 'https://theirs.example.com:8088';
    }),
  );
  await page.click(tid('dialog-save'));
  await page.locator(tid('conflict')).waitFor();
  assert.match(await page.locator(tid('conflict-values')).innerText(), /theirs\.example\.com/);
  await page.click(tid('conflict-discard'));
  await page.locator(tid('dialog-splunk')).waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'splunk_set')).length, 1);
  assert.equal((await fakeDb(page)).splunk.Host, 'https://theirs.example.com:8088');
  assert.equal(await page.locator(tid('splunk-host')).innerText(), 'https://theirs.example.com:8088');
  await context.close();
});

test('dialogs keep the focus inside (Tab and Shift+Tab wrap)', async () => {
  const { page, context } = await ui.open();
  await page.click(tid('licensing-set'));
  await page.locator(tid('dialog-licensing')).waitFor();
  await page.fill(tid('field-ApiKey'), 'x'); // enables Save, so every control is focusable
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    assert.ok(
      await page.evaluate(() => !!document.activeElement?.closest('[data-testid="dialog-licensing"]')),
      `Tab ${i + 1} stays in the dialog`,
    );
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="dialog-licensing"]')));
  }
  await page.keyboard.press('Escape');
  await discardChanges(page);
  await page.locator(tid('dialog-licensing')).waitFor({ state: 'detached' });
  assert.equal(await activeTestId(page), 'licensing-set');
  await context.close();
});
