import type { HealthRule } from '../context.ts';
import { describeMember } from '../pool-facts.ts';
import { poolRedundancy } from '../profiles.ts';
import { makeAlert } from './make-alert.ts';

/** A present member whose SMART verdict is failing: the pool is at risk (critical). */
export const smartFailingRule: HealthRule = (pool, ctx) => {
  const r = poolRedundancy(pool.profiles);
  const redundant = r.known && r.failuresTolerated >= 1;
  return (ctx.smart ?? [])
    .filter((m) => m.status === 'failing' && pool.devices.some((d) => d.devid === m.devid && !d.missing))
    .map((m) => makeAlert('smart-failing', { member: describeMember(pool, m.devid), summary: m.summary, redundant }, m.devid));
};

/** Attached disks that still carry the pool's filesystem but are no longer members. */
export const staleMemberRule: HealthRule = (_pool, ctx) =>
  (ctx.staleDisks ?? []).map((d) => makeAlert('stale-member', { disk: d.name, path: d.path }));

/** A present member whose SMART data shows warnings: advice, without a banner. */
export const smartWarningRule: HealthRule = (pool, ctx) =>
  (ctx.smart ?? [])
    .filter((m) => m.status === 'warning' && pool.devices.some((d) => d.devid === m.devid && !d.missing))
    .map((m) => makeAlert('smart-warning', { member: describeMember(pool, m.devid), summary: m.summary }, m.devid));
