import type { SamlSpView } from './bindings/SamlSpView';
import { nameIdFieldLabel, nameIdFormatLabel } from './text';

export function samlFacts(sp: SamlSpView): [string, string][] {
  return [
    ['Issuer', sp.Issuer],
    ['Assertion Consumer Service', sp.SingleSignOnDestination],
    ['Single Logout Service', sp.SingleLogoutResponseDestination ?? '—'],
    ['Public x509 Certificate', sp.SignatureValidationCertificateBase64 ? 'set' : '—'],
    ['Name Identifier Format', nameIdFormatLabel(sp.NameIdentifierFormat)],
    ['Name Identifier Field', nameIdFieldLabel(sp.NameIdentifierField)],
  ];
}
