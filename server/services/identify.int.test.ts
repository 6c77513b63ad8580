/**
 * Identify / blink on real loop devices (issue 10 item 2, ADR 024): the plan names the disk by its
 * backing file, the job reads the disk in bursts (read-only: the pool keeps its data and counters)
 * and ends; a cancel stops it within about a second. Where ledmon is installed, ledctl is tried
 * first: it finds no enclosure for a loop device, says so, and the job blinks with reads instead.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentifyPlan, IdentifyStarted } from '../../contracts/identify.ts';
import { downScenario, upScenario } from '../../lab/cli.ts';
import { sh, waitFor } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { sha256File, startTestServer, type TestServer } from '../../lab/jobs-test-server.ts';

const skip = await labSkipReason();
const LAB_ROOT = resolve(join(import.meta.dirname, '..', '..', '.lab', `identify-${process.pid}`));
const NAME = 'spare';

describe.skipIf(skip !== null)('identify (blink) a disk on real loop devices', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(LAB_ROOT);
  });

  afterAll(async () => {
    await t?.close();
    await downScenario(LAB_ROOT, NAME).catch(() => undefined);
    await sh('rm', ['-rf', LAB_ROOT]);
  });

  it('plans, runs read bursts and ends; a cancel stops it; the pool is untouched', async () => {
    const lab = await upScenario(LAB_ROOT, NAME, { break: false });
    const pool = lab.pool('spare');
    await waitFor(async () => (await t.pool(pool.uuid)).devices.filter((d) => !d.missing).length === 2, 'the pool whole', 30_000);
    const key = `loop:${lab.state.disks.d1!.file}`;
    const loop = lab.loopOf('d1');
    const file = join(pool.mountPoint!, 'identify-check.bin');
    // conv=fsync: this file's data on disk, without a machine-wide sync (other pools may hang it).
    await sh('dd', ['if=/dev/urandom', `of=${file}`, 'bs=1M', 'count=8', 'status=none', 'conv=fsync']);
    const before = await sha256File(file);
    const ledctl = (await sh('sh', ['-c', 'command -v ledctl || true'])).stdout.trim() !== '';

    // Unknown disk: 404; nothing runs.
    expect((await t.api(`/api/disks/${encodeURIComponent('loop:/nowhere.img')}/identify`)).status).toBe(404);

    // The plan names the disk by its backing file (a loop device has no serial), the path last.
    const planned = await t.api(`/api/disks/${encodeURIComponent(key)}/identify?seconds=5`);
    expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    const plan = IdentifyPlan.parse(planned.body);
    expect(plan.disk).toBe(`loop device backed by ${lab.state.disks.d1!.file}, 512 MiB; now at ${loop}`);
    expect(plan.ledctlInstalled).toBe(ledctl);
    expect(plan.method).toBe(ledctl ? 'ledctl' : 'read-pattern');
    expect(plan.commands.at(-1)).toEqual(['dd', '--', `if=${loop}`, 'of=/dev/null', 'bs=1M', 'count=16', 'skip=0', 'iflag=direct', 'status=none']);
    if (ledctl) expect(plan.commands[0]).toEqual(['ledctl', '--', `locate=${loop}`]);
    expect(plan.description).toMatch(/activity LED blinks/);

    // Bad input: refused, nothing starts.
    const bad = await t.api(`/api/disks/${encodeURIComponent(key)}/identify`, { body: { seconds: 1 } });
    expect(bad.status).toBe(400);

    // 5 s: runs, reads, ends succeeded.
    const started = await t.api(`/api/disks/${encodeURIComponent(key)}/identify`, { body: { seconds: 5 } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const { job } = await t.waitJob(IdentifyStarted.parse(started.body).jobId, 30_000);
    expect(job.state, `${job.error} ${job.log.join('\n')}`).toBe('succeeded');
    expect(job.kind).toBe('identify-disk');
    expect(job.target).toBe(plan.disk);
    const reads = job.argv.filter((a) => a[0] === 'dd');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    for (const a of reads) expect(a.slice(0, 3)).toEqual(['dd', '--', `if=${loop}`]);
    if (ledctl) {
      expect(job.argv[0]).toEqual(['ledctl', '--', `locate=${loop}`]);
      expect(job.log.join('\n')).toMatch(/ledctl could not light a locate LED for \/dev\/loop\d+: ledctl: .*not supported.*Blinking the activity LED with reads instead/);
    }
    expect(job.result?.summary).toMatch(/was read in a 1 s on \/ 1 s off pattern for [4-7] s$/);

    // 60 s, cancelled after the first burst: cancelled within a few seconds, not a minute.
    const long = await t.api(`/api/disks/${encodeURIComponent(key)}/identify`, { body: { seconds: 60 } });
    const id = IdentifyStarted.parse(long.body).jobId;
    await waitFor(async () => ((await t.api(`/api/jobs/${id}`)).body.job as { argv: string[][] }).argv.some((a) => a[0] === 'dd'), 'a first read burst', 20_000);
    const asked = Date.now();
    expect((await t.api(`/api/jobs/${id}/cancel`, { body: {} })).status).toBe(202);
    const cancelled = (await t.waitJob(id, 20_000)).job;
    expect(cancelled.state, cancelled.error ?? '').toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(5_000);

    // Read-only: the data and the error counters are as they were.
    expect(await sha256File(file)).toBe(before);
    const after = await t.pool(pool.uuid);
    expect(after.devices.every((d) => !d.missing && (d.errors ? Object.values(d.errors).every((v) => v === 0) : true))).toBe(true);
  }, 240_000);
});
