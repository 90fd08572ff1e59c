import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The webview's JavaScript level. `tauri build` runs the UI's build with TAURI_ENV_PLATFORM set.
// Class fields (every `$state` in a class) stay native where the engine runs them as written:
// lowered, each is a WeakMap lookup, and the first screen took ~5 ms longer in WebKitGTK
// (scripts/bench-startup.sh). Compilers lower them for Safari before 16 (a field bug there),
// and macOS 10.15 (the oldest macOS supported) may have Safari 14-15: macOS keeps ES2021.
// WebView2 (Windows) is Chromium; WebKitGTK 2.38+ (Linux; also this build's default) is Safari 16.
export function buildTarget(platform: string | undefined): string | string[] {
  if (platform === 'darwin' || platform === 'macos' || platform === 'ios') return 'es2021';
  if (platform === 'windows') return 'chrome105';
  return ['chrome105', 'safari16'];
}

// Tauri loads ui/dist from disk (tauri.conf.json frontendDist): relative asset paths.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: buildTarget(process.env.TAURI_ENV_PLATFORM),
    sourcemap: false,
    // One stylesheet for every view, lazy ones included: one request at start, not one per chunk.
    cssCodeSplit: false,
    chunkSizeWarningLimit: 600,
  },
});
