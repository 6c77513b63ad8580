/**
 * SmartSelfTests (RealHost → fixtures/bin/smartctl): self-tests as jobs, their progress polled on the
 * injected clock, the result in words, failures, refusals, abort, and the scheduler starting them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeClock } from '../test-support/clock.ts';
import type { TestInventory } from '../test-support/smart-snapshot.ts';
import type { TestGraph } from '../test-support/graph.ts';
import type { FakeSmartctl } from '../test-support/fake-smartctl-env.ts';
import type { Job } from '../../contracts/jobs.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { useSmartBed, KEYS, SMART_MAP, POOL_UUID, smartMachine } from '../test-support/smart-bed.ts';
import type { SmartService } from './smart-service.ts';

// Every read spawns the fake smartctl (a node process): seconds per test on a loaded two-core machine. What is read is tested, not the speed.
describe('SmartSelfTests (RealHost + fake smartctl)', { timeout: 60_000 }, () => {
  const bed = useSmartBed();
  let service: SmartService;
  let jobs: JobRunner;
  let fake: FakeSmartctl;
  let graph: TestGraph;
  let inventory: TestInventory;
  let clock: FakeClock;
  let events: Job[];
  beforeEach(() => {
    fake = bed.fake;
    graph = bed.graph;
    inventory = bed.inventory;
    clock = bed.clock;
    events = bed.events;
    service = bed.graph.smart;
    jobs = bed.graph.jobs;
  });
  const audit = () => bed.graph.stores.audit.list();

  it('runs a self-test as a job with progress from polling, and the result lands in the log', async () => {
    fake.setMap({
      ...SMART_MAP,
      '/dev/sdb': { report: 'sata-ssd-samsung-860evo_x.json', poll: ['sata-hdd-wd140edfz-selftest-in-progress_a.json', 'sata-ssd-samsung-860evo_x.json'] },
    });
    await service.refresh(KEYS.ocz, 'alice');
    const { jobId, kind } = await service.selfTests.start(KEYS.ocz, { type: 'short' }, 'alice');
    expect(kind).toBe('smart-self-test');
    const job = await jobs.wait(jobId);
    expect(job).toMatchObject({ state: 'succeeded', result: { summary: 'Short offline self-test: Completed without error' } });
    // ATA said "10% remaining": 90 done
    expect([...new Set(events.filter((j) => j.id === jobId).map((j) => j.progress.percent))]).toEqual([null, 0, 90, 100]);
    expect(job.argv).toEqual([
      [fake.binary, '-t', 'short', '-d', 'sat', '--', '/dev/sdb'],
      [fake.binary, '-j', '-a', '-d', 'sat', '--', '/dev/sdb'],
      [fake.binary, '-j', '-a', '-d', 'sat', '--', '/dev/sdb'],
    ]);
    expect(audit().find((e) => e.action === 'smart.self-test' && e.argv?.includes('-t'))).toMatchObject({ outcome: 'ok', actor: 'alice' });
    expect((await service.summaries()).find((d) => d.diskKey === KEYS.ocz)?.selfTestPercentDone).toBeNull();
    expect((await service.disk(KEYS.ocz)).selfTestJobId).toBeNull();
  });
  it('a self-test schedule runs through the composed scheduler: recommended and staggered per member, started as "schedule" when due, its next run moved', async () => {
    fake.setMap({
      ...SMART_MAP,
      '/dev/sdb': { report: 'sata-ssd-samsung-860evo_x.json', poll: ['sata-hdd-wd140edfz-selftest-in-progress_a.json', 'sata-ssd-samsung-860evo_x.json'] },
    });
    for (const key of [KEYS.red, KEYS.ocz, KEYS.failing]) await service.refresh(key, 'alice');
    // The inventory links each member to its disk (what recommended schedules follow).
    const snap = smartMachine();
    const [pool] = snap.pools;
    inventory.snap = { ...snap, pools: [{ ...pool!, devices: pool!.devices.map((d) => ({ ...d, disk: snap.disks.find((k) => k.path === d.path)!.identity })) }] };
    const { created } = await graph.scheduler.recommended(POOL_UUID, 'alice');
    const short = created.filter((s) => s.kind === 'smart-short');
    expect(short.map((s) => s.diskKey).sort()).toEqual([KEYS.red, KEYS.ocz, KEYS.failing].sort());
    expect(created.filter((s) => s.kind === 'smart-long')).toHaveLength(3);
    // Staggered: no two members of the pool test on the same day.
    expect(new Set(short.map((s) => (s.recurrence.every === 'week' ? s.recurrence.weekday : -1))).size).toBe(3);

    const ocz = short.find((s) => s.diskKey === KEYS.ocz)!;
    const due = new Date(clock.now().getTime() + 60_000);
    await graph.scheduler.update(ocz.id, { kind: 'smart-short', poolUuid: ocz.poolUuid, diskKey: ocz.diskKey, enabled: true, recurrence: ocz.recurrence, speedLimitBytesPerSecond: null, nextRunAt: due.toISOString() }, 'alice');
    await graph.scheduler.tick();
    expect(jobs.list({}).filter((j) => j.kind === 'smart-self-test')).toEqual([]);
    await clock.advance(61_000);
    await graph.scheduler.tick();
    const started = jobs.list({}).filter((j) => j.kind === 'smart-self-test');
    expect(started).toHaveLength(1);
    expect(started[0]!.createdBy).toBe('schedule');
    const done = await jobs.wait(started[0]!.id);
    expect(done).toMatchObject({ state: 'succeeded', result: { summary: 'Short offline self-test: Completed without error' } });
    expect(done.argv[0]).toEqual([fake.binary, '-t', 'short', '-d', 'sat', '--', '/dev/sdb']);
    const after = graph.scheduler.list().find((s) => s.id === ocz.id)!;
    expect(after.lastJobId).toBe(done.id);
    expect(after.lastOutcome).toMatch(/^job succeeded/);
    expect(Date.parse(after.nextRunAt!)).toBeGreaterThan(clock.now().getTime() + 24 * 3600_000);
  });
  it('fails the self-test job when the drive logs a read failure', async () => {
    fake.setMap({ ...SMART_MAP, '/dev/sdc': { report: 'usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json', poll: ['usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json'] } });
    const { jobId } = await service.selfTests.start(KEYS.failing, { type: 'long' }, 'alice');
    const job = await jobs.wait(jobId);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^Short offline self-test: Completed: read failure \(first error at LBA \d+\)$/);
  });
  it('refuses a self-test the disk does not offer, and one while a test runs', async () => {
    await service.refresh(KEYS.red, 'alice');
    fake.setMap({ ...SMART_MAP, '/dev/sda': 'sata-hdd-wd140edfz-selftest-in-progress_a.json' });
    await service.refresh(KEYS.red, 'alice');
    await expect(service.selfTests.start(KEYS.red, { type: 'short' }, 'alice')).rejects.toThrow(/already running/);
    fake.setMap({ ...SMART_MAP, '/dev/sda': 'nvme-toshiba-kxg6_x.json' });
    await service.refresh(KEYS.red, 'alice');
    await expect(service.selfTests.start(KEYS.red, { type: 'conveyance' }, 'alice')).rejects.toThrow(/does not offer a conveyance/);
    // a loop device has no SMART: nothing is sent to it
    await expect(service.selfTests.start(KEYS.loop, { type: 'short' }, 'alice')).rejects.toThrow(/^a self-test needs SMART on the disk: SMART not available/);
    await expect(service.erc.set(KEYS.loop, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: true }, 'alice')).rejects.toThrow(/^ERC needs SMART/);
    expect(fake.calls().filter((c) => c.at(-1) === '/dev/loop7').map((c) => c[0])).toEqual(['-j']);
  });
  it('aborts a self-test on the drive; with a job following it, abort cancels the job, which aborts the test', async () => {
    expect(await service.selfTests.abort(KEYS.ocz, 'alice')).toEqual({ message: 'Sending command: "Abort SMART off-line mode self-test routine". Self-testing aborted!' });
    expect(fake.calls()).toContainEqual(['-X', '-d', 'sat', '--', '/dev/sdb']);
    expect(audit().find((e) => e.action === 'smart.self-test-abort')).toMatchObject({ outcome: 'ok', actor: 'alice' });

    const running = 'sata-hdd-wd140edfz-selftest-in-progress_a.json';
    fake.setMap({ ...SMART_MAP, '/dev/sdb': { report: 'sata-ssd-samsung-860evo_x.json', poll: [running, running, running, running, 'sata-ssd-samsung-860evo_x.json'] } });
    const { jobId } = await service.selfTests.start(KEYS.ocz, { type: 'long' }, 'bob');
    await expect(service.selfTests.start(KEYS.ocz, { type: 'short' }, 'bob')).rejects.toThrow(/already following/);
    await new Promise<void>((resolve) => {
      const seen = (j: Job) => {
        if (j.id === jobId && j.progress.percent === 90) {
          jobs.off('job', seen);
          resolve();
        }
      };
      jobs.on('job', seen);
    });
    expect((await service.summaries()).find((d) => d.diskKey === KEYS.ocz)?.selfTestPercentDone).toBe(90);
    // The disk's page names the job it follows, so the page shows that job's card after a reload too.
    expect((await service.disk(KEYS.ocz)).selfTestJobId).toBe(jobId);
    expect(await service.selfTests.abort(KEYS.ocz, 'bob')).toEqual({ message: `asked job ${jobId} to abort the self-test` });
    const job = await jobs.wait(jobId);
    expect(job).toMatchObject({ state: 'cancelled', error: 'the long self-test was aborted on the drive' });
    expect(job.argv).toContainEqual([fake.binary, '-X', '-d', 'sat', '--', '/dev/sdb']);
  });
});
