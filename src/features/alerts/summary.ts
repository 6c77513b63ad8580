/**
 * What the header alert says, worked out from the pools. Pure: the banner only renders it.
 * Managed pools are named (the admin knows them); unimported ones are counted.
 */
import type { DeviceErrors } from '../../../contracts/api.ts';
import { poolErrorTotal } from '../../shared/device-errors.ts';
import { plural, poolName } from '../../shared/format.ts';

export interface SummaryPool {
  uuid: string;
  label: string | null;
  managed: boolean;
  missingCount: number;
  devices: readonly { errors: DeviceErrors | null }[];
  /** Set when poolwatch could not read the pool (it cannot vouch for it: a problem). */
  unreadable?: object | null;
}

export interface NamedPool {
  uuid: string;
  name: string;
}

export interface AlertGroup {
  /** Managed pools with the problem, by name, in the server's order. */
  managed: NamedPool[];
  /** How many unimported pools have the problem. */
  unimportedCount: number;
  /** Where a click on the indicator goes: the first managed pool with the problem, else the first pool; null when none. */
  targetUuid: string | null;
}

export interface AlertSummary {
  degraded: AlertGroup;
  deviceErrors: AlertGroup;
  unreadable: AlertGroup;
}

function group<T extends SummaryPool>(pools: readonly T[], has: (p: T) => boolean): AlertGroup {
  const hit = pools.filter(has);
  const managed = hit.filter((p) => p.managed).map((p) => ({ uuid: p.uuid, name: poolName(p) }));
  return {
    managed,
    unimportedCount: hit.length - managed.length,
    targetUuid: managed[0]?.uuid ?? hit[0]?.uuid ?? null,
  };
}

export function summarizeAlerts(pools: readonly SummaryPool[]): AlertSummary {
  return {
    degraded: group(pools, (p) => p.missingCount > 0),
    deviceErrors: group(pools, (p) => poolErrorTotal(p) > 0),
    unreadable: group(pools, (p) => Boolean(p.unreadable)),
  };
}

export function hasAny(g: AlertGroup): boolean {
  return g.managed.length + g.unimportedCount > 0;
}

export type AlertKind = 'degraded' | 'device-errors' | 'unreadable';

/** "2 unimported degraded pools", "1 unimported pool with device errors", or null when there are none. */
export function unimportedText(count: number, kind: AlertKind): string | null {
  if (count <= 0) return null;
  if (kind === 'degraded') return plural(count, 'unimported degraded pool', 'unimported degraded pools');
  if (kind === 'unreadable') return plural(count, 'unimported unreadable pool', 'unimported unreadable pools');
  return `${plural(count, 'unimported pool', 'unimported pools')} with device errors`;
}

function who(g: AlertGroup, kind: AlertKind): string {
  return [...g.managed.map((p) => p.name), unimportedText(g.unimportedCount, kind)].filter((x): x is string => x !== null).join(', ');
}

/** One sentence for screen readers when the state appears or changes: "Pool degraded: tank, 1 unimported degraded pool." */
export function announcement(summary: AlertSummary): string {
  const parts: string[] = [];
  if (hasAny(summary.degraded)) parts.push(`Pool degraded: ${who(summary.degraded, 'degraded')}.`);
  if (hasAny(summary.unreadable)) parts.push(`Pool unreadable: ${who(summary.unreadable, 'unreadable')}.`);
  if (hasAny(summary.deviceErrors)) parts.push(`Device errors recorded: ${who(summary.deviceErrors, 'device-errors')}.`);
  return parts.join(' ');
}
