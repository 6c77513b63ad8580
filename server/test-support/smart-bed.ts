/**
 * The SMART tests' bed (server/smart/*.test.ts): the composed graph on a made-up machine (a raid1
 * pool `tank` of three SATA disks, an unused disk, a disk behind a MegaRAID controller, a loop
 * device and a detached disk), with the real execa path (RealHost → the fake smartctl of
 * fixtures/bin, which prints recorded captures) and a FakeClock. `useSmartBed()` registers the
 * vitest hooks and returns the bed, rebuilt before each test.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Job } from '../../contracts/jobs.ts';
import { RealHost } from '../host/real-host.ts';
import { SmartErcControl } from '../smart/smart-erc.ts';
import { SmartReader } from '../smart/smart-reader.ts';
import { SmartSelfTests } from '../smart/smart-self-tests.ts';
import { SmartService } from '../smart/smart-service.ts';
import { FakeClock } from './clock.ts';
import { FAKE_DEVICES, useFakeSmartctl, type FakeSmartctl, type FakeSpec } from './fake-smartctl-env.ts';
import { testConfig, testGraph, type TestGraph } from './graph.ts';
import { POOL_UUID, TestInventory, disk, member, raid1Pool, snapshotOf } from './smart-snapshot.ts';

const SCAN = {
  json_format_version: [1, 0],
  smartctl: { version: [7, 3], argv: ['smartctl', '--scan-open', '-j'], exit_status: 0 },
  devices: [
    { name: '/dev/sda', info_name: '/dev/sda [SAT]', type: 'sat', protocol: 'ATA' },
    { name: '/dev/sdb', info_name: '/dev/sdb [SAT]', type: 'sat', protocol: 'ATA' },
    { name: '/dev/sdc', info_name: '/dev/sdc [USB JMicron]', type: 'usbjmicron', protocol: 'ATA' },
    { name: '/dev/bus/0', info_name: '/dev/bus/0 [megaraid_disk_01]', type: 'megaraid,1', protocol: 'SCSI' },
  ],
};

export const SMART_MAP: Record<string, FakeSpec> = {
  '--scan-open': { report: { stdout: JSON.stringify(SCAN) } },
  // raid1 members: a healthy WD Red, an SSD with ERC at 25.6 s, a failing USB disk
  '/dev/sda': 'sata-hdd-wd-red-wd20efrx.json',
  '/dev/sdb': 'sata-ssd-ocz-vertex2-scterc_x.json',
  '/dev/sdc': 'usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json',
  // unused disk with ERC disabled: not a pool member, so no ERC warning
  '/dev/sdd': 'usb-sunplus-hdd-samsung-hd204ui-scterc_x.json',
  // a disk behind a MegaRAID controller: answers only with the right -d type
  '/dev/sde': { report: 'megaraid-sata-hdd-wd4000fyyx-reallocated_a.json', expectType: 'sat+megaraid,1' },
  // /dev/loop7 is not in the map: the fake answers "Unable to detect device type", like a loop device
};

export const KEYS = { red: 'wwn:0x50014ee2b1', ocz: 'serial:OCZ:1', failing: 'serial:WD3200:2', unused: 'serial:HD204UI:3', raid: 'serial:WD4000:4', loop: 'loop:/tmp/x.img', gone: 'serial:GONE:5' };

export function smartMachine() {
  return snapshotOf(
    [
      member(KEYS.red, '/dev/sda', 1, ['/dev/disk/by-id/ata-WDC_WD20EFRX-68EUZN0_WD-1']),
      member(KEYS.ocz, '/dev/sdb', 2),
      member(KEYS.failing, '/dev/sdc', 3),
      disk(KEYS.unused, '/dev/sdd'),
      disk(KEYS.raid, '/dev/sde'),
      disk(KEYS.loop, '/dev/loop7', { type: 'loop' }),
      disk(KEYS.gone, null, { role: 'detached', pool: { uuid: POOL_UUID, label: 'tank', devid: null }, lastSeenAt: '2026-11-01T00:00:00.000Z' }),
    ],
    [raid1Pool([{ devid: 1, path: '/dev/sda' }, { devid: 2, path: '/dev/sdb' }, { devid: 3, path: '/dev/sdc', errors: { write: 0, read: 7, flush: 0, corruption: 2, generation: 0 } }])],
  );
}

export interface SmartBed {
  fake: FakeSmartctl;
  graph: TestGraph;
  inventory: TestInventory;
  clock: FakeClock;
  /** Every job event of the graph's runner, in order. */
  events: Job[];
  /** Another SmartService (and its parts) on the same database and job runner: what a restart (or other settings) gives. */
  make(env?: Record<string, string>, over?: { mountRoot?: string }): SmartService;
}

export function useSmartBed(): SmartBed {
  const bed = {} as SmartBed;
  const envOf = (env: Record<string, string> = {}) =>
    ({ POOLWATCH_SMARTCTL: bed.fake.binary, POOLWATCH_SELF_TEST_POLL_SECONDS: '0.05', ...env });
  beforeEach(() => {
    bed.fake = useFakeSmartctl(SMART_MAP);
    bed.inventory = new TestInventory(smartMachine());
    // Polls pass at once; the test moves the clock where the refresh interval matters.
    bed.clock = new FakeClock('2026-11-26T12:00:00.000Z');
    bed.graph = testGraph({ host: new RealHost({ testDevices: FAKE_DEVICES }), clock: bed.clock, inventory: bed.inventory, env: envOf() });
    bed.events = [];
    bed.graph.jobs.on('job', (j) => bed.events.push(j));
    bed.make = (env = {}, over = {}) => {
      const { graph, inventory, clock } = bed;
      const config = testConfig(envOf(env), over);
      const deps = { host: graph.host, store: graph.stores.smart, jobs: graph.jobs, config: config.smart, clock };
      const reader = new SmartReader({ ...deps, inventory, writes: graph.writes });
      return new SmartService({
        reader,
        selfTests: new SmartSelfTests({ ...deps, reader, audit: graph.stores.audit }),
        erc: new SmartErcControl({ ...deps, reader }),
        inventory, store: graph.stores.smart, audit: graph.stores.audit, config: config.smart, clock, mountRoot: config.mountRoot,
      });
    };
  });
  afterEach(() => {
    bed.graph.stop();
    bed.fake.restore();
  });
  return bed;
}

export { POOL_UUID };
