/**
 * The release tarball (`npm pack`) is what a NAS installs. Unpacked on its own, with the
 * dependencies in place, `poolwatch serve` must start the compiled server with plain node (no
 * TypeScript sources are shipped, so nothing can fall back to tsx) and serve the API and the UI.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type AddressInfo, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** A port nothing listens on right now (the kernel picks it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

describe('the release tarball', () => {
  const work = mkdtempSync(join(tmpdir(), 'poolwatch-pack-'));
  let server: ChildProcess | null = null;

  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  it('holds the compiled server, the UI and the deploy files, and no sources', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    const files = new Set(packed[0]!.files.map((f) => f.path));
    for (const f of ['bin/poolwatch.mjs', 'dist/server/main.mjs', 'dist/server/cli.mjs', 'dist/server/smartd-notify.mjs', 'dist/ui/index.html', 'dist/ui/embed/banner.js', 'dist/cockpit/manifest.json', 'dist/cockpit/index.html', 'deploy/systemd/poolwatch.service', 'deploy/poolwatch.env', 'README.md']) {
      expect(files, f).toContain(f);
    }
    expect([...files].filter((f) => /^(server|src|contracts|lab|e2e)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
    execFileSync('tar', ['-xzf', join(work, packed[0]!.filename), '-C', work]);
  });

  it('`poolwatch serve` runs the compiled server with plain node', async () => {
    const pkg = join(work, 'package');
    expect(readdirSync(pkg)).toContain('dist');
    // npm would install the dependencies here; the checkout's stand in (no network, no compiler).
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const PORT = await freePort();
    server = spawn(process.execPath, [join(pkg, 'bin', 'poolwatch.mjs'), 'serve'], {
      env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', POOLWATCH_DATA_DIR: join(work, 'data'), JOURNAL_STREAM: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const base = `http://127.0.0.1:${PORT}`;
    const until = Date.now() + 20_000;
    let health: Response | null = null;
    while (!health && Date.now() < until) {
      health = await fetch(`${base}/api/health`).catch(() => null);
      if (!health) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health?.status, output).toBe(200);
    expect(await (await fetch(`${base}/`)).text()).toContain('<div id="root">');
    // The process runs node on the package's compiled files: no tsx loader anywhere in its argv or modules.
    const cmdline = execFileSync('cat', [`/proc/${server.pid}/cmdline`], { encoding: 'utf8' }).split('\0');
    expect(cmdline.slice(0, 3)).toEqual([process.execPath, join(pkg, 'bin', 'poolwatch.mjs'), 'serve']);
    const maps = execFileSync('cat', [`/proc/${server.pid}/maps`], { encoding: 'utf8' });
    expect(maps).not.toMatch(/tsx/);
    expect(output).toContain(`serving on http://127.0.0.1:${PORT}`);
  });
});
