import type { SamlSpView } from './bindings/SamlSpView';
import { nameIdFieldLabel, nameIdFormatLabel, t } from './text';

/** `nameId`: the database has HES 3.8.4's name-id columns (not 3.8.3). */
export function samlFacts(sp: SamlSpView, nameId = true): [string, string][] {
  const facts: [string, string][] = [
    [t('F_ISSUER'), sp.Issuer],
    [t('F_ACS'), sp.SingleSignOnDestination],
    [t('F_SLO'), sp.SingleLogoutResponseDestination ?? '—'],
    [t('F_X509'), sp.SignatureValidationCertificateBase64 ? t('SET') : '—'],
  ];
  if (nameId) {
    facts.push([t('F_NAME_ID_FORMAT'), nameIdFormatLabel(sp.NameIdentifierFormat)]);
    facts.push([t('F_NAME_ID_FIELD'), nameIdFieldLabel(sp.NameIdentifierField)]);
  }
  return facts;
}
