import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The UI is built into dist/ui and served by the Express server in production.
// In development `npm run dev` proxies /api to a running server on PORT (default 8080).
export default defineConfig({
  plugins: [react()],
  // zod without eval under the strict CSP, whatever the chunks (src/zod-no-eval.ts).
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/zod-no-eval.ts', import.meta.url)) }] },
  root: 'src',
  build: { outDir: '../dist/ui', emptyOutDir: true },
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? '8080'}` } },
});
