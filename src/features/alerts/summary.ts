/**
 * What the header alert says, worked out from the pools. Pure: the banner only renders it.
 * Every pool with the problem is named; those not imported say so (the banner explains Import).
 */
import type { DeviceErrors } from '../../../contracts/api.ts';
import { poolErrorTotal } from '../../shared/device-errors.ts';
import { poolName } from '../../shared/format.ts';
import { ALERTS_TEXT, type AlertKindText } from '../../text/alerts.ts';

export interface SummaryPool {
  uuid: string;
  label: string | null;
  managed: boolean;
  missingCount: number;
  devices: readonly { errors: DeviceErrors | null }[];
  /** Set when poolwatch could not read the pool (it cannot vouch for it: a problem). */
  unreadable?: object | null;
  /** The server's verdict: `failed` (data lost) and `at-risk` (a member failing SMART) get their own alert. */
  health?: { status: string };
}

export interface NamedPool {
  uuid: string;
  name: string;
}

export interface AlertGroup {
  /** Imported pools with the problem, by name, in the server's order. */
  managed: NamedPool[];
  /** Pools with the problem that are not imported, by name. */
  unimported: NamedPool[];
  /** Where a click on the indicator goes: the first imported pool with the problem, else the first pool; null when none. */
  targetUuid: string | null;
}

export interface AlertSummary {
  failed: AlertGroup;
  degraded: AlertGroup;
  atRisk: AlertGroup;
  deviceErrors: AlertGroup;
  unreadable: AlertGroup;
}

function group<T extends SummaryPool>(pools: readonly T[], has: (p: T) => boolean): AlertGroup {
  const hit = pools.filter(has);
  const named = (p: T) => ({ uuid: p.uuid, name: poolName(p) });
  const managed = hit.filter((p) => p.managed).map(named);
  return {
    managed,
    unimported: hit.filter((p) => !p.managed).map(named),
    targetUuid: managed[0]?.uuid ?? hit[0]?.uuid ?? null,
  };
}

export function summarizeAlerts(pools: readonly SummaryPool[]): AlertSummary {
  return {
    failed: group(pools, (p) => p.health?.status === 'failed'),
    degraded: group(pools, (p) => p.missingCount > 0 && p.health?.status !== 'failed'),
    atRisk: group(pools, (p) => p.health?.status === 'at-risk'),
    deviceErrors: group(pools, (p) => poolErrorTotal(p) > 0),
    unreadable: group(pools, (p) => Boolean(p.unreadable)),
  };
}

export function hasAny(g: AlertGroup): boolean {
  return g.managed.length + g.unimported.length > 0;
}

export type AlertKind = AlertKindText;

function names(g: AlertGroup): string[] {
  return [...g.managed.map((p) => p.name), ...g.unimported.map((p) => ALERTS_TEXT.notImportedName(p.name))];
}

/** One sentence for screen readers when the state appears or changes: "Pool degraded: tank, media (not imported)." */
export function announcement(summary: AlertSummary): string {
  const parts: string[] = [];
  if (hasAny(summary.failed)) parts.push(ALERTS_TEXT.announcement('failed', names(summary.failed)));
  if (hasAny(summary.degraded)) parts.push(ALERTS_TEXT.announcement('degraded', names(summary.degraded)));
  if (hasAny(summary.atRisk)) parts.push(ALERTS_TEXT.announcement('at-risk', names(summary.atRisk)));
  if (hasAny(summary.unreadable)) parts.push(ALERTS_TEXT.announcement('unreadable', names(summary.unreadable)));
  if (hasAny(summary.deviceErrors)) parts.push(ALERTS_TEXT.announcement('device-errors', names(summary.deviceErrors)));
  return parts.join(' ');
}
