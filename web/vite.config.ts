// The web application's build: Preact through Vite's own JSX transform (no Babel preset), assets into web/dist,
// served at / by src/api/web.plugin.ts. Nothing is fetched from outside at run time.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
