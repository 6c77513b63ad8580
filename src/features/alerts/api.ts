import { queryOptions } from '@tanstack/react-query';
import type { PoolViewsResponse } from '../../../contracts/views.ts';
import { getPools } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { summarizeAlerts } from './summary.ts';

// Module-level so its identity is stable: react-query then reruns it only when the pools changed.
const selectSummary = (r: PoolViewsResponse) => summarizeAlerts(r.pools);

/** The same cache entry as the pools list (same key and fetcher), narrowed to what the header needs. */
export const alertSummaryQuery = () =>
  queryOptions({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal), select: selectSummary });
