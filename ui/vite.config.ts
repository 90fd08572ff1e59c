import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tauri loads ui/dist from disk (tauri.conf.json frontendDist): relative asset paths.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    sourcemap: false,
    // One stylesheet for every view, lazy ones included: one request at start, not one per chunk.
    cssCodeSplit: false,
    chunkSizeWarningLimit: 600,
  },
});
