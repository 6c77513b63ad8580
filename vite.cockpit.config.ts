import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The Cockpit page (src/cockpit/): poolwatch's own pages inside Cockpit, built into dist/cockpit
// with relative URLs (Cockpit serves a package from /cockpit/@host/poolwatch/). scripts/build.mjs
// adds manifest.json and the default config.json; `poolwatch cockpit install` copies the folder.
export default defineConfig({
  plugins: [react()],
  // zod without eval under the strict CSP, whatever the chunks (src/zod-no-eval.ts).
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/zod-no-eval.ts', import.meta.url)) }] },
  root: 'src/cockpit',
  base: './',
  build: { outDir: '../../dist/cockpit', emptyOutDir: true },
});
