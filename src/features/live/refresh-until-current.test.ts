import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { WatchStatus } from '../../../contracts/views.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { refreshUntilCurrent, viewScannedBefore } from './use-live-updates.ts';

const T0 = '2026-12-03T22:00:00.000Z';
const T1 = '2026-12-03T22:00:05.000Z';
const status = (scannedAt: string) => ({ version: 2, scannedAt, error: null }) as unknown as WatchStatus;

describe('a change event: views are refetched until none is older than the scan it announced', () => {
  it('fetches again when the answer that landed was read before the scan (a first fetch still in flight)', async () => {
    const client = new QueryClient();
    const answers = [{ pools: [], scannedAt: T0 }, { pools: ['degraded'], scannedAt: T1 }];
    let calls = 0;
    // A watched list, as the header's is: invalidation refetches it.
    const observer = new QueryObserver(client, { queryKey: apiKeys.pools(), queryFn: () => Promise.resolve(answers[Math.min(calls++, 1)]) });
    const unsubscribe = observer.subscribe(() => undefined);
    await refreshUntilCurrent(client, status(T1));
    expect(client.getQueryData<{ scannedAt: string }>(apiKeys.pools())?.scannedAt).toBe(T1);
    expect(calls).toBeGreaterThanOrEqual(2);
    unsubscribe();
  });
  it('stops after a few passes when the server keeps answering older (never a loop)', async () => {
    const client = new QueryClient();
    let calls = 0;
    const observer = new QueryObserver(client, { queryKey: apiKeys.pools(), queryFn: () => Promise.resolve({ pools: [], scannedAt: T0, n: calls++ }) });
    const unsubscribe = observer.subscribe(() => undefined);
    await refreshUntilCurrent(client, status(T1));
    expect(calls).toBeLessThanOrEqual(5);
    unsubscribe();
  });
  it('reads scannedAt only from answers that carry it', () => {
    expect(viewScannedBefore({ scannedAt: T0 }, Date.parse(T1))).toBe(true);
    expect(viewScannedBefore({ scannedAt: T1 }, Date.parse(T1))).toBe(false);
    expect(viewScannedBefore({ jobs: [] }, Date.parse(T1))).toBe(false);
    expect(viewScannedBefore(null, Date.parse(T1))).toBe(false);
  });
});
