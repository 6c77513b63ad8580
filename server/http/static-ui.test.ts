/** The built UI as the browser gets it: precompressed twins by Accept-Encoding, hashed assets immutable, the shell revalidated. */
import express from 'express';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from './error-handler.ts';
import { acceptedEncodings, staticUi } from './static-ui.ts';

const JS = `export const x = ${JSON.stringify('poolwatch '.repeat(200))};\n`;
let dir: string;
let base: string;
let close: () => void;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'index.html.gz'), gzipSync('<!doctype html><div id="root"></div>'));
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), JS);
  writeFileSync(join(dir, 'assets', 'index-AbC123.js.br'), brotliCompressSync(JS));
  writeFileSync(join(dir, 'assets', 'index-AbC123.js.gz'), gzipSync(JS));
  writeFileSync(join(dir, 'assets', 'plain-Zz9.css'), 'body{}');
  const app = express();
  app.use(staticUi(dir));
  app.use(errorHandler);
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

/** Raw bytes and headers, as sent (fetch would decode the body itself). */
function get(path: string, acceptEncoding: string): Promise<{ status: number; headers: { get(name: string): string | null }; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: { get: (name) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : String(v); } },
        body: Buffer.concat(chunks),
      }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static UI', () => {
  it('sends brotli to a browser that takes it, gzip to one that takes only gzip, plain otherwise; hashed assets immutable', async () => {
    const br = await get('/assets/index-AbC123.js', 'gzip, deflate, br, zstd');
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('vary')).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(JS.length / 5);
    expect(brotliDecompressSync(br.body).toString()).toBe(JS);

    const gz = await get('/assets/index-AbC123.js', 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(JS);

    const plain = await get('/assets/index-AbC123.js', 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.body.toString()).toBe(JS);
  });

  it('falls back to the plain file when the build wrote no twin, and answers 404 for an asset not in the build', async () => {
    const css = await get('/assets/plain-Zz9.css', 'br, gzip');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-encoding')).toBeNull();
    expect(css.body.toString()).toBe('body{}');
    expect((await get('/assets/gone-123.js', 'br')).status).toBe(404);
    // A path that leaves the build is refused, never read.
    const out = await get('/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd', 'br');
    expect(out.status).toBe(404);
    expect(out.body.toString()).not.toContain('root:');
  });

  it('serves the app shell for client-side routes, revalidated on every load', async () => {
    const shell = await get('/pools/abc', 'gzip');
    expect(shell.status).toBe(200);
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    expect(shell.headers.get('content-type')).toMatch(/^text\/html/);
    expect(shell.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(shell.body).toString()).toContain('id="root"');
  });

  it('reads Accept-Encoding with q-values', () => {
    expect(acceptedEncodings('gzip;q=1, br;q=0')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });
});
