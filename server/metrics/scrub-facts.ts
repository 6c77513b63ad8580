/**
 * The last scrub of each pool for /metrics and the schedules page: `btrfs scrub status` of mounted
 * pools (which also knows scrubs started by cron or btrfsmaintenance), read at most every few
 * minutes per pool, combined with poolwatch's own scrub jobs in the journal (which outlive an
 * unmount). The newer of the two wins.
 */
import type { Job } from '../../contracts/jobs.ts';
import type { PoolView } from '../../contracts/views.ts';
import type { Host } from '../host/host.ts';
import { jobCmd } from '../host/job-commands.ts';
import { parseScrubStatus, type ScrubStatus } from '../parsers/scrub-status.ts';
import type { ScrubFacts } from './metrics-service.ts';

/** A scrub runs for hours; its status need not be fresher than this on a scrape. */
export const SCRUB_STATUS_TTL_MS = 5 * 60_000;

export interface ScrubFactsDeps {
  host: Host;
  /** Recent jobs, newest first (the journal). */
  jobs: () => Job[];
  now: () => Date;
}

function fromStatus(st: ScrubStatus): ScrubFacts {
  // `startedLocal` is local time without a zone: Date parses it as local time, as btrfs printed it.
  const started = st.startedLocal ? new Date(st.startedLocal) : null;
  const startedAt = started && !Number.isNaN(started.getTime()) ? started.toISOString() : null;
  const finished = st.state === 'finished' && started && st.durationSeconds !== null ? new Date(started.getTime() + st.durationSeconds * 1000).toISOString() : null;
  const e = st.errorSummary;
  return {
    lastRunAt: startedAt,
    lastSuccessAt: finished,
    lastErrors: st.state === 'finished' && e ? e.read + e.csum + e.verify + e.super : null,
    running: st.state === 'running',
  };
}

function fromJobs(jobs: readonly Job[], uuid: string): ScrubFacts {
  const scrubs = jobs.filter((j) => j.poolUuid === uuid && (j.kind === 'scrub-start' || j.kind === 'scrub-resume'));
  const lastRun = scrubs[0] ?? null;
  const lastOk = scrubs.find((j) => j.state === 'succeeded' && j.result?.scrub?.state === 'finished') ?? null;
  return {
    lastRunAt: lastRun?.startedAt ?? null,
    lastSuccessAt: lastOk?.finishedAt ?? null,
    lastErrors: lastOk?.result?.scrub?.errorsFound ?? null,
    running: lastRun?.state === 'running' || lastRun?.state === 'queued',
  };
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

export class ScrubFactsReader {
  private readonly cache = new Map<string, { at: number; facts: ScrubFacts | null }>();

  constructor(private readonly deps: ScrubFactsDeps) {}

  async read(pools: readonly PoolView[]): Promise<Map<string, ScrubFacts>> {
    const jobs = this.deps.jobs();
    const out = new Map<string, ScrubFacts>();
    for (const p of pools) {
      const journal = fromJobs(jobs, p.uuid);
      const status = p.mounted && p.mountPoint ? await this.status(p.uuid, p.mountPoint, journal.running) : null;
      if (!status) {
        out.set(p.uuid, journal);
        continue;
      }
      const statusNewer = (status.lastSuccessAt ?? '') >= (journal.lastSuccessAt ?? '');
      out.set(p.uuid, {
        lastRunAt: later(status.lastRunAt, journal.lastRunAt),
        lastSuccessAt: later(status.lastSuccessAt, journal.lastSuccessAt),
        lastErrors: statusNewer ? (status.lastErrors ?? journal.lastErrors) : journal.lastErrors,
        running: status.running || journal.running,
      });
    }
    return out;
  }

  private async status(uuid: string, mountPoint: string, jobRunning: boolean): Promise<ScrubFacts | null> {
    const now = this.deps.now().getTime();
    const cached = this.cache.get(uuid);
    // While a scrub runs, read every time: its end should show at the next scrape.
    if (cached && !jobRunning && !cached.facts?.running && now - cached.at < SCRUB_STATUS_TTL_MS) return cached.facts;
    let facts: ScrubFacts | null;
    try {
      facts = fromStatus(parseScrubStatus((await this.deps.host.run(jobCmd.scrubStatus(mountPoint))).stdout));
    } catch {
      // No status (btrfs-progs too old, the pool just went away): the journal is all there is.
      facts = null;
    }
    this.cache.set(uuid, { at: now, facts });
    return facts;
  }
}
