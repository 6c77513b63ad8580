import { describe, expect, it } from 'vitest';
import type { AtaAttribute, SmartSelfTestSupport } from '../../../contracts/smart.ts';
import { SmartReport as SmartReportSchema } from '../../../contracts/smart.ts';
import {
  attributeConcern,
  formatErc,
  formatKeyValues,
  formatMinutes,
  formatPowerOn,
  keyAttributes,
  offeredSelfTests,
  rawCount,
  sortAttributes,
} from './smart-view.ts';

function attr(id: number, raw: string, whenFailed: AtaAttribute['whenFailed'] = ''): AtaAttribute {
  return {
    id, name: `Attr_${id}`, value: 100, worst: 100, thresh: 10, whenFailed,
    flags: { value: 0x33, prefailure: true, updatedOnline: true, performance: false, errorRate: false, eventCount: true, autoKeep: true },
    raw: { value: Number.parseInt(raw, 10) || 0, string: raw },
  };
}

describe('attributes', () => {
  const attrs = [attr(1, '0'), attr(194, '36 (Min/Max 22/40)'), attr(5, '8'), attr(190, '40', 'past'), attr(197, '0'), attr(3, '0', 'now'), attr(188, '0 0 2')];

  it('raw counts read the leading number, and the largest of packed words', () => {
    expect(rawCount(attr(194, '36 (Min/Max 22/40)'))).toBe(36);
    expect(rawCount(attr(188, '0 0 2'))).toBe(2);
    expect(rawCount(attr(5, '0'))).toBe(0);
  });

  it('puts failing ones first, then failed in the past, then non-zero key counters, then by id', () => {
    expect(sortAttributes(attrs).map((a) => a.id)).toEqual([3, 190, 5, 188, 1, 194, 197]);
    expect(attributeConcern(attr(197, '0'))).toBeNull();
    expect(attributeConcern(attr(197, '3'))).toBe('key-nonzero');
  });

  it('the key table holds the failure predictors and anything that failed', () => {
    expect(keyAttributes(attrs).map((a) => a.id)).toEqual([3, 190, 5, 188, 197]);
  });
});

describe('self-test buttons', () => {
  const base: SmartSelfTestSupport = { short: true, extended: true, conveyance: null, shortMinutes: 2, extendedMinutes: 200, conveyanceMinutes: null };
  const report = (protocol: 'ata' | 'nvme', support = base) => SmartReportSchema.parse({
    protocol, smartctlVersion: null, exitStatus: 0, exit: null, messages: [], device: null,
    identity: { model: null, family: null, serial: null, wwn: null, wwnHex: null, eui64: null, firmware: null, capacityBytes: null, rotationRateRpm: null },
    smartSupport: { available: true, enabled: true }, passed: true, temperatureCelsius: null, powerOnHours: null, powerCycleCount: null,
    errorLogCount: null, selfTests: [], selfTestInProgress: null, selfTestSupport: support,
    ...(protocol === 'ata' ? { attributes: [], erc: null } : { health: null }),
  });

  it('offers what the drive supports; conveyance only when an ATA drive says so', () => {
    const ata = report('ata');
    if (ata.protocol === 'unavailable') throw new Error('unreachable');
    expect(offeredSelfTests(ata)).toEqual([{ type: 'short', minutes: 2 }, { type: 'long', minutes: 200 }]);
    const withConveyance = report('ata', { ...base, conveyance: true, conveyanceMinutes: 5 });
    if (withConveyance.protocol === 'unavailable') throw new Error('unreachable');
    expect(offeredSelfTests(withConveyance).map((t) => t.type)).toEqual(['short', 'long', 'conveyance']);
    const nvme = report('nvme', { ...base, conveyance: true });
    if (nvme.protocol === 'unavailable') throw new Error('unreachable');
    expect(offeredSelfTests(nvme).map((t) => t.type)).toEqual(['short', 'long']);
    expect(offeredSelfTests(null)).toEqual([]);
  });
});

describe('formatting', () => {
  it('ERC in words', () => {
    expect(formatErc({ state: 'supported', read: { enabled: true, deciseconds: 70 }, write: { enabled: false, deciseconds: null } })).toBe('read timeout 7.0 s, write timeout disabled');
    expect(formatErc({ state: 'unsupported' })).toBe('this drive does not support ERC');
    expect(formatErc({ state: 'unavailable', reason: 'unsupported-device', messages: [] })).toBe('could not be read (unsupported device)');
    expect(formatErc(null)).toBe('not reported in this read');
  });

  it('hours, minutes and history values', () => {
    expect(formatPowerOn(37788)).toBe('37,788 h (4.3 years)');
    expect(formatPowerOn(5)).toBe('5 h');
    expect(formatMinutes(2)).toBe('about 2 min');
    expect(formatMinutes(200)).toBe('about 3 h 20 min');
    expect(formatKeyValues({ 'ata-5': 8, 'ata-197': 2, other: 1 })).toBe('reallocated 8, pending 2, other 1');
    expect(formatKeyValues({})).toBe('—');
  });
});
