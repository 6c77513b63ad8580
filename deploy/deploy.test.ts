/**
 * The files an admin installs: the systemd unit passes `systemd-analyze verify` without a warning
 * (where systemd-analyze exists) and keeps the hardening the install docs promise; the example
 * settings file holds only settings the server accepts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';

const UNIT = join(import.meta.dirname, 'systemd', 'poolwatch.service');
const ENV_EXAMPLE = join(import.meta.dirname, 'poolwatch.env');

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const analyze = hasCommand('systemd-analyze');
if (!analyze) console.warn('skipping systemd-analyze verify: systemd-analyze is not installed here');

/** `Key=value` lines of one section, in order (a key may repeat). */
function section(text: string, name: string): [string, string][] {
  const out: [string, string][] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) current = head[1]!;
    else if (current === name) {
      const eq = line.indexOf('=');
      out.push([line.slice(0, eq), line.slice(eq + 1)]);
    }
  }
  return out;
}

describe('deploy/systemd/poolwatch.service', () => {
  const unit = readFileSync(UNIT, 'utf8');
  const service = section(unit, 'Service');
  const value = (key: string) => service.filter(([k]) => k === key).map(([, v]) => v);

  it.skipIf(!analyze)('passes systemd-analyze verify without errors or warnings', () => {
    // verify resolves the unit by its file name; a copy outside the tree keeps the checkout clean.
    const dir = mkdtempSync(join(tmpdir(), 'poolwatch-unit-'));
    try {
      copyFileSync(UNIT, join(dir, 'poolwatch.service'));
      const r = spawnSync('systemd-analyze', ['verify', join(dir, 'poolwatch.service')], { encoding: 'utf8' });
      expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the compiled server (poolwatch serve), as root, with its data in the state directory', () => {
    expect(value('ExecStart')).toEqual(['/usr/bin/env poolwatch serve']);
    expect(value('User')).toEqual(['root']);
    expect(value('StateDirectory')).toEqual(['poolwatch']);
    expect(value('Environment')).toContain('POOLWATCH_DATA_DIR=/var/lib/poolwatch');
    // The Cockpit sockets live in the runtime directory systemd makes (ADR 016).
    expect(value('Environment')).toContain('POOLWATCH_SOCKET=/run/poolwatch/poolwatch.sock');
    expect(value('RuntimeDirectory')).toEqual(['poolwatch']);
    expect(value('EnvironmentFile')).toEqual(['-/etc/default/poolwatch']);
  });

  it('never limits device access: btrfs and smartctl open every disk', () => {
    // ProtectClock implies DeviceAllow=char-rtc, and any DeviceAllow makes the device policy an allow list.
    expect(service.filter(([k]) => ['DeviceAllow', 'DevicePolicy', 'PrivateDevices', 'ProtectClock'].includes(k))).toEqual([]);
  });

  it('keeps the hardening the install docs promise, and logs to the journal', () => {
    for (const [key, want] of [['NoNewPrivileges', 'yes'], ['PrivateTmp', 'yes'], ['ProtectHome', 'yes'], ['StandardOutput', 'journal'], ['StandardError', 'journal']]) {
      expect(value(key!), key).toEqual([want]);
    }
  });
});

describe('deploy/poolwatch.env', () => {
  it('names only settings the server accepts, with example values it accepts', () => {
    const env: Record<string, string> = {};
    for (const line of readFileSync(ENV_EXAMPLE, 'utf8').split('\n')) {
      const m = /^#?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (m) env[m[1]!] = m[2]!;
    }
    expect(Object.keys(env).length).toBeGreaterThan(3);
    expect(() => loadConfig(env)).not.toThrow();
    const known = execFileSync('grep', ['-rhoE', 'POOLWATCH_[A-Z_]+|\\bPORT\\b|\\bHOST\\b', join(import.meta.dirname, '..', 'server')], { encoding: 'utf8' });
    for (const name of Object.keys(env)) expect(known, `${name} is read by the server`).toContain(name);
  });
});
