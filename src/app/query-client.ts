import { QueryClient } from '@tanstack/react-query';
import { shouldRetry } from '../shared/api/client.ts';

/**
 * Server-Sent Events tell us when something changed, so data stays fresh until then; the
 * stale time only matters when live updates are down (window focus then refetches).
 */
const STALE_MS = 30_000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: STALE_MS, retry: shouldRetry, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
