/**
 * A scheduled scrub whose time passed while poolwatch was not running (issue 12 item 3), with real
 * processes: poolwatch (server/main.ts, a child process) creates the schedule through its API and is
 * stopped; while it is down, the schedule's time and its whole window pass; a new process on the same
 * data folder runs the scrub once, at its start, as an ordinary job started by "schedule", and says it
 * ran late; the next run moves to the following month. A third start runs nothing again.
 *
 * An hour's window cannot pass in a test: while no poolwatch runs, the stored due time is moved back
 * (2 h ago, window 1 h) in the database the stopped process left, which is what the hours passing
 * leave there. The new process reads it as any start after a night off would.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsResponse, type Job } from '../../contracts/jobs.ts';
import { SchedulesResponse, type Schedule } from '../../contracts/schedules.ts';
import { downScenario, upScenario } from '../../lab/cli.ts';
import { waitFor, type Lab } from '../../lab/lab.ts';
import { labSkipReason } from '../../lab/require-lab.ts';
import { startServerProcess, type ServerProcess } from '../test-support/server-process.ts';

const skip = await labSkipReason();
const ROOT = resolve(join(import.meta.dirname, '..', '..'));
const LAB_ROOT = join(ROOT, '.lab', `missed-run-${process.pid}`);
const SCENARIO = 'single';
/** This helper's own port range (HELPERS.md: e2e port + 100). */
const PORT = Number(process.env.POOLWATCH_E2E_PORT ?? 18084) + 102;
const PASSWORD = 'missed-run-password-1';

describe.skipIf(skip !== null)('a scheduled scrub missed while poolwatch was stopped runs once, late, in the next process', () => {
  let lab: Lab;
  let uuid: string;
  let dataDir: string;
  let server: ServerProcess | null = null;

  const start = async () => {
    server = await startServerProcess(PORT, {
      POOLWATCH_DATA_DIR: dataDir, POOLWATCH_ADMIN_PASSWORD: PASSWORD, POOLWATCH_FULL_SCAN_SECONDS: '5', POOLWATCH_MOUNT_ROOT: join(LAB_ROOT, 'mnt2'),
    });
  };
  const stop = async () => {
    await server?.stop('SIGTERM');
    server = null;
  };
  const scrubJobs = async (): Promise<Job[]> => JobsResponse.parse((await server!.api(`/api/jobs?pool=${uuid}`)).body).jobs.filter((j) => j.kind === 'scrub-start');
  const schedule = async (id: string): Promise<Schedule> => SchedulesResponse.parse((await server!.api('/api/schedules')).body).schedules.find((s) => s.id === id)!;

  beforeAll(async () => {
    lab = await upScenario(LAB_ROOT, SCENARIO);
    uuid = lab.pool(SCENARIO).uuid;
    dataDir = await mkdtemp(join(tmpdir(), 'poolwatch-missed-run-'));
  }, 180_000);

  afterAll(async () => {
    await stop().catch(() => undefined);
    await downScenario(LAB_ROOT, SCENARIO).catch(() => undefined);
    await rm(LAB_ROOT, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stopped through its window: the next process runs it once at start, marked late, and moves the next run', async () => {
    await start();
    await waitFor(async () => (await server!.api('/api/pools')).body !== null && JSON.stringify((await server!.api('/api/pools')).body).includes(uuid), 'poolwatch to see the pool', 30_000);
    // A monthly scrub, due tomorrow at first: nothing runs while this process lives.
    const due = new Date(Date.now() + 24 * 3600_000);
    const created = await server!.api('/api/schedules', {
      body: { kind: 'scrub', poolUuid: uuid, diskKey: null, enabled: true, recurrence: { every: 'month', monthDay: 1, at: '01:00', windowHours: 1 }, speedLimitBytesPerSecond: null, nextRunAt: due.toISOString() },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { schedule: { id: string } }).schedule.id;
    expect(await scrubJobs()).toEqual([]);
    await stop();

    // poolwatch is down while the due time and the hour's window after it pass.
    const missedAt = new Date(Date.now() - 2 * 3600_000).toISOString();
    const db = new Database(join(dataDir, 'poolwatch.sqlite'));
    try {
      expect(db.prepare('UPDATE schedules SET next_run_at = ? WHERE id = ?').run(missedAt, id).changes).toBe(1);
    } finally {
      db.close();
    }

    const restartedAt = Date.now();
    await start();
    await waitFor(async () => (await scrubJobs()).length > 0, 'the missed scrub to start', 60_000);
    const [job] = await scrubJobs();
    expect(job!.createdBy).toBe('schedule');
    expect(Date.parse(job!.createdAt)).toBeGreaterThanOrEqual(restartedAt - 1000);
    await waitFor(async () => ['succeeded', 'failed', 'interrupted'].includes((await scrubJobs())[0]!.state), 'the scrub to end', 60_000);
    expect((await scrubJobs())[0]!.state).toBe('succeeded');
    const after = await schedule(id);
    expect(after.lastJobId).toBe(job!.id);
    expect(Date.parse(after.lastRunAt!)).toBeGreaterThanOrEqual(restartedAt - 1000);
    expect(Date.parse(after.nextRunAt!)).toBeGreaterThan(Date.now());
    expect(new Date(after.nextRunAt!).getDate()).toBe(1);
    // What the schedules page shows: the job's end, and that it ran late, and why.
    expect(after.lastOutcome).toMatch(/^job succeeded/);
    expect(after.lastOutcome!.endsWith(` (its window at ${missedAt} passed while poolwatch was not running; ran at the next chance)`)).toBe(true);
    await stop();

    // Once: a third process finds nothing due.
    await start();
    await new Promise((r) => setTimeout(r, 5000));
    expect((await scrubJobs()).map((j) => j.id)).toEqual([job!.id]);
  }, 240_000);
});
