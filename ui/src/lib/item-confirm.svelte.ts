// The confirm step of a list item's action (delete a domain, an OIDC client, a SAML service
// provider; regenerate a client secret): which item is asked about, the item's facts as stored now
// (shown beside a ConcurrentChange, or that it has been deleted meanwhile), and the write.
import type { SettingsView } from './bindings/SettingsView';
import { Mutation } from './mutation.svelte';

export class ItemConfirm<T extends { Id: string }> {
  /** The item asked about; null while no confirm dialog is open. */
  item = $state<T | null>(null);
  readonly m = new Mutation();
  /** The item's facts in the latest settings, or `gone` once it was deleted. */
  readonly current: [string, string][] = $derived.by(() => {
    if (!this.item) return [];
    const id = this.item.Id;
    const now = this.opts.items().find((x) => x.Id === id);
    return now ? this.opts.facts(now) : [this.opts.gone()];
  });

  constructor(
    private readonly opts: {
      items: () => T[];
      facts: (item: T) => [string, string][];
      /** The row shown once the item was deleted meanwhile (in the UI's language when asked). */
      gone: () => [string, string];
      write: (item: T, current: SettingsView) => Promise<SettingsView>;
      success: () => string;
    },
  ) {}

  ask(item: T): void {
    this.m.reset();
    this.item = item;
  }

  cancel(): void {
    this.item = null;
  }

  /** Write; the dialog closes when it succeeded (else the error stays in it). The item written, or null. */
  async confirm(): Promise<T | null> {
    const item = this.item;
    if (!item || !(await this.m.run((s) => this.opts.write(item, s), this.opts.success))) return null;
    this.item = null;
    return item;
  }
}
