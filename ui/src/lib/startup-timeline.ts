/**
 * The page's start-up steps, sent with `ui_ready` so the backend's start-up timeline (debug
 * level, printed by scripts/bench-startup.sh) also covers what happens inside the webview.
 */
import type { PageStep } from './bindings/PageStep';
import type { PageTimeline } from './bindings/PageTimeline';

const steps: PageStep[] = [];

/** Note that the start reached `name` (lowercase letters and underscores) now. */
export function mark(name: string): void {
  steps.push({ Name: name, At: performance.now() });
}

/** The steps so far, with the browser's own: bundle fetched, DOM parsed, load event. */
export function pageTimeline(): PageTimeline {
  const own: PageStep[] = [];
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const script = performance
    .getEntriesByType('resource')
    .find((e) => e.name.endsWith('.js')) as PerformanceResourceTiming | undefined;
  if (script && script.responseEnd > 0) own.push({ Name: 'bundle_fetched', At: script.responseEnd });
  if (nav && nav.domInteractive > 0) own.push({ Name: 'dom_interactive', At: nav.domInteractive });
  if (nav && nav.loadEventEnd > 0) own.push({ Name: 'load_event', At: nav.loadEventEnd });
  return { TimeOrigin: performance.timeOrigin, Steps: [...own, ...steps].sort((a, b) => a.At - b.At) };
}
