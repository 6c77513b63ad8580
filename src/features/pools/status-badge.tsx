import type { HealthStatus } from '../../../contracts/health.ts';
import { STATUS_TEXT } from '../../text/pools.ts';

const STATUS_ICON: Record<HealthStatus, string> = { healthy: '✓', warning: '!', 'at-risk': '▲', degraded: '⚠', failed: '✕', unreadable: '?' };

/** Colour plus icon plus word: the status never depends on colour alone. */
export function StatusBadge({ status }: { status: HealthStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span aria-hidden="true">{STATUS_ICON[status]}</span> {STATUS_TEXT[status]}
    </span>
  );
}
