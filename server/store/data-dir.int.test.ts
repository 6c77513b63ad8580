/**
 * The full data dir, for real: poolwatch's data dir on a tiny loop-mounted ext4 (in the lab's own
 * folder), filled to the last block. Reads keep answering 200, the status names the reason, a
 * change is refused before anything runs; when space comes back, so do changes. Then the same with
 * the file system remounted read-only. Each time, a webhook configured by the environment is told
 * "poolwatch cannot write its data folder", and "resolved" when the probe writes again. And a second
 * server on the same data dir refuses to start.
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../contracts/api.ts';
import { WatchStatus } from '../../contracts/views.ts';
import { DEFAULT_LAB_DIR, Lab, sh, teardown, waitFor } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { systemClock } from '../clock.ts';
import { FakeHost } from '../test-support/fake-host.ts';
import { apiTokens, serve, testGraph, type Served, type TestGraph } from '../test-support/graph.ts';
import type { HostRecording } from '../test-support/recording-host.ts';
import { startHttpPeer, type HttpPeer } from '../test-support/notify-peers.ts';
import type { NotifyEvent } from '../../contracts/notify.ts';
import type { Clock } from '../clock.ts';

const skip = await labSkipReason();
const cap = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'lab', 'host-spare.json'), 'utf8')) as {
  broken: HostRecording; labPools: Record<string, { uuid: string; label: string }>;
};
const POOL = cap.labPools.spare!;
const LAB_ROOT = join(DEFAULT_LAB_DIR, `datadir-${process.pid}`);
const ROOT = join(import.meta.dirname, '..', '..');

/** Writes 1 MiB blocks into `file` until the file system says it is full. */
async function fill(file: string): Promise<void> {
  const fh = await open(file, 'w');
  const block = Buffer.alloc(1024 * 1024, 0x5a);
  try {
    for (;;) await fh.write(block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await fh.close().catch(() => undefined);
  }
  // The last partial blocks too, so not even 4 KiB is left.
  const small = await open(`${file}.tail`, 'w');
  try {
    for (;;) await small.write(Buffer.alloc(4096, 0x5a));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await small.close().catch(() => undefined);
  }
}

describe.skipIf(skip)('the data dir on a tiny file system', () => {
  let lab: Lab;
  let dataDir: string;
  let graph: TestGraph<Clock>;
  let host: FakeHost;
  let served: Served;
  let tokens: { admin: string; viewer: string };
  let loopName = '';
  let hook: HttpPeer;
  /** What the webhook was told about the data folder, as `phase` in arrival order. */
  const dataDirTold = () => hook.requests
    .flatMap((r) => (JSON.parse(r.body) as { events: NotifyEvent[] }).events)
    .filter((e) => e.kind === 'data-dir-unwritable')
    .map((e) => e.phase);

  beforeAll(async () => {
    lab = await Lab.create(LAB_ROOT, 'tiny');
    const disk = await lab.disk('data', 8);
    // No blocks reserved for root: poolwatch runs as root and would otherwise write on.
    await sh('mkfs.ext4', ['-q', '-F', '-m', '0', '-L', 'pw-data', disk.loop!]);
    dataDir = join(lab.state.dir, 'mnt', 'data');
    await sh('mkdir', ['-p', dataDir]);
    // errors=remount-ro: the read-only test makes the kernel flip it read-only under the open database.
    await sh('mount', ['-t', 'ext4', '-o', 'errors=remount-ro', disk.loop!, dataDir]);
    loopName = disk.loop!.replace('/dev/', '');
    host = FakeHost.fromRecording(cap.broken);
    hook = await startHttpPeer();
    graph = testGraph({
      host, clock: systemClock, config: { fullScanSeconds: 3600 },
      env: { POOLWATCH_DATA_DIR: dataDir, POOLWATCH_WEBHOOK_URL: `${hook.url}/datadir`, POOLWATCH_WEBHOOK_SECRET: 'data-dir-test-secret-0123456789' },
    });
    await graph.start({ info: () => undefined, warn: () => undefined, error: () => undefined });
    tokens = apiTokens(graph);
    served = await serve(graph);
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
    await hook?.close();
    await teardown(LAB_ROOT);
  });

  const get = (path: string, token = tokens.viewer) => fetch(`${served.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${served.base}${path}`, { method, headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const manage = (managed: boolean) => post(`/api/pools/${POOL.uuid}/manage`, { managed }, 'PUT');
  const status = async () => WatchStatus.parse(await (await get('/api/status')).json());
  const READS = ['/api/pools', `/api/pools/${POOL.uuid}`, '/api/disks', '/api/jobs', '/api/audit', '/api/session', '/api/smart', '/api/status'];

  it('full: every read answers 200, the status says the disk is full, a change is refused before anything runs', async () => {
    expect((await manage(true)).status).toBe(200);
    // A token never used yet: its first use wants to write "last used" — on a full disk.
    const fresh = graph.auth.createToken('test', 'fresh-reader', 'viewer').secret;
    await fill(join(dataDir, 'filler'));
    for (const path of READS) {
      for (const token of [tokens.viewer, fresh]) {
        const r = await get(path, token);
        expect(r.status, `${path}: ${r.status === 200 ? '' : await r.text()}`).toBe(200);
      }
    }
    const calls = host.calls.length;
    const refused = await post(`/api/pools/${POOL.uuid}/actions/scrub-start`, {});
    expect(refused.status).toBe(503);
    const body = ApiError.parse(await refused.json());
    expect(body.code).toBe('data-dir-unwritable');
    expect(body.message).toMatch(new RegExp(`^poolwatch cannot write its data dir ${dataDir}: no space left on the device .*nothing ran`));
    // Reads may run meanwhile (the monitor looks at the machine when it learns the folder is full); nothing of the scrub did.
    expect(host.calls.slice(calls).filter((c) => /\bscrub\b/.test(c)), `no scrub command ran (ran: ${host.calls.slice(calls).join('; ')})`).toEqual([]);
    expect(graph.jobs.list({ poolUuid: POOL.uuid })).toEqual([]);
    const s = await status();
    expect(s.dataDir).toMatchObject({ writable: false, reason: expect.stringMatching(/no space left|disk is full/), since: expect.any(String) });
    // Told to the admin's channel, though nothing can be queued in the database.
    await waitFor(async () => dataDirTold().includes('start'), 'the webhook to be told the data folder cannot be written', 30_000);
    const told = hook.requests.map((r) => JSON.parse(r.body) as { events: NotifyEvent[] }).flatMap((b) => b.events).find((e) => e.kind === 'data-dir-unwritable')!;
    expect(told.text).toMatch(/no space left|disk is full|SQLITE_FULL/);
  });

  it('space again: the probe clears the alert and changes work', async () => {
    await rm(join(dataDir, 'filler'), { force: true });
    await rm(join(dataDir, 'filler.tail'), { force: true });
    const change = await manage(false);
    expect(change.status, await change.clone().text()).toBe(200);
    expect((await status()).dataDir).toMatchObject({ writable: true, reason: null });
    // The probe (once a minute) clears it; the test runs it now rather than waiting.
    graph.writes.probe(graph.db);
    await waitFor(async () => dataDirTold().includes('resolved'), 'the webhook to be told the data folder is writable again', 30_000);
    expect(dataDirTold()).toEqual(['start', 'resolved']);
  });

  it('read-only (the kernel remounts it after an error): reads answer 200, the status says read-only, changes are refused', async () => {
    // What ext4 does on a failing disk with errors=remount-ro, here on purpose (kept last: it stays read-only).
    await sh('sh', ['-c', `echo 1 > /sys/fs/ext4/${loopName}/trigger_fs_error`]);
    await waitFor(async () => (await sh('findmnt', ['-n', '-o', 'OPTIONS', dataDir])).stdout.trim().split(',').some((o) => o === 'ro' || o === 'emergency_ro'), 'the data dir to turn read-only');
    for (const path of READS) expect((await get(path)).status, path).toBe(200);
    const refused = await manage(true);
    expect(refused.status).toBe(503);
    expect(ApiError.parse(await refused.json()).message).toMatch(/cannot write its data dir .*read-only/);
    expect((await status()).dataDir).toMatchObject({ writable: false, reason: expect.stringMatching(/read-only/) });
    await waitFor(async () => dataDirTold().length === 3, 'the webhook to be told the data folder cannot be written again', 30_000);
    expect(dataDirTold()).toEqual(['start', 'resolved', 'start']);
  });

  it('two real servers on one data dir: the second refuses to start, naming the first', async () => {
    const shared = join(lab.state.dir, 'shared-data');
    const env = {
      ...process.env, HOST: '127.0.0.1', POOLWATCH_DATA_DIR: shared, POOLWATCH_FULL_SCAN_SECONDS: '3600',
      POOLWATCH_ADMIN_PASSWORD: 'two servers test pw', POOLWATCH_SMARTCTL: join(ROOT, 'fixtures', 'bin', 'smartctl'), JOURNAL_STREAM: '',
    };
    const first = execa(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...env, PORT: '18298' }, reject: false });
    try {
      let out = '';
      first.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor(async () => out.includes('serving on'), 'the first server to serve', 60_000);
      const second = await execa(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...env, PORT: '18299' }, reject: false, timeout: 60_000 });
      expect(second.exitCode).toBe(2);
      expect(second.stderr).toMatch(new RegExp(`another poolwatch server \\(pid ${first.pid}, started [^,]+, port 18298\\) is already using the data dir ${shared}`));
      expect(second.stdout).not.toContain('serving on');
      // The first one still serves.
      expect((await fetch('http://127.0.0.1:18298/api/health')).status).toBe(200);
    } finally {
      first.kill('SIGTERM');
      await first;
    }
  });
});
