import type { OidcClientView } from './bindings/OidcClientView';
import { t } from './i18n.svelte';
import type { Key } from './i18n/en';

export function oidcFacts(c: OidcClientView): [string, string][] {
  return [
    [t('F_NAME'), c.Name],
    [t('F_CLIENT_ID'), c.ClientId],
    [t('F_CLIENT_SECRET'), c.ClientSecret === 'stored' ? t('STORED') : c.ClientSecret === 'not set' ? t('NOT_SET') : c.ClientSecret],
    [t('F_REDIRECT_URIS'), c.RedirectUris.join(', ') || '—'],
    [t('F_POST_LOGOUT_URIS'), c.PostLogoutRedirectUris.join(', ') || '—'],
    [t('F_SCOPES'), c.Scopes.join(' ') || '—'],
    [t('F_ENABLED'), c.Enabled ? t('YES_LOWER') : t('NO_LOWER')],
  ];
}

/** The scopes the console offers (hes-core oidc_rules::OIDC_SCOPES); `openid` is required. */
const OIDC_SCOPE_KEYS: ReadonlyArray<{ scope: string; label: Key }> = [
  { scope: 'openid', label: 'SCOPE_OPENID' },
  { scope: 'profile', label: 'SCOPE_PROFILE' },
  { scope: 'email', label: 'SCOPE_EMAIL' },
  { scope: 'address', label: 'SCOPE_ADDRESS' },
  { scope: 'phone', label: 'SCOPE_PHONE' },
  { scope: 'offline_access', label: 'SCOPE_OFFLINE' },
];
export const OIDC_SCOPES: ReadonlyArray<{ scope: string; readonly label: string }> = OIDC_SCOPE_KEYS.map((s) => ({
  scope: s.scope,
  get label() {
    return t(s.label);
  },
}));
export const DEFAULT_SCOPES: ReadonlyArray<string> = ['openid', 'profile', 'email'];

/** The checklist's scopes: the offered ones in order, then any stored scope the list does not offer. */
export function scopeChoices(stored: ReadonlyArray<string>): { scope: string; label: string | null }[] {
  const offered = OIDC_SCOPES.map((s) => ({ scope: s.scope, label: s.label as string | null }));
  const extra = stored.filter((s) => !OIDC_SCOPES.some((o) => o.scope === s)).map((scope) => ({ scope, label: null }));
  return [...offered, ...extra];
}
