/**
 * Every view but the first screen's (Licensing) is its own chunk, loaded when first opened and
 * fetched in the background once the first screen is shown: the start evaluates only what it
 * shows (the single bundle's parse and evaluation were on the start's critical path).
 */
import type { Component } from 'svelte';
import type { ViewId } from '../state.svelte';

export type LazyViewId = Exclude<ViewId, 'licensing'>;

const LOADERS: Record<LazyViewId, () => Promise<{ default: Component }>> = {
  domains: () => import('./Domains.svelte'),
  splunk: () => import('./Splunk.svelte'),
  fido: () => import('./SecurityKeys.svelte'),
  oidc: () => import('./Oidc.svelte'),
  saml: () => import('./Saml.svelte'),
  diagnostics: () => import('./Diagnostics.svelte'),
  history: () => import('./History.svelte'),
  customization: () => import('./Customization.svelte'),
};

class LazyViews {
  /** The views loaded so far. */
  loaded = $state<Partial<Record<LazyViewId, Component>>>({});
  /** A view whose chunk failed to load (shown as an error with Retry). */
  failed = $state<Partial<Record<LazyViewId, string>>>({});
  #pending = new Map<LazyViewId, Promise<void>>();

  load(id: LazyViewId): Promise<void> {
    if (this.loaded[id]) return Promise.resolve();
    let p = this.#pending.get(id);
    if (!p) {
      delete this.failed[id];
      p = LOADERS[id]()
        .then((m) => {
          this.loaded[id] = m.default;
        })
        .catch((e: unknown) => {
          this.failed[id] = e instanceof Error ? e.message : String(e);
        })
        .finally(() => this.#pending.delete(id));
      this.#pending.set(id, p);
    }
    return p;
  }

  /** Fetch every view now, one after another (after the first screen is shown). */
  async preload(): Promise<void> {
    for (const id of Object.keys(LOADERS) as LazyViewId[]) await this.load(id);
  }
}

export const lazyViews = new LazyViews();
