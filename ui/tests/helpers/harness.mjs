// Test harness: serves ui/dist (plus node_modules and the fake backend) on 127.0.0.1:0, injects the
// fake backend before the app's module script, and drives headless Chromium with playwright-core.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
export const UI_ROOT = resolve(here, '..', '..');
const DIST = join(UI_ROOT, 'dist');
const NODE_MODULES = join(UI_ROOT, 'node_modules');
const FIXTURES = join(UI_ROOT, 'tests', 'fixtures');
export const ARTIFACTS = resolve(UI_ROOT, '..', 'target', 'test-artifacts', 'ui');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const INJECT = '<script type="module" src="/__test__/fake-backend.js"></script>';

function inside(root, rel) {
  const p = normalize(join(root, rel));
  return p.startsWith(root + '/') || p === root ? p : null;
}

/** Start the static server. Resolves to { url, close }. */
export async function startServer() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('ui/dist is missing: run `npm run build` first (the `test` script does).');
  }
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = null;
      if (path === '/' || path === '/index.html') {
        const html = await readFile(join(DIST, 'index.html'), 'utf8');
        // Module scripts run in document order: the mock is installed before the app starts.
        const i = html.indexOf('<script type="module"');
        const out = i >= 0 ? html.slice(0, i) + INJECT + '\n    ' + html.slice(i) : html.replace('</head>', INJECT + '</head>');
        res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
        res.end(out);
        return;
      }
      if (path.startsWith('/node_modules/')) file = inside(NODE_MODULES, path.slice('/node_modules/'.length));
      else if (path.startsWith('/__test__/')) file = inside(FIXTURES, path.slice('/__test__/'.length));
      else file = inside(DIST, path.slice(1));
      if (!file || !existsSync(file)) {
        res.writeHead(404).end('not found');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(null)));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((r) => server.close(() => r(null))),
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** @type {WeakMap<import('playwright-core').Browser, Map<string, import('playwright-core').BrowserContext>>} */
const contexts = new WeakMap();

/**
 * A fresh page with the fake backend configured; resolves once the first
 * SettingsView has rendered (body[data-ready]) unless `waitReady` is false.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{ fake?: Record<string, unknown>, colorScheme?: 'light'|'dark', waitReady?: boolean,
 *           viewport?: { width: number, height: number }, locale?: string,
 *           beforeGoto?: (page: import('playwright-core').Page) => Promise<unknown> }} [opts]
 */
export async function openApp(browser, url, opts = {}) {
  // One browser context per look (colour scheme, size) is reused: each test gets its own page,
  // and closing the returned `context` closes that page only. Pages share no state the app uses.
  const viewport = opts.viewport ?? { width: 1100, height: 720 };
  const colorScheme = opts.colorScheme ?? 'light';
  const locale = opts.locale ?? 'en-US';
  const key = `${colorScheme}:${viewport.width}x${viewport.height}:${locale}`;
  let shared = contexts.get(browser)?.get(key);
  if (!shared) {
    // `locale` is what navigator.languages reports: the UI's language follows it.
    shared = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce', locale });
    if (!contexts.has(browser)) contexts.set(browser, new Map());
    contexts.get(browser)?.set(key, shared);
  }
  const page = await shared.newPage();
  const context = { close: () => page.close() };
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript((fake) => {
    // @ts-ignore: test configuration for the fake backend
    window.__FAKE_CONFIG__ = fake;
  }, opts.fake ?? {});
  if (opts.beforeGoto) await opts.beforeGoto(page);
  await page.goto(url);
  if (opts.waitReady !== false) {
    await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  }
  return { page, context, errors };
}

/** The commands the app sent, with their JSON args. */
export function calls(page, cmd) {
  return page.evaluate(
    (c) => {
      // @ts-ignore
      const all = window.__TEST_CALLS__ ?? [];
      return c ? all.filter((x) => x.cmd === c) : all;
    },
    cmd ?? null,
  );
}

export const tid = (id) => `[data-testid="${id}"]`;

/** Run axe-core in the page; returns the serious and critical violations. */
export async function axeSerious(page, context) {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: join(NODE_MODULES, 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(async (ctx) => {
    // @ts-ignore
    const r = await window.axe.run(ctx ?? document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
  }, context ?? null);
  return result;
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export const SECTIONS = [
  { id: 'licensing', heading: 'Licensing' },
  { id: 'domains', heading: 'Domains' },
  { id: 'splunk', heading: 'Splunk' },
  { id: 'fido', heading: 'Security keys' },
  { id: 'oidc', heading: 'OIDC' },
  { id: 'saml', heading: 'SAML' },
  { id: 'customization', heading: 'Customization' },
];

/** Click a nav entry and wait for its section. */
export async function gotoSection(page, id) {
  await page.click(tid(`nav-${id}`));
  await page.waitForSelector(tid(`section-${id}`));
}

/**
 * The static server and Chromium for one test file: started before its tests, stopped after.
 * `ui.open(opts)` opens the app as `openApp` does.
 */
export function useBrowser() {
  /** @type {{ url: string, close: () => Promise<unknown> } | null} */
  let server = null;
  /** @type {import('playwright-core').Browser | null} */
  let browser = null;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const ui = {
    get browser() {
      if (!browser) throw new Error('useBrowser: the browser is not started yet');
      return browser;
    },
    get url() {
      if (!server) throw new Error('useBrowser: the server is not started yet');
      return server.url;
    },
    /** @param {Parameters<typeof openApp>[2]} [opts] */
    open: (opts) => openApp(ui.browser, ui.url, opts),
  };
  return ui;
}

/** `args` without its per-call progress channel `key`, after checking it is one (`__CHANNEL__:<id>`). */
export function withoutChannel(args, key) {
  const { [key]: channel, ...rest } = args;
  if (!/^__CHANNEL__:\d+$/.test(String(channel))) throw new Error(`${key} is not a channel: ${JSON.stringify(args)}`);
  return rest;
}

/** Answer the "Discard unsaved changes?" question with Discard changes, and wait until it is gone. */
export async function discardChanges(page) {
  const ask = page.locator(tid('dialog-discard'));
  await ask.waitFor();
  await ask.locator(tid('confirm-ok')).click();
  await ask.waitFor({ state: 'detached' });
}
