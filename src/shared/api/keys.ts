/**
 * Query keys for every API resource, in one place so that features and live updates agree on
 * them without importing each other. Everything lives under `api` so one invalidation reaches all.
 */
export const apiKeys = {
  all: ['api'] as const,
  pools: () => ['api', 'pools'] as const,
  pool: (uuid: string) => ['api', 'pools', uuid.toLowerCase()] as const,
  disks: () => ['api', 'disks'] as const,
  status: () => ['api', 'status'] as const,
  /** Every job query (lists and single jobs): the live `job` event keeps them current. */
  jobs: () => ['api', 'jobs'] as const,
  jobLists: () => ['api', 'jobs', 'list'] as const,
  jobList: (filter: { pool?: string | undefined; active?: boolean | undefined; limit?: number | undefined }) =>
    ['api', 'jobs', 'list', { pool: filter.pool?.toLowerCase() ?? null, active: filter.active ?? false, limit: filter.limit ?? null }] as const,
  job: (id: string) => ['api', 'jobs', 'one', id.toLowerCase()] as const,
  /** Notification channels, the delivery log, open problems (features/notify). */
  notify: () => ['api', 'notify'] as const,
  thresholds: () => ['api', 'settings', 'thresholds'] as const,
  schedules: () => ['api', 'schedules'] as const,
  counters: (uuid: string) => ['api', 'pools', uuid.toLowerCase(), 'counters'] as const,
  bundle: (redact: boolean) => ['api', 'bundle', redact] as const,
};
