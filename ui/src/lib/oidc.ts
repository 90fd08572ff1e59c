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
