/** The server's endpoints, each parsed with its contract. Features build their queries on these. */
import { DisksResponse } from '../../../contracts/api.ts';
import { PoolViewResponse, PoolViewsResponse, WatchStatus } from '../../../contracts/views.ts';
import { requestJson } from './client.ts';

export const EVENTS_URL = '/api/events';

export const getPools = (signal?: AbortSignal) => requestJson('GET', '/api/pools', PoolViewsResponse, { signal });
export const getPool = (uuid: string, signal?: AbortSignal) => requestJson('GET', `/api/pools/${encodeURIComponent(uuid)}`, PoolViewResponse, { signal });
export const getDisks = (signal?: AbortSignal) => requestJson('GET', '/api/disks', DisksResponse, { signal });
export const getStatus = (signal?: AbortSignal) => requestJson('GET', '/api/status', WatchStatus, { signal });
export const putManaged = (uuid: string, managed: boolean) =>
  requestJson('PUT', `/api/pools/${encodeURIComponent(uuid)}/manage`, PoolViewResponse, { body: { managed } });
