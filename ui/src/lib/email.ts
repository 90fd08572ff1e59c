import type { EmailView } from './bindings/EmailView';
import type { SmtpSecurity } from './bindings/SmtpSecurity';

export function securityLabel(s: SmtpSecurity): string {
  return s === 'StartTls' ? 'STARTTLS' : s === 'Tls' ? 'TLS' : 'None';
}

export function emailFacts(e: EmailView): [string, string][] {
  return [
    ['SMTP host', `${e.Host}:${e.Port}`],
    ['Security', securityLabel(e.Security)],
    ['User name', e.UserName || '—'],
    ['Password', e.Password],
    ['From', e.FromName ? `${e.FromName} <${e.From}>` : e.From],
  ];
}
