/** Parsing the server's `change` events. Pure. */
import { WatchStatus } from '../../../contracts/views.ts';

/** The event's WatchStatus, or null when it does not match the contract (the queries are refreshed anyway). */
export function parseChangeEvent(data: unknown): WatchStatus | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed = WatchStatus.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

