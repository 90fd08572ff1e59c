import type { OidcClientView } from './bindings/OidcClientView';

export function oidcFacts(c: OidcClientView): [string, string][] {
  return [
    ['Name', c.Name],
    ['Client ID', c.ClientId],
    ['Client secret', c.ClientSecret],
    ['Redirect URIs', c.RedirectUris.join(', ') || '—'],
    ['Post-logout redirect URIs', c.PostLogoutRedirectUris.join(', ') || '—'],
    ['Scopes', c.Scopes.join(' ') || '—'],
    ['Enabled', c.Enabled ? 'yes' : 'no'],
  ];
}

/** The scopes the console offers (hes-core oidc_rules::OIDC_SCOPES); `openid` is required. */
export const OIDC_SCOPES: ReadonlyArray<{ scope: string; label: string }> = [
  { scope: 'openid', label: 'sign-in (required)' },
  { scope: 'profile', label: 'name and profile' },
  { scope: 'email', label: 'e-mail address' },
  { scope: 'address', label: 'postal address' },
  { scope: 'phone', label: 'phone number' },
  { scope: 'offline_access', label: 'refresh tokens' },
];
export const DEFAULT_SCOPES: ReadonlyArray<string> = ['openid', 'profile', 'email'];

/** The checklist's scopes: the offered ones in order, then any stored scope the list does not offer. */
export function scopeChoices(stored: ReadonlyArray<string>): { scope: string; label: string | null }[] {
  const offered = OIDC_SCOPES.map((s) => ({ scope: s.scope, label: s.label as string | null }));
  const extra = stored.filter((s) => !OIDC_SCOPES.some((o) => o.scope === s)).map((scope) => ({ scope, label: null }));
  return [...offered, ...extra];
}
