import type { SamlSpView } from './bindings/SamlSpView';
import { nameIdFieldLabel, nameIdFormatLabel } from './text';

/** `nameId`: the database has HES 3.8.4's name-id columns (not 3.8.3). */
export function samlFacts(sp: SamlSpView, nameId = true): [string, string][] {
  const facts: [string, string][] = [
    ['Issuer', sp.Issuer],
    ['Assertion consumer service', sp.SingleSignOnDestination],
    ['Single logout service', sp.SingleLogoutResponseDestination ?? '—'],
    ['Public x509 certificate', sp.SignatureValidationCertificateBase64 ? 'set' : '—'],
  ];
  if (nameId) {
    facts.push(['Name identifier format', nameIdFormatLabel(sp.NameIdentifierFormat)]);
    facts.push(['Name identifier field', nameIdFieldLabel(sp.NameIdentifierField)]);
  }
  return facts;
}
