/**
 * Reading long operations back from the kernel: what each status means for a job, over captured
 * status outputs (fixtures/lab) answered by the strict FakeHost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeHost, type PlannedCommand } from '../test-support/fake-host.ts';
import { cmd } from '../host/commands.ts';
import { jobCmd } from '../host/job-commands.ts';
import {
  allocatedBytesOf,
  cancelCommand,
  observe,
  removeProgressPercent,
  unconverted,
  type KernelOp,
} from './kernel-ops.ts';

const LAB = join(import.meta.dirname, '..', '..', 'fixtures', 'lab');
const fixture = (name: string): string => readFileSync(join(LAB, `${name}.txt`), 'utf8');
const UUID = 'cd9fbaa7-53d5-4e2b-8bbc-215f2af48450';
const MNT = '/mnt2/pool';
const ok = (stdout: string, exitCode = 0) => ({ stdout, stderr: '', exitCode });
const planned = (spec: { file: string; args: readonly string[] }, stdout: string, exitCode = 0): PlannedCommand =>
  ({ file: spec.file, args: spec.args, result: ok(stdout, exitCode) });
const exop = (value: string) => ({ [`/sys/fs/btrfs/${UUID}/exclusive_operation`]: `${value}\n` });
/** Local time, as btrfs prints it: the fixtures were captured on 26 Nov 2026. */
const at = (h: number, m: number, s: number) => new Date(2026, 10, 26, h, m, s).toISOString();
const settled = { now: new Date(), starting: false };

describe('replace', () => {
  const op = (startedAt: string): KernelOp => ({ type: 'replace', poolUuid: UUID, mountPoint: MNT, startedAt, devid: 2, targetPath: '/dev/sdz' });
  const host = (status: string, op = 'none') => new FakeHost([planned(jobCmd.replaceStatus(MNT), fixture(status))], exop(op));

  it('running: progress from the status line', async () => {
    const o = await observe(host('replace-status__running-throttled', 'device replace'), op(at(15, 3, 0)), settled);
    expect(o).toMatchObject({ running: true, progress: { percent: 20.8, detail: '20.8% done, 0 write errs, 0 uncorr. read errs' }, outcome: null });
  });
  it('finished after the job started: succeeded', async () => {
    const o = await observe(host('replace-status__finished'), op(at(15, 4, 4)), settled);
    expect(o.running).toBe(false);
    expect(o.outcome).toMatchObject({ state: 'succeeded', result: { summary: 'replace of devid 2 finished: 0 write errors, 0 uncorrectable read errors' } });
  });
  it('a finished status older than the job is an earlier replace: "starting" at first, then failed', async () => {
    const old = op(at(16, 0, 0));
    expect((await observe(host('replace-status__finished'), old, { now: new Date(), starting: true })).progress?.detail).toBe('starting');
    const o = await observe(host('replace-status__finished'), old, settled);
    expect(o.outcome).toMatchObject({ state: 'failed', message: expect.stringMatching(/the replace did not start/) });
  });
  it('canceled by the kernel or the admin: failed here, the runner knows whether the admin asked', async () => {
    const o = await observe(host('replace-status__cancelled'), op(at(15, 3, 19)), settled);
    expect(o.outcome?.state).toBe('failed');
    expect(o.outcome?.message).toMatch(/the kernel stopped it and its log says why/);
  });
  it('refused by the kernel for lack of space (captured): failed, with the reason in words', async () => {
    const enospc = new FakeHost(
      [planned(jobCmd.replaceStatus(MNT), fixture('replace-status__enospc')), planned(jobCmd.kernelLog(), fixture('kernel-log__replace-enospc'))],
      exop('none'), { [`/sys/fs/btrfs/${UUID}/devices`]: ['loop1', 'loop2', 'loop3'] },
    );
    const o = await observe(enospc, op(new Date(2026, 11, 3, 14, 56, 43).toISOString()), settled);
    expect(o.outcome).toMatchObject({ state: 'failed', message: expect.stringMatching(/^the replace failed: not enough unallocated space on the remaining disks/) });
  });
  it('never started but the kernel says "device replace": still running', async () => {
    const o = await observe(host('replace-status__never-started', 'device replace'), op(at(15, 3, 0)), settled);
    expect(o.running).toBe(true);
  });
});

describe('balance', () => {
  const convert: KernelOp = { type: 'balance', poolUuid: UUID, mountPoint: MNT, startedAt: at(15, 0, 0), convert: { data: 'raid1', metadata: 'raid1' } };
  it('running and paused count as running, with chunk progress', async () => {
    const running = await observe(new FakeHost([planned(jobCmd.balanceStatus(MNT), fixture('balance-status__running'), 1)]), convert, settled);
    expect(running).toMatchObject({ running: true, progress: { percent: 0, detail: '0 of about 3 chunks balanced' } });
    const paused = await observe(new FakeHost([planned(jobCmd.balanceStatus(MNT), fixture('balance-status__paused'), 1)]), convert, settled);
    expect(paused.running).toBe(true);
    expect(paused.progress?.detail).toMatch(/paused$/);
  });
  it('a convert that ended: succeeded when every chunk has the profile, failed when some have not', async () => {
    const idle = planned(jobCmd.balanceStatus(MNT), fixture('balance-status__idle'));
    const done = await observe(new FakeHost([idle, planned(cmd.fiUsage(MNT), fixture('fi-usage__raw-raid1-3-healthy'))]), convert, settled);
    expect(done.outcome).toMatchObject({ state: 'succeeded', result: { summary: 'every chunk is raid1 (data) / raid1 (metadata, system)' } });
    const mixed = await observe(new FakeHost([idle, planned(cmd.fiUsage(MNT), fixture('fi-usage__raw-raid1-2-replaced-leftover-single'))]), convert, settled);
    expect(mixed.outcome).toMatchObject({ state: 'failed', message: expect.stringMatching(/chunks still not converted \(data single, metadata single, system single\)/) });
  });
  describe('a full balance: the kernel log says how it ended (--bg exits 0 whatever happens)', () => {
    const full: KernelOp = { type: 'balance', poolUuid: UUID, mountPoint: MNT, startedAt: '2026-12-03T14:51:26.900Z', convert: null };
    const hostWith = (log: string | null) => new FakeHost(
      [planned(jobCmd.balanceStatus(MNT), fixture('balance-status__idle')), ...(log ? [planned(jobCmd.kernelLog(), fixture(log))] : [])],
      {}, { [`/sys/fs/btrfs/${UUID}/devices`]: ['loop0'] },
    );
    it('ENOSPC (captured on a 95 % full pool): failed, in words, with the next step', async () => {
      const o = await observe(hostWith('kernel-log__full-balance-enospc'), full, settled);
      expect(o.outcome?.state).toBe('failed');
      expect(o.outcome?.message).toMatch(/^the full balance failed: not enough unallocated space on the remaining disks \(9 chunk\(s\) could not be moved\)\. Nothing was lost/);
    });
    it('status 0: succeeded', async () => {
      const o = await observe(hostWith('kernel-log__full-balance-ok'), { ...full, startedAt: '2026-12-03T14:52:15.000Z' }, settled);
      expect(o.outcome).toMatchObject({ state: 'succeeded', result: { summary: 'the kernel finished the balance without error' } });
    });
    it('no end in the kernel log: "starting" right after the start, then failed — never a success nobody confirmed', async () => {
      expect((await observe(hostWith(null), full, { now: new Date(), starting: true })).running).toBe(true);
      const o = await observe(hostWith(null), full, settled);
      expect(o.outcome).toMatchObject({ state: 'failed', message: expect.stringMatching(/cannot confirm it finished/) });
    });
  });
  it('unconverted() names the types still in another profile', () => {
    expect(unconverted({ data: ['raid1', 'single'], metadata: ['raid1'], system: ['dup'] }, { data: 'raid1', metadata: 'raid1' })).toEqual(['data single', 'system dup']);
  });
});

describe('scrub', () => {
  const op: KernelOp = { type: 'scrub', poolUuid: UUID, mountPoint: MNT, startedAt: at(15, 2, 17) };
  it('running: percent and the time left btrfs estimates', async () => {
    const o = await observe(new FakeHost([planned(jobCmd.scrubStatus(MNT), fixture('scrub-status__running-throttled'))]), { ...op, startedAt: at(15, 2, 39) }, settled);
    expect(o).toMatchObject({ running: true, progress: { percent: 65.41, etaSeconds: 5 } });
  });
  it('finished: the result counts errors found, corrected and uncorrectable (from -R)', async () => {
    const host = new FakeHost([
      planned(jobCmd.scrubStatus(MNT), fixture('scrub-status__finished-csum-corrected')),
      planned(jobCmd.scrubStatusRaw(MNT), fixture('scrub-status__raw-finished-csum-corrected')),
    ]);
    const o = await observe(host, op, settled);
    expect(o.outcome).toMatchObject({
      state: 'succeeded',
      result: { summary: 'scrub found 3 errors: 3 corrected, 0 uncorrectable', scrub: { state: 'finished', errorsFound: 3, corrected: 3, uncorrectable: 0, csum: 3, bytesScrubbed: 59113472 } },
    });
  });
  it('aborted is a cancel; a scrub older than the job means ours did not start', async () => {
    const host = new FakeHost([planned(jobCmd.scrubStatus(MNT), fixture('scrub-status__aborted')), planned(jobCmd.scrubStatusRaw(MNT), fixture('scrub-status__raw-aborted'))]);
    const aborted = await observe(host, { ...op, startedAt: at(15, 2, 26) }, settled);
    expect(aborted.outcome?.state).toBe('cancelled');
    const stale = await observe(host, { ...op, startedAt: at(16, 0, 0) }, settled);
    expect(stale.outcome).toMatchObject({ state: 'failed', message: expect.stringMatching(/did not start/) });
  });
  it('"no stats available" just after a running scrub ended is btrfs still writing the result: settling, not a scrub that never ran', async () => {
    const host = () => new FakeHost([planned(jobCmd.scrubStatus(MNT), fixture('scrub-status__just-cancelled'))]);
    const ending = await observe(host(), op, { ...settled, ending: true });
    expect(ending).toMatchObject({ running: true, settling: true, outcome: null });
    const never = await observe(host(), op, settled);
    expect(never.outcome).toMatchObject({ state: 'failed', message: expect.stringMatching(/did not start/) });
  });
});

describe('device remove', () => {
  const op: KernelOp = { type: 'device-remove', poolUuid: UUID, mountPoint: MNT, startedAt: at(15, 0, 0), devid: 3, baselineBytes: 1_000_000_000 };
  const usage = fixture('device-usage__raw-raid1-3-healthy');
  it('running while the kernel says "device remove"; progress is the share moved off', async () => {
    const o = await observe(new FakeHost([planned(cmd.deviceUsage(MNT), usage)], exop('device remove')), op, settled);
    const left = allocatedBytesOf(usage, 3)!;
    expect(o).toMatchObject({ running: true, progress: { percent: removeProgressPercent(1_000_000_000, left) } });
  });
  it('ended: succeeded once btrfs no longer lists the devid, interrupted while it still does', async () => {
    const gone = await observe(new FakeHost([planned(cmd.deviceUsage(MNT), usage)], exop('none')), { ...op, devid: 7 }, settled);
    expect(gone.outcome).toMatchObject({ state: 'succeeded', result: { summary: 'devid 7 is no longer a member' } });
    const still = await observe(new FakeHost([planned(cmd.deviceUsage(MNT), usage)], exop('none')), op, settled);
    expect(still.outcome).toMatchObject({ state: 'interrupted', message: expect.stringMatching(/devid 3 is still a member/) });
  });
  it('progress arithmetic', () => {
    expect(removeProgressPercent(1000, 250)).toBe(75);
    expect(removeProgressPercent(1000, 1200)).toBe(0);
    expect(removeProgressPercent(0, 0)).toBe(100);
  });
});

it('each operation has its cancel command', () => {
  const base = { poolUuid: UUID, mountPoint: MNT, startedAt: at(15, 0, 0) };
  const argv = (op: KernelOp) => { const c = cancelCommand(op); return [c.file, ...c.args]; };
  expect(argv({ ...base, type: 'replace', devid: 1, targetPath: '/dev/sdz' })).toEqual(['btrfs', 'replace', 'cancel', '--', MNT]);
  expect(argv({ ...base, type: 'balance', convert: null })).toEqual(['btrfs', 'balance', 'cancel', '--', MNT]);
  expect(argv({ ...base, type: 'scrub' })).toEqual(['btrfs', 'scrub', 'cancel', '--', MNT]);
  expect(argv({ ...base, type: 'device-remove', devid: 1, baselineBytes: null })).toEqual(['btrfs', 'device', 'remove', '--', 'cancel', MNT]);
});
