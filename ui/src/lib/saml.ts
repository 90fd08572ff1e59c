import type { SamlSpView } from './bindings/SamlSpView';
import { nameIdFieldLabel, nameIdFormatLabel } from './text';

/** `nameId`: the database has HES 3.8.4's name-id columns (not 3.8.3). */
export function samlFacts(sp: SamlSpView, nameId = true): [string, string][] {
  const facts: [string, string][] = [
    ['Issuer', sp.Issuer],
    ['Assertion Consumer Service', sp.SingleSignOnDestination],
    ['Single Logout Service', sp.SingleLogoutResponseDestination ?? '—'],
    ['Public x509 Certificate', sp.SignatureValidationCertificateBase64 ? 'set' : '—'],
  ];
  if (nameId) {
    facts.push(['Name Identifier Format', nameIdFormatLabel(sp.NameIdentifierFormat)]);
    facts.push(['Name Identifier Field', nameIdFieldLabel(sp.NameIdentifierField)]);
  }
  return facts;
}
