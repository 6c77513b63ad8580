import { readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli-io.ts';
import { PARSE_KINDS } from './parse-kinds.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const fixture = (name: string) => join(ROOT, 'fixtures', name);

const run = runCli;

describe('poolwatch parse', () => {
  it('knows at least the kinds the issue names', () => {
    for (const k of ['fi-show', 'dev-stats', 'dev-stats-json', 'fi-usage', 'fi-df', 'device-usage', 'balance-status', 'scrub-status', 'replace-status', 'version']) {
      expect(PARSE_KINDS, k).toHaveProperty(k);
    }
  });

  it('parses fi show from stdin and prints JSON naming the missing devid', async () => {
    const text = readFileSync(fixture('rockstor/btrfs-fi-show-raw-label__test_pool_missing_dev_count__1.txt'), 'utf8');
    const r = await run(['parse', 'fi-show', '-'], text);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { pools: { uuid: string; missingDevids: number[] }[] };
    expect(parsed.pools[0]?.uuid).toBe('21345a94-f2bf-48d7-a2be-37734ffd2a48');
    expect(parsed.pools[0]?.missingDevids).toEqual([1]);
  });

  it('parses a file given by path', async () => {
    const r = await run(['parse', 'version', fixture('lab/version__v6-2.txt')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 'v6.2', major: 6, minor: 2 });
  });

  it('exits 2 naming the kind and the offending line on input it cannot parse', async () => {
    const r = await run(['parse', 'fi-show'], "Label: 'x'  uuid: 8f1b1f5c-7c1e-4b5e-9b1a-0a0a0a0a0a0a\n\tTotal devices 1 FS bytes used 1\n\tthis is not a devid line\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fi-show');
    expect(r.stderr).toMatch(/line 3/);
    expect(r.stderr).toContain('this is not a devid line');
    expect(r.stdout).toBe('');
  });

  it('exits 2 on an unknown kind, listing the known ones', async () => {
    const r = await run(['parse', 'nonsense']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown kind "nonsense".*fi-show/);
  });

  it('exits 2 on a file that cannot be read', async () => {
    const r = await run(['parse', 'fi-show', '/nonexistent/file.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read /nonexistent/file.txt');
  });

  it('runs as `npx poolwatch` through the bin entry', () => {
    const out = execFileSync(join(ROOT, 'bin', 'poolwatch.mjs'), ['parse', 'dev-stats', fixture('rockstor/btrfs-device-stats-c__test_get_dev_io_error_stats__1.txt')], { encoding: 'utf8' });
    expect(JSON.parse(out).devices[0].errors).toEqual({ write: 0, read: 0, flush: 0, corruption: 0, generation: 0 });
    const bad = spawnSync(join(ROOT, 'bin', 'poolwatch.mjs'), ['parse', 'balance-status'], { input: 'garbage in\n', encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('balance-status');
  // Two real starts of the bin entry (tsx compiles on start): seconds each on a busy two-core machine.
  }, 60_000);
});
