/**
 * The SMART API through the real Express app (auth included), the real execa path and the fake
 * smartctl: summaries, per-disk reports, refresh, device type, self-test and ERC jobs, smartd.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../contracts/api.ts';
import { AuditResponse } from '../../../contracts/audit.ts';
import { JobResponse, isActiveJobState, type Job } from '../../../contracts/jobs.ts';
import {
  DiskSmartResponse,
  SmartAbortResponse,
  SmartErcResponse,
  SmartJobStartedResponse,
  SmartSummaryResponse,
  SmartdApplyResponse,
  SmartdConfigResponse,
} from '../../../contracts/smart.ts';
import { RealHost } from '../../host/real-host.ts';
import { FAKE_DEVICES, useFakeSmartctl, type FakeSmartctl } from '../../test-support/fake-smartctl-env.ts';
import { TestInventory, disk, member, raid1Pool, snapshotOf } from '../../test-support/smart-snapshot.ts';
import { apiTokens, serve, testGraph, type Served, type TestGraph } from '../../test-support/graph.ts';

const KEYS = { red: 'wwn:0x50014ee2b1', ocz: 'serial:OCZ-VERTEX2:OCZ-1', loop: 'loop:/srv/lab/disk 1.img' };
const path = (key: string, rest = '') => `/api/disks/${encodeURIComponent(key)}${rest}`;

describe('SMART API', () => {
  let graph: TestGraph;
  let served: Served;
  let base: string;
  let dir: string;
  let fake: FakeSmartctl;
  let admin = '';
  let viewer = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'poolwatch-smart-api-'));
    writeFileSync(join(dir, 'smartd.conf'), '# admin line\nDEVICESCAN -a\n');
    fake = useFakeSmartctl({
      '/dev/sda': 'sata-hdd-wd-red-wd20efrx.json',
      '/dev/sdb': { report: 'sata-ssd-samsung-860evo_x.json', poll: ['sata-hdd-wd140edfz-selftest-in-progress_a.json', 'sata-ssd-samsung-860evo_x.json'] },
    });
    const inventory = new TestInventory(snapshotOf(
      [member(KEYS.red, '/dev/sda', 1, ['/dev/disk/by-id/ata-WDC_WD20EFRX_1']), member(KEYS.ocz, '/dev/sdb', 2), disk(KEYS.loop, '/dev/loop3', { type: 'loop' })],
      [raid1Pool([{ devid: 1, path: '/dev/sda' }, { devid: 2, path: '/dev/sdb' }])],
    ));
    graph = testGraph({
      // The fake clock moves as the self-test poll sleeps: no real waiting between polls.
      host: new RealHost({ testDevices: FAKE_DEVICES }), inventory,
      env: { POOLWATCH_SMARTCTL: fake.binary, POOLWATCH_DATA_DIR: dir, POOLWATCH_SMARTD_CONF: join(dir, 'smartd.conf'), POOLWATCH_SELF_TEST_POLL_SECONDS: '0.05' },
    });
    ({ admin, viewer } = apiTokens(graph));
    served = await serve(graph);
    base = served.base;
  });

  afterAll(async () => {
    await served?.close();
    graph?.stop();
    fake?.restore();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(method: string, url: string, opts: { body?: unknown; token?: string | null } = {}) {
    const token = opts.token === undefined ? admin : opts.token;
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${url}`, { method, headers, body: opts.body === undefined ? null : JSON.stringify(opts.body) });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  /** The job once it ended, as GET /api/jobs/:id shows it. */
  async function finished(jobId: string): Promise<Job> {
    await graph.jobs.wait(jobId);
    const job = JobResponse.parse((await call('GET', `/api/jobs/${jobId}`, { token: viewer })).body).job;
    expect(isActiveJobState(job.state), `job ${jobId} ended`).toBe(false);
    return job;
  }

  it('needs a user for reads and an admin for changes', async () => {
    expect((await call('GET', '/api/smart', { token: null })).status).toBe(401);
    const refused = await call('POST', path(KEYS.red, '/smart/refresh'), { token: viewer });
    expect(refused.status).toBe(403);
    expect(ApiError.parse(refused.body).code).toBe('forbidden');
  });

  it('GET /api/disks/:key/smart reads a disk on first view; a loop device is "SMART not available"', async () => {
    const red = await call('GET', path(KEYS.red, '/smart'), { token: viewer });
    expect(red.status).toBe(200);
    expect(DiskSmartResponse.parse(red.body)).toMatchObject({ diskKey: KEYS.red, status: 'passed', report: { protocol: 'ata' }, history: [{ status: 'passed' }] });
    const loop = DiskSmartResponse.parse((await call('GET', path(KEYS.loop, '/smart'), { token: viewer })).body);
    expect(loop).toMatchObject({ status: 'not-available', path: '/dev/loop3', error: null });
    expect(loop.summary).toMatch(/^SMART not available/);
  });

  it('GET /api/smart summarises every disk', async () => {
    await call('GET', path(KEYS.ocz, '/smart'));
    const body = SmartSummaryResponse.parse((await call('GET', '/api/smart', { token: viewer })).body);
    expect(body.refreshMinutes).toBe(30);
    expect(Object.fromEntries(body.disks.map((d) => [d.diskKey, d.status]))).toEqual({ [KEYS.red]: 'passed', [KEYS.ocz]: 'passed', [KEYS.loop]: 'not-available' });
    expect(body.disks.find((d) => d.diskKey === KEYS.ocz)?.warningCodes).toEqual(['erc-not-set']);
  });

  it('POST refresh, and 404 for a disk poolwatch does not know', async () => {
    const r = await call('POST', path(KEYS.red, '/smart/refresh'));
    expect(r.status).toBe(200);
    expect(DiskSmartResponse.parse(r.body).status).toBe('passed');
    const missing = await call('GET', path('serial:nope', '/smart'));
    expect(missing.status).toBe(404);
  });

  it('PUT device-type validates the type', async () => {
    const bad = await call('PUT', path(KEYS.red, '/smart/device-type'), { body: { deviceType: 'sat; reboot' } });
    expect(bad.status).toBe(400);
    const ok = await call('PUT', path(KEYS.red, '/smart/device-type'), { body: { deviceType: 'sat' } });
    expect(DiskSmartResponse.parse(ok.body).deviceType).toMatchObject({ effective: 'sat', source: 'override' });
    expect(fake.calls()).toContainEqual(['-j', '-x', '-d', 'sat', '--', '/dev/sda']);
    await call('PUT', path(KEYS.red, '/smart/device-type'), { body: { deviceType: null } });
  });

  it('POST self-test starts a smart-self-test job that follows the test to its result', async () => {
    expect((await call('POST', path(KEYS.ocz, '/smart/self-test'), { body: { type: 'bogus' } })).status).toBe(400);
    const started = await call('POST', path(KEYS.ocz, '/smart/self-test'), { body: { type: 'short' } });
    expect(started.status).toBe(202);
    const { jobId, kind } = SmartJobStartedResponse.parse(started.body);
    expect(kind).toBe('smart-self-test');
    const job = await finished(jobId);
    expect(job, `${job.error} ${job.log.join('\n')}`).toMatchObject({ kind: 'smart-self-test', state: 'succeeded', target: expect.stringMatching(/; now at \/dev\/sdb$/), createdBy: 'token:admin-token', result: { summary: 'Short offline self-test: Completed without error' } });
  });

  it('POST self-test/abort runs smartctl -X when no job follows a test', async () => {
    const r = await call('POST', path(KEYS.ocz, '/smart/self-test/abort'));
    expect(r.status).toBe(200);
    expect(SmartAbortResponse.parse(r.body).message).toContain('Self-testing aborted!');
  });

  it('ERC: read, set 70,70 as a smart-set-erc job, read again', async () => {
    const before = SmartErcResponse.parse((await call('GET', path(KEYS.ocz, '/erc'), { token: viewer })).body);
    expect(before).toMatchObject({ redundantMember: true, erc: { state: 'supported', read: { enabled: false } }, warnings: [{ code: 'erc-not-set' }] });
    expect((await call('POST', path(KEYS.ocz, '/erc'), { body: { readDeciseconds: -5 } })).status).toBe(400);
    const started = await call('POST', path(KEYS.ocz, '/erc'), { body: {} });
    expect(started.status).toBe(202);
    const { jobId } = SmartJobStartedResponse.parse(started.body);
    expect(await finished(jobId)).toMatchObject({ kind: 'smart-set-erc', state: 'succeeded' });
    const after = SmartErcResponse.parse((await call('GET', path(KEYS.ocz, '/erc'))).body);
    expect(after).toMatchObject({ erc: { read: { enabled: true, deciseconds: 70 }, write: { deciseconds: 70 } }, setting: { reapplyAtStart: true, setBy: 'token:admin-token' }, warnings: [] });
  });

  it('smartd: preview, then apply with a backup and an audit entry', async () => {
    const view = SmartdConfigResponse.parse((await call('GET', '/api/smartd', { token: viewer })).body);
    expect(view.changed).toBe(true);
    expect(view.disks.find((d) => d.diskKey === KEYS.loop)?.skippedBecause).toBe('SMART is not available on it');
    expect(view.block.some((l) => l.startsWith('/dev/disk/by-id/ata-WDC_WD20EFRX_1 -a -o on -S on -s '))).toBe(true);
    const applied = SmartdApplyResponse.parse((await call('POST', '/api/smartd/apply', { body: { reload: false } })).body);
    expect(applied).toMatchObject({ written: true, config: { changed: false } });
    expect(readFileSync(applied.backupPath!, 'utf8')).toBe('# admin line\nDEVICESCAN -a\n');
    const written = readFileSync(join(dir, 'smartd.conf'), 'utf8');
    expect(written.indexOf('# BEGIN poolwatch')).toBeLessThan(written.indexOf('DEVICESCAN -a'));
    const log = AuditResponse.parse((await call('GET', '/api/audit', { token: viewer })).body);
    expect(log.entries.find((e) => e.action === 'smartd.apply')).toMatchObject({ actor: 'token:admin-token', outcome: 'ok' });
  });
});
