// Facts about a domain, for its row and for the "current values" of a concurrent change.
import type { DomainView } from './bindings/DomainView';

export function domainTitle(d: DomainView): string {
  return d.Type === 'ActiveDirectory' ? d.Host : d.Name;
}

export function domainFacts(d: DomainView): [string, string][] {
  if (d.Type === 'ActiveDirectory') {
    return [
      ['Domain name', d.Host],
      ['User logon name', d.UserName],
      ['Password', d.Password],
      ['Auto password change', `${d.MaxPasswordAge} days`],
    ];
  }
  return [
    ['Name', d.Name],
    ['Application ID', d.ApplicationId],
    ['Tenant ID', d.TenantId],
    ['Client secret', d.ClientSecret],
    ['Auto password change', `${d.MaxPasswordAge} days`],
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
