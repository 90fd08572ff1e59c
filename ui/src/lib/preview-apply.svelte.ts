// A previewed write (a copy between connections, a configuration import, a backup restore): the
// preview, the removals the admin ticked (none by default), the confirmation, and the apply that
// writes exactly the preview or — when the target changed since — nothing ("Preview again").
import * as backend from './backend';
import type { StageSection } from './bindings/StageSection';
import { changesOf, removesSomething } from './components/StagePreviewSections.svelte';
import { Mutation } from './mutation.svelte';

export class PreviewApply<P> {
  /** The preview request. */
  readonly m = new Mutation();
  /** The apply request (shown in the confirmation). */
  readonly ap = new Mutation();
  preview = $state<P | null>(null);
  /** The sections whose removals the admin ticked: none by default. */
  removeOk = $state<string[]>([]);
  /** The target changed since the preview: nothing was written. */
  stale = $state(false);
  confirming = $state(false);

  constructor(private readonly sectionsOf: (p: P) => ReadonlyArray<StageSection>) {}

  /** What applying writes: a `Remove` section only when its removal is ticked. */
  get changes(): StageSection[] {
    return this.preview ? changesOf(this.sectionsOf(this.preview), this.removeOk) : [];
  }

  /** The ticked removals among the changes. */
  get removes(): StageSection[] {
    return this.changes.filter((s) => removesSomething(s) && this.removeOk.includes(s.Key));
  }

  /** Ask for a preview; a new one starts with nothing ticked. True when one arrived. */
  async load(request: () => Promise<P>): Promise<boolean> {
    const data = await this.m.attempt(request);
    if (!data) return false;
    this.preview = data;
    this.removeOk = [];
    this.stale = false;
    return true;
  }

  /** Open the confirmation (when there is something current to write). */
  ask(): void {
    if (!this.preview || this.changes.length === 0 || this.stale) return;
    this.ap.reset();
    this.confirming = true;
  }

  /** Write the preview with the ticked removals. False when refused; a changed target closes
   *  the confirmation and marks the preview stale. */
  async apply(): Promise<boolean> {
    const remove = this.removes.map((r) => r.Key);
    const ok = await this.ap.attempt(async () => {
      await backend.stageApply(remove);
      return true;
    });
    if (ok) return true;
    if (this.ap.error?.code === 'ConcurrentChange') {
      this.ap.reset();
      this.confirming = false;
      this.stale = true;
    }
    return false;
  }
}
