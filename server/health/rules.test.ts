/**
 * Each alert rule on its own: when it fires, with which severity, devid and facts in the message,
 * and when it stays quiet.
 */
import { describe, expect, it } from 'vitest';
import type { Pool } from '../../contracts/api.ts';
import type { Alert, AlertCode } from '../../contracts/health.ts';
import type { AssessContext } from './context.ts';
import { HEALTH_RULES } from './rules/index.ts';
import {
  GIB,
  healthyRaid1Of3,
  makeDevice,
  makePool,
  missingDevice,
  profilesOf,
  raid0Of2MissingUnmounted,
  raid1Of2ReplacedLeftoverSingle,
  raid1Of3CorruptionCorrected,
  raid1Of3MissingDegradedRo,
  raid1Of3MissingUnmounted,
  raid1Of3MissingUnmountedOldProgs,
  raid1Of3ReplacedLarger,
  RAID1_OF_3_REPLACED_LARGER_SLACK,
  raid1Of2ReplaceRunning,
  raid5Of3MissingDegradedRw,
  ZERO_ERRORS,
} from '../test-support/pools.ts';
import { makeContext } from '../test-support/assess-context.ts';

const run = (code: AlertCode, pool: Pool, ctx: AssessContext = makeContext()): Alert[] => HEALTH_RULES[code](pool, ctx);

describe('device-missing', () => {
  it('raises one critical alert per missing devid, naming the remembered disk', () => {
    const alerts = run('device-missing', raid1Of3MissingDegradedRo());
    expect(alerts).toEqual([{ code: 'device-missing', severity: 'critical', devid: 3, message: expect.stringContaining('devid 3 (loop device backed by /var/lib/poolwatch-lab/disk3.img; last seen at /dev/loop23)') }]);
  });

  it('raises one alert without devid per member older btrfs-progs did not name', () => {
    const pool = makePool({ mounted: false, devices: [makeDevice(1)], totalDevices: 3, missingCount: 2, missingDevids: [] });
    const alerts = run('device-missing', pool);
    expect(alerts).toHaveLength(2);
    expect(alerts.every((a) => a.devid === null && a.severity === 'critical')).toBe(true);
    expect(alerts[0]?.message).toContain('btrfs device usage');
  });

  it('names what it knows and counts the rest', () => {
    const pool = makePool({ devices: [makeDevice(1), makeDevice(2), missingDevice(3)], totalDevices: 4, missingCount: 2 });
    expect(run('device-missing', pool).map((a) => a.devid)).toEqual([3, null]);
  });

  it('stays quiet on a whole pool', () => {
    expect(run('device-missing', healthyRaid1Of3())).toEqual([]);
  });
});

describe('redundancy-exceeded', () => {
  it('fires for raid0 with a member missing', () => {
    const [a] = run('redundancy-exceeded', raid0Of2MissingUnmounted());
    expect(a).toMatchObject({ code: 'redundancy-exceeded', severity: 'critical' });
    expect(a?.message).toContain('raid0');
  });

  it('fires for raid1 with two missing, not with one', () => {
    const two = makePool({ devices: [makeDevice(1), missingDevice(2), missingDevice(3)] });
    expect(run('redundancy-exceeded', two)).toHaveLength(1);
    expect(run('redundancy-exceeded', raid1Of3MissingDegradedRo())).toEqual([]);
  });

  it('stays quiet when the profile is unknown', () => {
    expect(run('redundancy-exceeded', makePool({ ...raid1Of3MissingUnmounted(), profiles: { data: [], metadata: [], system: [] } }))).toEqual([]);
  });
});

describe('device-errors', () => {
  it('warns per member with non-zero counters, naming each counter and its value', () => {
    const alerts = run('device-errors', raid1Of3CorruptionCorrected());
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ code: 'device-errors', severity: 'warning', devid: 2 });
    expect(alerts[0]?.message).toContain('/dev/loop22');
    expect(alerts[0]?.message).toContain('corruption_errs 3');
    expect(alerts[0]?.message).not.toContain('write_io_errs');
  });

  it('lists every non-zero counter of a member', () => {
    const pool = makePool({
      devices: [makeDevice(1, { errors: { write: 4, read: 7, flush: 1, corruption: 0, generation: 2 } }), makeDevice(2), makeDevice(3)],
    });
    const [a] = run('device-errors', pool);
    expect(a?.message).toContain('write_io_errs 4, read_io_errs 7, flush_io_errs 1, generation_errs 2');
    expect(a?.message).not.toContain('corruption_errs');
  });

  it('ignores zero and unknown counters', () => {
    expect(run('device-errors', healthyRaid1Of3())).toEqual([]);
    expect(run('device-errors', makePool({ devices: [makeDevice(1, { errors: null }), makeDevice(2, { errors: { ...ZERO_ERRORS } })] }))).toEqual([]);
  });
});

describe('mixed-profiles', () => {
  it('fires when a type lists more than one profile, naming the types', () => {
    const [a] = run('mixed-profiles', raid1Of2ReplacedLeftoverSingle());
    expect(a).toMatchObject({ code: 'mixed-profiles', severity: 'warning' });
    expect(a?.message).toContain('Data has single + raid1');
    expect(a?.message).toContain('convert=<profile>,soft');
  });

  it('fires on btrfs\'s own "Multiple profiles: yes" even when the snapshot shows one per type', () => {
    expect(run('mixed-profiles', healthyRaid1Of3(), makeContext({ mixedProfiles: true }))).toHaveLength(1);
  });

  it('stays quiet otherwise', () => {
    expect(run('mixed-profiles', healthyRaid1Of3(), makeContext({ mixedProfiles: false }))).toEqual([]);
    expect(run('mixed-profiles', healthyRaid1Of3(), makeContext({ mixedProfiles: null }))).toEqual([]);
  });
});

describe('at-minimum-members', () => {
  it('advises one more disk for raid1 of 2', () => {
    const pool = makePool({ devices: [makeDevice(1), makeDevice(2)] });
    expect(run('at-minimum-members', pool)).toEqual([
      { code: 'at-minimum-members', severity: 'info', devid: null, message: expect.stringContaining('2 members is the minimum for raid1') },
    ]);
  });

  it('says "below" for raid10 on 3 and names raid10 when metadata is raid1', () => {
    const pool = makePool({ devices: [makeDevice(1), makeDevice(2), makeDevice(3)], profiles: profilesOf('raid10', 'raid1') });
    expect(run('at-minimum-members', pool)[0]?.message).toContain('below the 4 recommended for raid10');
  });

  it('stays quiet above the minimum and for pools without redundancy', () => {
    expect(run('at-minimum-members', healthyRaid1Of3())).toEqual([]);
    expect(run('at-minimum-members', makePool({ devices: [makeDevice(1)], profiles: profilesOf('single', 'dup') }))).toEqual([]);
    expect(run('at-minimum-members', makePool({ devices: [makeDevice(1), makeDevice(2)], profiles: profilesOf('raid0', 'raid1') }))).toEqual([]);
  });
});

describe('no-spare-disk', () => {
  it('fires when no unused disk is as large as the largest member, naming the size', () => {
    const [a] = run('no-spare-disk', healthyRaid1Of3(), makeContext({ spareDisks: [{ sizeBytes: GIB / 2 }] }));
    expect(a).toMatchObject({ code: 'no-spare-disk', severity: 'info' });
    expect(a?.message).toContain('1 GiB');
  });

  it('counts a remembered, missing member as one a spare must stand in for', () => {
    const pool = makePool({ devices: [makeDevice(1), missingDevice(2)], detached: [{ devid: 2, disk: { key: 'serial:X', serial: 'X', model: null, wwn: null, byId: [] }, lastPath: '/dev/sdb', sizeBytes: 4 * GIB, lastSeenAt: '2026-11-26T15:00:00.000Z' }] });
    expect(run('no-spare-disk', pool, makeContext({ spareDisks: [{ sizeBytes: 2 * GIB }] }))).toHaveLength(1);
    expect(run('no-spare-disk', pool, makeContext({ spareDisks: [{ sizeBytes: 4 * GIB }] }))).toEqual([]);
  });

  it('stays quiet when a large enough spare is attached', () => {
    expect(run('no-spare-disk', healthyRaid1Of3(), makeContext({ spareDisks: [{ sizeBytes: GIB }] }))).toEqual([]);
  });
});

describe('parity-profile', () => {
  it('warns on raid5/raid6, naming them', () => {
    expect(run('parity-profile', raid5Of3MissingDegradedRw())).toEqual([
      { code: 'parity-profile', severity: 'warning', devid: null, message: expect.stringMatching(/^raid5 is a parity profile/) },
    ]);
    expect(run('parity-profile', makePool({ profiles: profilesOf('raid6', 'raid5', 'raid1') }))[0]?.message).toMatch(/^raid5\/raid6/);
  });

  it('stays quiet on mirrors', () => {
    expect(run('parity-profile', healthyRaid1Of3())).toEqual([]);
  });
});

describe('replace-slack', () => {
  it('advises resize to max for the member with slack', () => {
    const alerts = run('replace-slack', raid1Of3ReplacedLarger(), makeContext({ slack: [...RAID1_OF_3_REPLACED_LARGER_SLACK] }));
    expect(alerts).toEqual([
      { code: 'replace-slack', severity: 'info', devid: 3, message: expect.stringContaining('btrfs filesystem resize 3:max /mnt2/pool') },
    ]);
    expect(alerts[0]?.message).toContain('1 GiB');
  });

  it('ignores rounding-sized slack and absent slack', () => {
    expect(run('replace-slack', healthyRaid1Of3(), makeContext({ slack: [{ devid: 1, slackBytes: 4096 }, { devid: 2, slackBytes: 0 }] }))).toEqual([]);
    expect(run('replace-slack', healthyRaid1Of3())).toEqual([]);
  });
});

describe('mounted-degraded', () => {
  it('warns that degraded is sticky while members are missing', () => {
    const [a] = run('mounted-degraded', raid1Of3MissingDegradedRo());
    expect(a).toMatchObject({ code: 'mounted-degraded', severity: 'warning' });
    expect(a?.message).toContain('until the pool is unmounted');
  });

  it('still warns once the pool is whole again (sticky until unmount)', () => {
    expect(run('mounted-degraded', raid1Of2ReplacedLeftoverSingle())[0]?.message).toContain('every member is present');
  });

  it('matches the option by name only', () => {
    expect(run('mounted-degraded', makePool({ mountOptions: ['rw', 'nodegraded', 'subvol=/degraded'] }))).toEqual([]);
    expect(run('mounted-degraded', raid1Of3MissingUnmounted())).toEqual([]);
  });
});

describe('unknown-profile', () => {
  it('warns and names the unreadable types', () => {
    const pool = makePool({ profiles: { data: ['raid1'], metadata: [], system: [] }, profilesSource: 'unknown' });
    expect(run('unknown-profile', pool)).toEqual([
      { code: 'unknown-profile', severity: 'warning', devid: null, message: expect.stringContaining('metadata/system') },
    ]);
  });

  it('stays quiet when every type is known', () => {
    expect(run('unknown-profile', healthyRaid1Of3())).toEqual([]);
  });
});

describe('operation-running', () => {
  it('names the running operation', () => {
    expect(run('operation-running', raid1Of2ReplaceRunning())).toEqual([
      { code: 'operation-running', severity: 'info', devid: null, message: expect.stringContaining('device replace') },
    ]);
  });

  it.each([null, 'none', '', ' none\n'])('stays quiet for %j', (op) => {
    expect(run('operation-running', makePool({ exclusiveOperation: op }))).toEqual([]);
  });
});

describe('read-problem', () => {
  it('warns per unreadable part', () => {
    const message = "poolwatch could not read the pool's space per member (btrfs device usage): line 4 is in a form it does not know";
    const pool = makePool({ problems: [{ source: 'device-usage', message, details: { kind: 'device-usage', line: '   Data,unknown:  1' } }] });
    expect(run('read-problem', pool)).toEqual([
      { code: 'read-problem', severity: 'warning', devid: null, message: `${message}. This assessment may be incomplete.` },
    ]);
  });
});

describe('missing members from any source', () => {
  it.each([
    ['missingCount only', raid1Of3MissingUnmountedOldProgs()],
    ['missingDevids only', makePool({ devices: [makeDevice(1), makeDevice(2)], totalDevices: 2, missingCount: 0, missingDevids: [3] })],
    ['a device marked missing only', makePool({ devices: [makeDevice(1), makeDevice(2), missingDevice(3)], missingCount: 0, missingDevids: [] })],
    ['fewer device lines than total devices', makePool({ devices: [makeDevice(1), makeDevice(2)], totalDevices: 3, missingCount: 0, missingDevids: [] })],
  ])('device-missing fires on %s', (_name, pool) => {
    expect(run('device-missing', pool)).toHaveLength(1);
  });
});
