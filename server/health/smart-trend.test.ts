import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SmartAtaReport, SmartDiskReport, SmartNvmeReport, SmartScsiReport } from '../../contracts/smart.ts';
import { parseSmartctlJson } from '../parsers/smartctl.ts';
import { smartKeyCounters } from './smart-counters.ts';
import { SMART_TREND_WINDOW_HOURS, smartTrend, trendBaselineCutoff, type SmartTrendBaseline } from './smart-trend.ts';

const CORPUS = new URL('../../fixtures/smartctl/', import.meta.url);
function report<T extends SmartDiskReport>(file: string, protocol: T['protocol']): T {
  const r = parseSmartctlJson(readFileSync(new URL(file, CORPUS), 'utf8'));
  if (r.protocol !== protocol) throw new Error(`${file}: expected ${protocol}, got ${r.protocol}`);
  return r as T;
}

/** A Seagate with all five failure-predicting attributes (5 = 304, the others 0). */
const seagate = report<SmartAtaReport>('sata-hdd-seagate-st3500418as-reallocated-304.json', 'ata');
const nvme = report<SmartNvmeReport>('nvme-samsung-970evo-media-errors_x.json', 'nvme');
const sas = report<SmartScsiReport>('sas-hdd-seagate-st4000nm0043.json', 'scsi');

const AT = '2026-11-19T12:00:00.000Z';
const baseline = (r: SmartDiskReport, over: Record<string, number> = {}): SmartTrendBaseline => ({ at: AT, keyValues: { ...smartKeyCounters(r), ...over } });

/** The same drive read later, with some attributes' raw counts changed. */
function withRaw(r: SmartAtaReport, raws: Record<number, number>): SmartAtaReport {
  return {
    ...r,
    attributes: r.attributes.map((a) => (raws[a.id] === undefined ? a : { ...a, raw: { value: raws[a.id]!, string: String(raws[a.id]) } })),
  };
}

describe('smartTrend: counters that rose since an earlier read', () => {
  it.each([
    [5, 'Reallocated_Sector_Ct', 304, 310, 'warning'],
    [187, 'Reported_Uncorrect', 0, 2, 'critical'],
    [188, 'Command_Timeout', 0, 4, 'warning'],
    [197, 'Current_Pending_Sector', 0, 1, 'critical'],
    [198, 'Offline_Uncorrectable', 0, 3, 'critical'],
  ] as const)('ATA %i (%s) from %i to %i → %s', (id, name, before, after, severity) => {
    expect(smartKeyCounters(seagate)[`ata-${id}`]).toBe(before);
    const reasons = smartTrend(baseline(seagate), withRaw(seagate, { [id]: after }));
    expect(reasons).toEqual([{
      code: 'attribute-rising',
      severity,
      message: expect.stringMatching(new RegExp(`^${name} \\(ID ${id}\\) rose from ${before} to ${after} since 2026-11-19 12:00 UTC: `)),
    }]);
  });

  it('names each risen counter once, and nothing for counters that stayed or fell', () => {
    const later = withRaw(seagate, { 5: 296, 197: 8, 198: 0, 188: 1 });
    const reasons = smartTrend(baseline(seagate, { 'ata-188': 1 }), later);
    expect(reasons.map((r) => [r.severity, r.message.split(' since')[0]])).toEqual([
      ['critical', 'Current_Pending_Sector (ID 197) rose from 0 to 8'],
    ]);
  });

  it('is quiet without an earlier read and when nothing changed', () => {
    expect(smartTrend(null, seagate)).toEqual([]);
    expect(smartTrend(baseline(seagate), seagate)).toEqual([]);
  });

  it('compares only counters both reads have (another protocol, an attribute the drive did not report)', () => {
    expect(smartTrend(baseline(nvme), withRaw(seagate, { 197: 5 }))).toEqual([]);
    const without197 = baseline(seagate);
    delete without197.keyValues['ata-197'];
    expect(smartTrend(without197, withRaw(seagate, { 197: 5 }))).toEqual([]);
  });

  it('NVMe: media errors rising is critical; wear and spare moving as they do with use is not a finding', () => {
    const reasons = smartTrend(
      baseline(nvme, { 'nvme-media-errors': 5, 'nvme-percentage-used': 1, 'nvme-available-spare': 100 }),
      nvme,
    );
    expect(reasons).toEqual([{ code: 'attribute-rising', severity: 'critical', message: expect.stringMatching(/^Media and data integrity errors rose from 5 to 7 since 2026-11-19 12:00 UTC: /) }]);
  });

  it('SCSI: grown defects rising is a warning, uncorrected errors rising critical', () => {
    const read = sas.scsi.errorCounters.read;
    if (!read) throw new Error('expected a read error counter');
    const later: SmartScsiReport = { ...sas, scsi: { ...sas.scsi, errorCounters: { ...sas.scsi.errorCounters, read: { ...read, uncorrected: 2 } } } };
    const reasons = smartTrend(baseline(sas, { 'scsi-grown-defects': 50 }), later);
    expect(reasons.map((r) => [r.severity, r.message.split(' since')[0]])).toEqual([
      ['warning', 'The grown defect list rose from 50 to 56'],
      ['critical', 'Uncorrected read/write/verify errors rose from 0 to 2'],
    ]);
  });

  it('keeps a time it cannot format as given', () => {
    const [r] = smartTrend({ at: 'yesterday', keyValues: { 'ata-197': 0 } }, withRaw(seagate, { 197: 1 }));
    expect(r?.message).toContain('since yesterday:');
  });
});

describe('trendBaselineCutoff', () => {
  it(`looks back ${SMART_TREND_WINDOW_HOURS} hours from the read`, () => {
    expect(trendBaselineCutoff('2026-11-26T12:00:00.000Z')).toBe('2026-11-19T12:00:00.000Z');
    expect(() => trendBaselineCutoff('not a time')).toThrow(RangeError);
  });
});
