// The UI's language: one message catalog per language (i18n/en.ts, i18n/uk.ts), chosen from the
// OS/webview locale or by the admin (remembered), switchable at run time without a reload: every
// `t()` reads the reactive `lang`, so the texts on screen re-render and form state stays put.
// Plural forms follow CLDR through Intl.PluralRules; numbers and dates through Intl.
import type { AppError } from './bindings/AppError';
import type { ErrorCode } from './bindings/ErrorCode';
import type { SecretFinding } from './bindings/SecretFinding';
import { en, type Key, type Message } from './i18n/en';

export type Lang = 'en' | 'uk';
export const LANGS: ReadonlyArray<{ id: Lang; name: string }> = [
  { id: 'en', name: 'English' },
  { id: 'uk', name: 'Українська' },
];
type Catalog = Partial<Record<Key, Message>>;
// English is built in (every other catalog falls back to it); the others are chunks of their
// own, loaded before the language is used: an English start evaluates no Ukrainian texts.
const CATALOGS: Partial<Record<Lang, Catalog>> = { en };
const LOADERS: Record<Exclude<Lang, 'en'>, () => Promise<Catalog>> = {
  uk: () => import('./i18n/uk').then((m) => m.uk),
};

/** Load `lang`'s catalog if it is not here yet (main.ts waits for the first language's). */
export async function ensureCatalog(lang: Lang): Promise<void> {
  if (lang !== 'en' && !CATALOGS[lang]) CATALOGS[lang] = await LOADERS[lang]();
}

// Every stable backend error code (the generated ErrorCode type) has an English text: a new code
// without one fails the type check here, before any test runs.
type MissingErrorText = Exclude<`ERR_${ErrorCode}`, Key>;
const everyErrorCodeHasText: [MissingErrorText] extends [never] ? true : MissingErrorText = true;
void everyErrorCodeHasText;
const STORE_KEY = 'hes-console.lang';

/** The language to start in: the remembered choice, else the first supported OS/webview language. */
export function initialLang(stored: string | null, preferred: readonly string[]): Lang {
  if (stored === 'en' || stored === 'uk') return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'uk' || base === 'en') return base;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORE_KEY) ?? null;
  } catch {
    return null;
  }
}

function preferredLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}

class I18n {
  lang = $state<Lang>(initialLang(readStored(), preferredLanguages()));
}
export const i18n = new I18n();

function applyDocumentLang(lang: Lang) {
  if (globalThis.document) document.documentElement.lang = lang;
}
applyDocumentLang(i18n.lang);

/** Switch the language (no reload) once its catalog is here, and remember the choice. */
export async function setLang(lang: Lang): Promise<void> {
  await ensureCatalog(lang);
  i18n.lang = lang;
  applyDocumentLang(lang);
  try {
    globalThis.localStorage?.setItem(STORE_KEY, lang);
  } catch {
    /* storage unavailable: the choice lasts for this session */
  }
}

export type Params = Record<string, string | number>;

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralCategory(lang: Lang, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(n);
}

/** One message, with `{name}` placeholders filled in; a plural message picks its form by `params.n`. */
export function format(lang: Lang, msg: Message, params?: Params): string {
  let text: string;
  if (typeof msg === 'string') text = msg;
  else {
    const n = Number(params?.n ?? 0);
    text = msg[pluralCategory(lang, n)] ?? msg.other;
  }
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v, lang) : v;
  });
}

/** The text of `key` in the current language (English when the catalog lacks it). */
export function t(key: Key, params?: Params): string {
  const lang = i18n.lang;
  const msg = CATALOGS[lang]?.[key];
  return msg === undefined ? format('en', en[key], params) : format(lang, msg, params);
}

/** Whether the current catalog has its own text for `key` (used for optional per-code texts). */
export function has(key: string): key is Key {
  return key in en;
}

// One formatter per language and options, made on first use: building an Intl formatter loads
// locale data and costs far more than formatting (in WebKitGTK, building one per number put
// tens of milliseconds on the first screen's path).
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function cached<F>(cache: Map<string, F>, lang: Lang, opts: object | undefined, make: () => F): F {
  const key = `${lang} ${opts ? JSON.stringify(opts) : ''}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function formatNumber(n: number, lang: Lang = i18n.lang, opts?: Intl.NumberFormatOptions): string {
  // Small integers read the same in both languages (no grouping, Latin digits): no Intl, whose
  // first use loads locale data (the license summary's counts are on the first screen).
  if (!opts && Number.isInteger(n) && Math.abs(n) < 1000) return String(n);
  return cached(numberFormats, lang, opts, () => new Intl.NumberFormat(lang, opts)).format(n);
}

// Short month names as Intl gives them (CLDR, `{ month: 'short' }`), kept here so the first
// screen's license chart needs no Intl formatter (its first use loads locale data).
const MONTHS_SHORT: Record<Lang, readonly string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  uk: ['січ.', 'лют.', 'бер.', 'квіт.', 'трав.', 'черв.', 'лип.', 'серп.', 'вер.', 'жовт.', 'лист.', 'груд.'],
};

/** The short name of month `m` (1-12) in the current language. */
export function monthShort(m: number): string {
  return MONTHS_SHORT[i18n.lang][m - 1] ?? String(m);
}

export function formatDate(d: Date | string, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const date = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return String(d);
  const lang = i18n.lang;
  return cached(dateFormats, lang, opts, () => new Intl.DateTimeFormat(lang, opts)).format(date);
}

// ---------- backend errors: stable codes in, the UI's language out ----------

/** HES's validation messages (English, as the backend words them) → catalog key and parameters. */
const VALIDATION: ReadonlyArray<[RegExp, Key, ReadonlyArray<string>]> = [
  [/^The (.+) field is required\.$/, 'V_REQUIRED', ['label']],
  [/^The (.+) field is not a valid fully-qualified http, https, or ftp URL\.$/, 'V_URL', ['label']],
  [/^The (.+) field must be a URL with a host name and no spaces, like https:\/\/host\.example\.com\.$/, 'V_URL_HOST', ['label']],
  [/^The field (.+) must be between (-?\d+) and (-?\d+)\.$/, 'V_RANGE', ['label', 'min', 'max']],
  [/^The (.+) field is not a valid e-mail address\.$/, 'V_EMAIL', ['label']],
  [/^The (.+) must be a TCP port between 1 and 65535\.$/, 'V_PORT', ['label']],
  [/^The (.+) field must be at most (\d+) characters\.$/, 'V_MAX_LEN', ['label', 'max']],
  [/^The (.+) must be a GUID like /, 'V_GUID', ['label']],
  [/^The field (.+) must be a whole number of days\.$/, 'V_WHOLE_DAYS', ['label']],
  [/^The SSH host is a host name or IP address, like hes\.example\.com, without a user or scheme\.$/, 'V_SSH_HOST_FORM', []],
];

/** A field label as the backend names it in English ("API Key") in the current language. */
export function fieldLabel(english: string): string {
  // The backend keeps HES's capitalization ("API Key"); the UI's labels are in sentence case.
  const wanted = english.toLowerCase();
  for (const k of Object.keys(en) as Key[]) {
    if (k.startsWith('F_') && typeof en[k] === 'string' && (en[k] as string).toLowerCase() === wanted) return t(k);
  }
  return english;
}

/** A field's validation message in the current language (HES's own wording where it has one). */
export function localizeFieldMessage(message: string): string {
  if (i18n.lang === 'en') return message;
  // "Line 2: …" (an entry of a one-per-line list).
  const line = /^Line (\d+): (.*)$/s.exec(message);
  if (line) return t('FIELD_LINE', { line: line[1], message: localizeFieldMessage(line[2]) });
  for (const [re, key, names] of VALIDATION) {
    const m = re.exec(message);
    if (!m) continue;
    const params: Params = {};
    names.forEach((name, i) => (params[name] = name === 'label' ? fieldLabel(m[i + 1]) : m[i + 1]));
    return t(key, params);
  }
  return message;
}

/**
 * An AppError in the current language: English keeps the backend's own (more specific) words;
 * another language shows its text for the stable code, the field messages translated, and the
 * backend's hint only when the catalog has none for the code is dropped (never mixed languages).
 * `original` is the backend's English, for a "Details" disclosure.
 */
export function localizeError(err: AppError): AppError & { original?: string } {
  if (i18n.lang === 'en') return err;
  const fieldErrors = err.fieldErrors?.map((f) => ({ ...f, message: localizeFieldMessage(f.message) }));
  const own = CATALOGS[i18n.lang]?.[`ERR_${err.code}` as Key];
  if (err.code === 'Validation') {
    const message = localizeFieldMessage(err.message);
    return { ...err, message: message !== err.message || !own ? message : t(`ERR_Validation`), fieldErrors };
  }
  if (own === undefined) return { ...err, fieldErrors };
  const original = err.hint ? `${err.message} ${err.hint}` : err.message;
  return { ...err, message: format(i18n.lang, own), hint: undefined, fieldErrors, original };
}

/** Why a stored secret cannot be used: the backend's English (it names the field), or the UI's language by its health. */
const FINDING_CODES: Record<SecretFinding['Health'], ErrorCode | null> = {
  Current: null,
  StaleKey: 'DataProtectionStaleKey',
  Unprotected: 'DataProtectionUnprotected',
  EnvelopeWhileOff: 'DataProtectionEnvelopeWhileOff',
  StoredElsewhere: 'SecretStoredElsewhere',
};
export function findingMessage(f: Pick<SecretFinding, 'Health' | 'Message'>): string {
  const code = FINDING_CODES[f.Health];
  return i18n.lang === 'en' || !code ? f.Message : t(`ERR_${code}`);
}
