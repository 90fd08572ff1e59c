import type { EmailView } from './bindings/EmailView';
import type { SmtpSecurity } from './bindings/SmtpSecurity';
import { t } from './i18n.svelte';

export function securityLabel(s: SmtpSecurity): string {
  return s === 'StartTls' ? 'STARTTLS' : s === 'Tls' ? 'TLS' : t('SMTP_NONE');
}

export function emailFacts(e: EmailView): [string, string][] {
  return [
    [t('F_SMTP_HOST'), `${e.Host}:${e.Port}`],
    [t('F_SECURITY'), securityLabel(e.Security)],
    [t('F_USER_NAME'), e.UserName || '—'],
    [t('F_PASSWORD'), e.Password === 'stored' ? t('STORED') : e.Password === 'not set' ? t('NOT_SET') : e.Password],
    [t('F_FROM_SHORT'), e.FromName ? `${e.FromName} <${e.From}>` : e.From],
  ];
}
