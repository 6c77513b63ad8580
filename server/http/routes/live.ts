import { Router } from 'express';
import type { Job } from '../../../contracts/jobs.ts';
import { CHANGE_EVENT, JOB_EVENT, type WatchStatus } from '../../../contracts/views.ts';
import { HostError } from '../../host/host-error.ts';
import { ParseError, couldNotRead } from '../../parsers/parse-error.ts';
import type { JobRunner } from '../../jobs/job-runner.ts';
import type { PoolWatcher } from '../../watch/watcher.ts';

/** Keeps proxies and browsers from closing an idle event stream. */
const SSE_HEARTBEAT_MS = 15_000;

function watchError(e: Error): NonNullable<WatchStatus['error']> {
  if (e instanceof ParseError) return { code: 'parse-error', message: couldNotRead(e) };
  return { code: e instanceof HostError ? 'host-error' : 'internal', message: e.message };
}

function watchStatus(w: PoolWatcher): WatchStatus {
  const e = w.lastError;
  return {
    version: w.version,
    scannedAt: w.lastScannedAt,
    error: e ? watchError(e) : null,
  };
}

/** GET /api/status and GET /api/events: the watcher's state, its changes and every job change. */
export function liveRoutes(watcher: PoolWatcher, jobs: JobRunner): Router {
  const r = Router();
  r.get('/status', (_req, res) => {
    res.json(watchStatus(watcher));
  });

  r.get('/events', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = () => res.write(`event: ${CHANGE_EVENT}\ndata: ${JSON.stringify(watchStatus(watcher))}\n\n`);
    const sendJob = (job: Job) => res.write(`event: ${JOB_EVENT}\ndata: ${JSON.stringify(job)}\n\n`);
    send();
    watcher.on('change', send);
    jobs.on('job', sendJob);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      watcher.off('change', send);
      jobs.off('job', sendJob);
    });
  });
  return r;
}
