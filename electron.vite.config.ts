import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * Three bundles: main (ESM, like package.json "type": "module"; Electron >= 28 runs ESM main processes),
 * preload (CJS, because a sandboxed preload cannot be an ES module) and the renderer. The renderer section
 * is also what the WebSocket host's dev mode feeds to Vite (src-main/host/dev-renderer.ts).
 */
const root = import.meta.dirname;

/**
 * Vite's dev server injects an inline React-refresh preamble and inline <style> tags; the page's strict CSP
 * meta would block both. Relax it while serving only: built bundles keep the strict policy.
 */
function devServerCsp(): Plugin {
  return {
    name: 'parley-dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i, (_match, start: string, policy: string, end: string) =>
        start + policy.replace(/script-src 'self'/, "script-src 'self' 'unsafe-inline'").replace(/style-src 'self'/, "style-src 'self' 'unsafe-inline'") + end,
      );
    },
  };
}

export const ELECTRON_VITE_CONFIG = defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/electron/main.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Sandboxed preloads get a small require() with only a few modules: bundle everything but electron.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react(), devServerCsp()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});

// electron-vite reads the default export of its config file; this is the one default export in the tree.
export default ELECTRON_VITE_CONFIG;
