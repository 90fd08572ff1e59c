import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { ensureCatalog, i18n } from './lib/i18n.svelte';
import { markOs } from './lib/os';
import { app } from './lib/state.svelte';
import { mark } from './lib/startup-timeline';

mark('modules_evaluated');
// Before mount: the first layout with text already uses this platform's font (see app.css).
markOs();
const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

// Mount once the first screen's data is here, so the first render and layout are the real
// screen's, not a loading screen's followed by the screen's. An answer slower than 150 ms shows
// the loading screen meanwhile. The language's texts are always here first.
const cap = new Promise((r) => setTimeout(r, 150));
// A catalog that cannot load leaves English (every text falls back to it): the UI still mounts.
const texts = ensureCatalog(i18n.lang).catch(() => {});
void Promise.all([Promise.race([app.firstLoad(), cap]), texts]).then(() => {
  mount(App, { target });
  mark('mounted');
});
