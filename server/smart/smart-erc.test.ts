/**
 * SmartErcControl (RealHost → fixtures/bin/smartctl): ERC read from the report or the drive, set as
 * a job and remembered, refused where it cannot work, re-applied when a disk (re)appears.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../contracts/jobs.ts';
import type { TestInventory } from '../test-support/smart-snapshot.ts';
import type { FakeSmartctl } from '../test-support/fake-smartctl-env.ts';
import { SmartErcResponse } from '../../contracts/smart.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Db } from '../store/db.ts';
import { SmartStore } from '../store/smart-store.ts';
import { useSmartBed, KEYS, SMART_MAP } from '../test-support/smart-bed.ts';
import type { SmartService } from './smart-service.ts';

// Every read spawns the fake smartctl (a node process): seconds per test on a loaded two-core machine. What is read is tested, not the speed.
describe('SmartErcControl (RealHost + fake smartctl)', { timeout: 60_000 }, () => {
  const bed = useSmartBed();
  let service: SmartService;
  let jobs: JobRunner;
  let db: Db;
  let fake: FakeSmartctl;
  let inventory: TestInventory;
  let events: Job[];
  beforeEach(() => {
    fake = bed.fake;
    inventory = bed.inventory;
    events = bed.events;
    service = bed.graph.smart;
    jobs = bed.graph.jobs;
    db = bed.graph.db;
  });
  const make = (...args: Parameters<typeof bed.make>) => bed.make(...args);
  const audit = () => bed.graph.stores.audit.list();

  it('reads ERC from the drive and sets it as a job, remembering it to re-apply', async () => {
    const before = SmartErcResponse.parse(await service.erc.read(KEYS.ocz));
    expect(before).toMatchObject({ redundantMember: true, erc: { state: 'supported', read: { deciseconds: 256 } }, setting: null, reapplyEnabled: true });
    expect(before.warnings.map((w) => w.code)).toEqual(['erc-not-set']);

    const { jobId, kind } = await service.erc.set(KEYS.ocz, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: true }, 'alice');
    expect(kind).toBe('smart-set-erc');
    const job = await jobs.wait(jobId);
    expect(job).toMatchObject({ kind: 'smart-set-erc', state: 'succeeded', target: expect.stringMatching(/; now at \/dev\/sdb$/), createdBy: 'alice', argv: [[fake.binary, '-l', 'scterc,70,70', '-d', 'sat', '--', '/dev/sdb']] });
    expect(job.result?.summary).toBe('ERC on /dev/sdb: read 7.0 s, write 7.0 s; re-applied at every start');
    expect(audit().find((e) => e.action === 'smart.set-erc' && e.argv)).toMatchObject({ actor: 'alice', outcome: 'ok', argv: [fake.binary, '-l', 'scterc,70,70', '-d', 'sat', '--', '/dev/sdb'], exitCode: 0 });

    const after = await service.erc.read(KEYS.ocz);
    expect(after).toMatchObject({ erc: { state: 'supported', read: { enabled: true, deciseconds: 70 } }, setting: { readDeciseconds: 70, reapplyAtStart: true, setBy: 'alice' }, warnings: [] });
    // Served from the SMART report the job updated: showing it again asks nothing of the drive…
    const ercReads = () => fake.calls().filter((c) => c.includes('scterc') && c.includes('/dev/sdb')).length;
    const reads = ercReads();
    expect((await service.erc.read(KEYS.ocz)).erc).toMatchObject({ read: { deciseconds: 70 } });
    expect(ercReads()).toBe(reads);
    // …unless asked to read it now.
    expect((await service.erc.read(KEYS.ocz, { fresh: true })).erc).toMatchObject({ state: 'supported' });
    expect(ercReads()).toBe(reads + 1);
    expect((await service.disk(KEYS.ocz)).warnings).toEqual([]);
  });
  it('fails the ERC job when the drive has no ERC, and refuses ERC on NVMe', async () => {
    fake.setMap({ ...SMART_MAP, '/dev/sdd': { report: 'usb-sunplus-hdd-samsung-hd204ui-scterc_x.json', 'scterc-set': { stdout: 'smartctl 7.3 2022-02-28 r5338 [x86_64-linux] (local build)\n\nSCT Error Recovery Control command not supported\n', exit: 4 } } });
    const { jobId } = await service.erc.set(KEYS.unused, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: false }, 'alice');
    expect(await jobs.wait(jobId)).toMatchObject({ state: 'failed', error: 'ERC was not set on /dev/sdd: the drive does not support SCT Error Recovery Control', exitCode: 4 });
    expect(new SmartStore(db).ercSettings().has(KEYS.unused)).toBe(false);
    expect(audit().find((e) => e.action === 'smart.set-erc' && e.argv === null)).toMatchObject({ outcome: 'failed' });

    fake.setMap({ ...SMART_MAP, '/dev/sdd': 'nvme-toshiba-kxg6_x.json' });
    await service.refresh(KEYS.unused, 'alice');
    await expect(service.erc.set(KEYS.unused, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: false }, 'alice')).rejects.toThrow(/ATA feature.*NVME/);
  });
  it('re-applies remembered ERC at start and when the disk comes back, if asked to', async () => {
    new SmartStore(db).saveErcSetting(KEYS.ocz, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: true, setAt: 'x', setBy: 'alice' });
    new SmartStore(db).saveErcSetting(KEYS.unused, { readDeciseconds: 70, writeDeciseconds: 70, reapplyAtStart: false, setAt: 'x', setBy: 'alice' });
    await service.tick();
    const sets = () => fake.calls().filter((c) => c[1]?.startsWith('scterc,'));
    expect(sets()).toEqual([['-l', 'scterc,70,70', '-d', 'sat', '--', '/dev/sdb']]);
    expect(events.filter((j) => j.kind === 'smart-set-erc' && j.state === 'succeeded').map((j) => j.createdBy)).toEqual(['system']);
    await service.tick();
    expect(sets()).toHaveLength(1);
    // the disk is pulled and plugged back: it forgot ERC, so it is set again
    const full = inventory.snap;
    inventory.snap = { ...full, disks: full.disks.filter((d) => d.identity.key !== KEYS.ocz) };
    await service.tick();
    inventory.snap = full;
    await service.tick();
    expect(sets()).toHaveLength(2);
    // switched off globally: nothing is re-applied
    const off = make({ POOLWATCH_ERC_REAPPLY_AT_START: '0' });
    await off.tick();
    expect(sets()).toHaveLength(2);
  });
});
