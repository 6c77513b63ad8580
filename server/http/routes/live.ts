import { Router } from 'express';
import type { Job } from '../../../contracts/jobs.ts';
import { CHANGE_EVENT, JOB_EVENT, type WatchStatus } from '../../../contracts/views.ts';
import { HostError } from '../../host/host-error.ts';
import { ParseError, couldNotRead } from '../../parsers/parse-error.ts';
import type { AppContext } from '../context.ts';

/** Keeps proxies and browsers from closing an idle event stream. */
const SSE_HEARTBEAT_MS = 15_000;

function watchError(e: Error): NonNullable<WatchStatus['error']> {
  if (e instanceof ParseError) return { code: 'parse-error', message: couldNotRead(e) };
  return { code: e instanceof HostError ? 'host-error' : 'internal', message: e.message };
}

function watchStatus(ctx: AppContext): WatchStatus {
  const w = ctx.watcher;
  const e = w?.lastError;
  return {
    version: w?.version ?? 0,
    scannedAt: w?.lastScannedAt ?? null,
    error: e ? watchError(e) : null,
  };
}

export function liveRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/status', (_req, res) => {
    res.json(watchStatus(ctx));
  });

  r.get('/events', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = () => res.write(`event: ${CHANGE_EVENT}\ndata: ${JSON.stringify(watchStatus(ctx))}\n\n`);
    const sendJob = (job: Job) => res.write(`event: ${JOB_EVENT}\ndata: ${JSON.stringify(job)}\n\n`);
    send();
    ctx.watcher?.on('change', send);
    ctx.jobs?.runner.on('job', sendJob);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      ctx.watcher?.off('change', send);
      ctx.jobs?.runner.off('job', sendJob);
    });
  });
  return r;
}
