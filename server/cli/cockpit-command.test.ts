import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo as cliIo } from '../test-support/cli-io.ts';
import { DEFAULT_SOCKET, cockpitCommand } from './cockpit-command.ts';

describe('poolwatch cockpit install', () => {
  const work = mkdtempSync(join(tmpdir(), 'poolwatch-cockpit-cli-'));
  const built = join(work, 'dist-cockpit');
  mkdirSync(built);
  writeFileSync(join(built, 'manifest.json'), '{"name":"poolwatch","menu":{}}');
  writeFileSync(join(built, 'index.html'), '<!doctype html>');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('copies the page and names the sockets in config.json (the admin twin derived like the server does)', async () => {
    const io = cliIo();
    const dir = join(work, 'share', 'poolwatch');
    expect(await cockpitCommand(['install', '--dir', dir, '--socket', '/srv/pw/pw.sock', '--group', 'nas-readers'], io.io, {}, built)).toBe(0);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('<!doctype html>');
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({ socket: '/srv/pw/pw.sock', adminSocket: '/srv/pw/pw-admin.sock', group: 'nas-readers' });
    expect(io.stdout()).toContain(`installed the Cockpit page in ${dir}`);
  });

  it('defaults to the systemd unit socket, or POOLWATCH_SOCKET', async () => {
    const dir = join(work, 'default');
    expect(await cockpitCommand(['install', '--dir', dir], cliIo().io, {}, built)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).socket).toBe(DEFAULT_SOCKET);
    expect(await cockpitCommand(['install', '--dir', dir], cliIo().io, { POOLWATCH_SOCKET: '/run/x/p.sock' }, built)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).adminSocket).toBe('/run/x/p-admin.sock');
  });

  it('refuses relative paths and a missing build, and uninstalls', async () => {
    const io = cliIo();
    expect(await cockpitCommand(['install', '--dir', 'relative'], io.io, {}, built)).toBe(2);
    expect(await cockpitCommand(['install', '--dir', join(work, 'x')], io.io, {}, join(work, 'nothing'))).toBe(2);
    expect(io.stderr()).toMatch(/run npm run build/);
    const dir = join(work, 'gone');
    await cockpitCommand(['install', '--dir', dir], cliIo().io, {}, built);
    expect(await cockpitCommand(['uninstall', '--dir', dir], cliIo().io, {}, built)).toBe(0);
    expect(() => readFileSync(join(dir, 'config.json'))).toThrow();
  });

  it('never replaces or removes a folder that is not its own page (a parent folder, another package)', async () => {
    const parent = join(work, 'cockpit-share');
    const other = join(parent, 'system');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'manifest.json'), '{"name":"system"}');
    for (const [sub, dir] of [['install', parent], ['uninstall', parent], ['install', other], ['uninstall', other]] as const) {
      const io = cliIo();
      expect(await cockpitCommand([sub, '--dir', dir], io.io, {}, built), `${sub} ${dir}`).toBe(2);
      expect(io.stderr()).toContain("other than poolwatch's Cockpit page");
      expect(io.stderr()).toContain('nothing was changed');
    }
    expect(readFileSync(join(other, 'manifest.json'), 'utf8')).toBe('{"name":"system"}');
    // An empty folder made beforehand is fine.
    const empty = join(work, 'empty');
    mkdirSync(empty);
    expect(await cockpitCommand(['install', '--dir', empty], cliIo().io, {}, built)).toBe(0);
  });
});
