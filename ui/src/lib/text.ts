// HES's words, in one place.
import type { NameIdField } from './bindings/NameIdField';

export const NOT_CONFIGURED = 'Not configured';
export const CONFLICT_MESSAGE =
  'Someone else changed these settings while you were editing. Their current values are shown here; your changes are still in the form.';
export const STORED_PLACEHOLDER = 'stored — leave empty to keep';
export const DEFAULT_API_ADDRESS = 'https://hls.hideez.com';

/** HES-REFERENCE 4.5: ITfoxtec NameIdentifierFormats as HES's dropdown shows them. */
export const NAME_ID_FORMATS: ReadonlyArray<{ label: string; uri: string }> = [
  { label: 'Unspecified', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
  { label: 'Email', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' },
  { label: 'X509 Subject Name', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName' },
  { label: 'Windows', uri: 'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName' },
  { label: 'Kerberos', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos' },
  { label: 'Entity', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity' },
  { label: 'Persistent', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' },
  { label: 'Transient', uri: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' },
];
export const DEFAULT_NAME_ID_FORMAT = NAME_ID_FORMATS[1].uri;

export function nameIdFormatLabel(uri: string): string {
  return NAME_ID_FORMATS.find((f) => f.uri.toLowerCase() === uri.toLowerCase())?.label ?? uri;
}

export const NAME_ID_FIELDS: ReadonlyArray<{ label: string; value: NameIdField }> = [
  { label: 'Email', value: 'Email' },
  { label: 'External ID', value: 'External' },
];

export function nameIdFieldLabel(v: NameIdField): string {
  return NAME_ID_FIELDS.find((f) => f.value === v)?.label ?? v;
}

/** "one per line" (and for scopes: spaces too) → trimmed, non-empty entries. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function splitScopes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A note for settings HES 3.x does not read (DESIGN 3.3). */
export function notReadByHes(version: string | undefined): string {
  return version
    ? `HES ${version} does not read these settings; they are stored for newer HES releases.`
    : 'HES 3.x does not read these settings; they are stored for newer HES releases.';
}
