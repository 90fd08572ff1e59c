// Facts about a domain, for its row and for the "current values" of a concurrent change.
import type { DomainView } from './bindings/DomainView';
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
  if (t === '') return 'The Auto Password Change field is required.';
  if (!/^-?\d+$/.test(t)) return 'The field Auto Password Change must be a whole number of days.';
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
