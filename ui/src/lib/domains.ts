// Facts about a domain, for its row and for the "current values" of a concurrent change.
import * as backend from './backend';
import type { CheckForm } from './bindings/CheckForm';
import type { DomainInput } from './bindings/DomainInput';
import type { DomainView } from './bindings/DomainView';
import type { Mutation } from './mutation.svelte';
import { t } from './i18n.svelte';

const secretState = (s: string) => (s === 'stored' ? t('STORED') : s === 'not set' ? t('NOT_SET') : s);

export function domainTitle(d: DomainView): string {
  return d.Type === 'ActiveDirectory' ? d.Host : d.Name;
}

export function domainFacts(d: DomainView): [string, string][] {
  if (d.Type === 'ActiveDirectory') {
    return [
      [t('F_DOMAIN_NAME'), d.Host],
      [t('F_USER_LOGON_NAME'), d.UserName],
      [t('F_PASSWORD'), secretState(d.Password)],
      [t('F_AUTO_PASSWORD_CHANGE'), t('DAYS', { n: d.MaxPasswordAge })],
    ];
  }
  return [
    [t('F_NAME'), d.Name],
    [t('F_APPLICATION_ID'), d.ApplicationId],
    [t('F_TENANT_ID'), d.TenantId],
    [t('F_CLIENT_SECRET'), secretState(d.ClientSecret)],
    [t('F_AUTO_PASSWORD_CHANGE'), t('DAYS', { n: d.MaxPasswordAge })],
  ];
}

/** The text of a number field → a number, or a message for the field. */
export function parseDays(text: string): number | string {
  const t = text.trim();
  if (t === '') return 'The Auto password change field is required.';
  if (!/^-?\d+$/.test(t)) return 'The field Auto password change must be a whole number of days.';
  return Number(t);
}

/**
 * The AD dialog's field a failed check points at: its stable code first (hes-checks codes.rs), else
 * the failing step (DNS/TCP/TLS → the domain name).
 */
export function adFieldOf(code: string, step: string): 'Host' | 'UserName' | 'Password' {
  switch (code) {
    case 'AdUnknownUser':
    case 'AdNetbiosNameMismatch':
    case 'AdAccountDisabled':
    case 'AdAccountExpired':
    case 'AdLogonHoursRestricted':
    case 'AdWorkstationRestricted':
      return 'UserName';
    case 'LdapInvalidCredentials':
    case 'AdPasswordExpired':
    case 'AdMustChangePassword':
    case 'AdAccountLocked':
    case 'SecretUnavailable':
      return 'Password';
  }
  return step === 'Bind' ? 'Password' : 'Host';
}

/** A domain dialog's "current values" beside a concurrent change: the domain as stored now. */
export function domainCurrent(id: string | null, domains: DomainView[] | undefined): [string, string][] {
  if (id === null) return [[t('NAV_DOMAINS'), t('OIDC_CONFIGURED', { n: domains?.length ?? 0 })]];
  const now = domains?.find((d) => d.Id === id);
  return now ? domainFacts(now) : [[t('DOMAIN_THIS'), t('HAS_BEEN_DELETED')]];
}

type DomainCheck = Extract<CheckForm, { Section: 'domain' }>;

/** The check of a domain dialog's values; `id`: the domain edited (its stored secret may be used). */
export function domainCheckForm(input: DomainInput, id: string | null): DomainCheck {
  const form: DomainCheck = { Section: 'domain', Input: { Domain: input } };
  if (id !== null) form.Input.Id = id;
  return form;
}

/**
 * Save a domain dialog: the days field checked first (its message at the field), then the domain
 * written. True when it was saved.
 */
export async function saveDomain(
  m: Mutation,
  id: string | null,
  days: string,
  input: (days: number) => DomainInput,
): Promise<boolean> {
  const parsed = parseDays(days);
  if (typeof parsed === 'string') {
    m.setFieldError('MaxPasswordAge', parsed);
    return false;
  }
  const value = input(parsed);
  return m.run((s) => backend.domainSave(id, value, s.Revisions), () => t('DOMAIN_UPDATED'));
}
