import { queryOptions } from '@tanstack/react-query';
import { CounterHistoryResponse } from '../../../contracts/counters.ts';
import { requestJson } from '../../shared/api/client.ts';
import { apiKeys } from '../../shared/api/keys.ts';

export const countersQuery = (uuid: string) =>
  queryOptions({
    queryKey: apiKeys.counters(uuid),
    queryFn: ({ signal }) => requestJson('GET', `/api/pools/${encodeURIComponent(uuid)}/counters`, CounterHistoryResponse, { signal }),
  });
