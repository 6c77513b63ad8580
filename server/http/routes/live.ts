import { Router, type Request } from 'express';
import type { Job } from '../../../contracts/jobs.ts';
import { CHANGE_EVENT, JOB_EVENT, type ChangeEvent, type WatchStatus } from '../../../contracts/views.ts';
import { ServiceUnavailableError } from '../../errors.ts';
import { HostError } from '../../host/host-error.ts';
import { ParseError, couldNotRead } from '../../parsers/parse-error.ts';
import type { JobRunner } from '../../jobs/job-runner.ts';
import type { DataDirHealth } from '../../store/data-dir.ts';
import type { PoolWatcher, WatchEvent } from '../../watch/watcher.ts';
import { actorOf, clientIp } from '../auth.ts';

/** Keeps proxies and browsers from closing an idle event stream. */
const SSE_HEARTBEAT_MS = 15_000;

export interface StreamLimits {
  /** Open streams per user or token (a browser opens one per tab). */
  perPrincipal: number;
  /** Open streams for the whole server. */
  total: number;
}

function watchError(e: Error): NonNullable<WatchStatus['error']> {
  if (e instanceof ParseError) return { code: 'parse-error', message: couldNotRead(e) };
  return { code: e instanceof HostError ? 'host-error' : 'internal', message: e.message };
}

/** The watcher's state: last scan, its age, a scan in progress and what it is stuck on, why the data may be old; and the data dir's. */
export function watchStatus(w: PoolWatcher, writes: DataDirHealth): WatchStatus {
  const e = w.lastError;
  return {
    version: w.version,
    scannedAt: w.lastScannedAt,
    error: e ? watchError(e) : null,
    dataDir: writes.status(),
    ageSeconds: w.ageSeconds(),
    scan: w.scanState(),
    stale: w.staleness(),
  };
}

/** Who holds a stream: the user or token, or the address of an anonymous caller (none reach here: the guard). */
function streamOwner(req: Request): string {
  const actor = actorOf(req);
  return actor === 'anonymous' ? `ip:${clientIp(req)}` : actor;
}

/**
 * GET /api/status and GET /api/events: the watcher's state, the data dir's, what changed, and
 * every job change. Streams are capped per principal and in total (503 beyond): each holds a
 * socket and a listener, and a script must not be able to open thousands.
 */
export function liveRoutes(watcher: PoolWatcher, jobs: JobRunner, writes: DataDirHealth, limits: StreamLimits): Router {
  const r = Router();
  const open = new Map<string, number>();
  let total = 0;

  r.get('/status', (_req, res) => {
    res.json(watchStatus(watcher, writes));
  });

  /** One change is written to every open stream: serialized once. */
  let last: { event: WatchEvent; text: string } | null = null;
  const changeText = (event?: WatchEvent): string => {
    if (event && last?.event === event) return last.text;
    const body: ChangeEvent = { ...watchStatus(watcher, writes), ...(event ? { changed: event.changed } : {}) };
    const text = `event: ${CHANGE_EVENT}\ndata: ${JSON.stringify(body)}\n\n`;
    if (event) last = { event, text };
    return text;
  };

  r.get('/events', (req, res) => {
    // HEAD (Express routes it here): the headers and nothing else. Node sends a HEAD answer's
    // headers only when it ends, so a stream would leave the caller waiting and hold a slot for good.
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' }).end();
      return;
    }
    const owner = streamOwner(req);
    const mine = open.get(owner) ?? 0;
    if (mine >= limits.perPrincipal) {
      throw new ServiceUnavailableError(`too many live-update streams open for ${actorOf(req)} (${mine}); close other poolwatch tabs`, 30);
    }
    if (total >= limits.total) throw new ServiceUnavailableError(`too many live-update streams open on this server (${total}); try again later`, 30);
    open.set(owner, mine + 1);
    total++;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = (event?: WatchEvent) => res.write(changeText(event));
    const sendJob = (job: Job) => res.write(`event: ${JOB_EVENT}\ndata: ${JSON.stringify(job)}\n\n`);
    const sendDataDir = () => send();
    send();
    watcher.on('change', send);
    writes.on('change', sendDataDir);
    jobs.on('job', sendJob);
    // Real time on purpose (ADR 012): a keep-alive for proxies' idle timeouts, which count real seconds on an open socket.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      watcher.off('change', send);
      writes.off('change', sendDataDir);
      jobs.off('job', sendJob);
      total--;
      const left = (open.get(owner) ?? 1) - 1;
      if (left > 0) open.set(owner, left);
      else open.delete(owner);
    });
  });
  return r;
}
