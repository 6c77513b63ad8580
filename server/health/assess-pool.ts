/**
 * The health verdict and maintenance guidance for one pool snapshot. Pure: everything it knows
 * comes in through `pool` and `ctx` (including `now`), so the same snapshot always yields the same answer.
 */
import type { Pool } from '../../contracts/api.ts';
import type { Alert, AlertSeverity, HealthStatus, PoolAssessment } from '../../contracts/health.ts';
import type { AssessContext } from './context.ts';
import { planMaintenance } from './maintenance.ts';
import { HEALTH_RULES } from './rules/index.ts';
import { redundancyVerdict } from './verdict.ts';

const SEVERITY_ORDER: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };

export function assessPool(pool: Pool, ctx: AssessContext): PoolAssessment {
  if (pool.unreadable) {
    // Nothing is known about its members: no rule but this one can say anything true, and no
    // guidance can be given (it would be advice about a pool poolwatch cannot see).
    return { health: { status: 'unreadable', alerts: HEALTH_RULES['pool-unreadable'](pool, ctx) }, maintenance: null };
  }
  const alerts = Object.values(HEALTH_RULES).flatMap((rule) => rule(pool, ctx));
  // Stable sort: most severe first, rule order kept within a severity.
  alerts.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return {
    health: { status: healthStatus(pool, alerts), alerts },
    maintenance: planMaintenance(pool, ctx),
  };
}

/**
 * unreadable: poolwatch could not read the pool; failed: more missing than the profile survives;
 * degraded: anything missing; at-risk: a member's SMART verdict is failing; warning: any warning
 * or critical alert; else healthy. Missing members
 * decide first, whatever the alerts say, so a degraded pool can never come out healthy.
 */
export function healthStatus(pool: Pool, alerts: readonly Alert[]): HealthStatus {
  if (pool.unreadable) return 'unreadable';
  const verdict = redundancyVerdict(pool);
  if (verdict.beyondRedundancy) return 'failed';
  if (verdict.missing.count > 0) return 'degraded';
  if (alerts.some((a) => a.code === 'smart-failing')) return 'at-risk';
  if (alerts.some((a) => a.severity !== 'info')) return 'warning';
  return 'healthy';
}
