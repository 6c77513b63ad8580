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
};
