import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Cockpit page (src/cockpit/): poolwatch's own pages inside Cockpit, built into dist/cockpit
// with relative URLs (Cockpit serves a package from /cockpit/@host/poolwatch/). scripts/build.mjs
// adds manifest.json and the default config.json; `poolwatch cockpit install` copies the folder.
export default defineConfig({
  plugins: [react()],
  root: 'src/cockpit',
  base: './',
  build: { outDir: '../../dist/cockpit', emptyOutDir: true },
});
