/**
 * What the SMART panel shows, worked out from the contract's shapes. Pure, so it is unit-tested
 * in node; the components only lay it out.
 */
import type {
  AtaAttribute,
  SmartDiskReport,
  SmartDiskStatus,
  SmartErc,
  SmartReport,
  SmartSelfTestSupport,
} from '../../../contracts/smart.ts';
import { SMART_DEVICE_TYPE_PATTERN } from '../../../contracts/smart.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { SMART_TEXT } from '../../text/smart.ts';

const V = SMART_TEXT.view;

/** The attributes whose raw count predicts failure (published drive statistics): shown in the key table. */
export const KEY_ATTRIBUTE_IDS: readonly number[] = [5, 187, 188, 197, 198];

const STATUS_ICON: Record<SmartDiskStatus, string> = {
  passed: '✓', warning: '!', failing: '✕', unknown: '?', 'not-available': '–', error: '⚠', 'not-checked': '…',
};
/** Badge classes from the shared stylesheet where one fits; the muted ones come from smart.css. */
const STATUS_CLASS: Record<SmartDiskStatus, string> = {
  passed: 'badge-healthy', warning: 'badge-warning', failing: 'badge-failed', unknown: 'smart-badge-muted',
  'not-available': 'smart-badge-muted', error: 'badge-degraded', 'not-checked': 'smart-badge-muted',
};

export function statusIcon(status: SmartDiskStatus): string {
  return STATUS_ICON[status];
}

export function statusClass(status: SmartDiskStatus): string {
  return STATUS_CLASS[status];
}

export type AttributeConcern = 'failing-now' | 'failed-past' | 'key-nonzero' | null;

/** The count behind a raw value: "33 (Min/Max 24/36)" → 33; Seagate's packed "0 0 0" → the largest. */
export function rawCount(a: Pick<AtaAttribute, 'raw'>): number {
  const s = a.raw.string.trim();
  if (/^\d+(\s+\d+)+$/.test(s)) return Math.max(...s.split(/\s+/).map(Number));
  const lead = /^(\d+)/.exec(s);
  return lead?.[1] ? Number(lead[1]) : a.raw.value;
}

export function attributeConcern(a: AtaAttribute): AttributeConcern {
  if (a.whenFailed === 'now') return 'failing-now';
  if (a.whenFailed === 'past') return 'failed-past';
  if (KEY_ATTRIBUTE_IDS.includes(a.id) && rawCount(a) > 0) return 'key-nonzero';
  return null;
}

const CONCERN_ORDER: Record<Exclude<AttributeConcern, null> | 'none', number> = { 'failing-now': 0, 'failed-past': 1, 'key-nonzero': 2, none: 3 };

/** Failing ones first, then those that failed before, then key counters above zero, then by id. */
export function sortAttributes(attributes: readonly AtaAttribute[]): AtaAttribute[] {
  return [...attributes].sort((a, b) => CONCERN_ORDER[attributeConcern(a) ?? 'none'] - CONCERN_ORDER[attributeConcern(b) ?? 'none'] || a.id - b.id);
}

/** The key table: the failure predictors present on this drive plus anything failing, failing first. */
export function keyAttributes(attributes: readonly AtaAttribute[]): AtaAttribute[] {
  return sortAttributes(attributes.filter((a) => KEY_ATTRIBUTE_IDS.includes(a.id) || a.whenFailed !== ''));
}

export const CONCERN_TEXT: Record<Exclude<AttributeConcern, null>, string> = V.concern;

/** A disk report, or null for "no data". */
export function diskReportOf(report: SmartReport | null): SmartDiskReport | null {
  return report && report.protocol !== 'unavailable' ? report : null;
}

export function formatTemperature(celsius: number | null): string {
  return celsius === null ? COMMON_TEXT.none : V.celsius(celsius);
}

/** `37,788 h (4.3 years)`. */
export function formatPowerOn(hours: number | null): string {
  if (hours === null) return COMMON_TEXT.none;
  return V.powerOn(Math.round(hours), hours / (24 * 365.25));
}

function timer(t: { enabled: boolean; deciseconds: number | null }): string {
  return t.enabled && t.deciseconds !== null ? V.seconds((t.deciseconds / 10).toFixed(1)) : V.disabled;
}

/** One line about ERC for the panel. */
export function formatErc(erc: SmartErc | null): string {
  if (!erc) return V.erc.notReported;
  switch (erc.state) {
    case 'supported':
      return V.erc.supported(timer(erc.read), timer(erc.write));
    case 'unsupported':
      return V.erc.unsupported;
    case 'failed':
      return V.erc.failed(erc.messages.join(' '));
    case 'unavailable':
      return V.erc.unavailable(erc.reason.replace(/-/g, ' '));
  }
}

export type SelfTestType = 'short' | 'long' | 'conveyance';

/** Which self-test buttons to offer: what the drive says it supports (unknown counts as offered, except conveyance off ATA). */
export function offeredSelfTests(report: SmartDiskReport | null): { type: SelfTestType; minutes: number | null }[] {
  if (!report) return [];
  const s: SmartSelfTestSupport = report.selfTestSupport;
  const out: { type: SelfTestType; minutes: number | null }[] = [];
  if (s.short !== false) out.push({ type: 'short', minutes: s.shortMinutes });
  if (s.extended !== false) out.push({ type: 'long', minutes: s.extendedMinutes });
  if (report.protocol === 'ata' && s.conveyance === true) out.push({ type: 'conveyance', minutes: s.conveyanceMinutes });
  return out;
}

/** `about 2 min`, `about 3 h 20 min`. */
export function formatMinutes(minutes: number | null): string | null {
  if (minutes === null) return null;
  return V.minutes(Math.floor(minutes / 60), minutes % 60);
}

/** Key counters of a history row in words, e.g. `reallocated 8, pending 2`. */
export function formatKeyValues(values: Record<string, number>): string {
  const parts = Object.entries(values).map(([k, v]) => `${V.historyLabels[k] ?? k} ${v}`);
  return parts.length ? parts.join(', ') : COMMON_TEXT.none;
}

/** smartctl `-d` values the device-type field accepts (the contract's, which the server checks). */
export const DEVICE_TYPE_PATTERN = SMART_DEVICE_TYPE_PATTERN;
