/**
 * SMART self-tests as `smart-self-test` jobs: started on the drive (`smartctl -t`), followed by
 * polling `smartctl -j -a` every `selfTestPollMs` on the job's (the injected clock's) time, with
 * the drive's percent done as the job's progress, ended with the newest self-test log entry in
 * words (the job fails when the drive logged a failure). Cancelling the job aborts the test on the drive.
 */
import type { SmartAbortResponse, SmartDiskReport, SmartJobStartedResponse, SmartSelfTestRequest } from '../../contracts/smart.ts';
import type { Clock } from '../clock.ts';
import type { SmartConfig } from '../config.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { diskWords } from '../health/pool-facts.ts';
import type { Host } from '../host/host.ts';
import { JobOutcomeError } from '../jobs/job-runner.ts';
import { decodeSmartctlExit, parseSmartctlJson } from '../parsers/smartctl.ts';
import type { AuditStore } from '../store/audit-store.ts';
import { diskReport, smartctlSays, type AttachedDisk, type SmartJobContext, type SmartJobStarter } from './smart-common.ts';
import type { SmartReader } from './smart-reader.ts';

/** A self-test the drive never finishes (hung, or the log never updates) ends the job after this. */
const MAX_SELF_TEST_MS = 48 * 3600_000;
/** The drive's own estimate of a test's length, plus margin, bounds the job when the drive reports one. */
const SELF_TEST_ESTIMATE_FACTOR = 3;

export interface SmartSelfTestsDeps {
  host: Host;
  reader: SmartReader;
  audit: AuditStore;
  jobs: SmartJobStarter;
  config: SmartConfig;
  clock: Clock;
}

/** A self-test poolwatch follows: its job and the drive's last percent done. */
export interface FollowedSelfTest {
  jobId: string | null;
  percentDone: number | null;
}

interface Follow extends FollowedSelfTest {
  aborted: boolean;
}

export class SmartSelfTests {
  /** Self-test jobs poolwatch follows, by disk key. */
  private readonly following = new Map<string, Follow>();

  constructor(private readonly deps: SmartSelfTestsDeps) {}

  /** The self-test job poolwatch follows on a disk, with its last progress; null when none. */
  followed(key: string): FollowedSelfTest | null {
    const f = this.following.get(key);
    return f ? { jobId: f.jobId, percentDone: f.percentDone } : null;
  }

  /** POST /api/disks/:key/smart/self-test: starts the test and follows it as a `smart-self-test` job. */
  async start(key: string, req: SmartSelfTestRequest, actor: string): Promise<SmartJobStartedResponse> {
    const { reader } = this.deps;
    const { disk } = await reader.findAttached(key);
    const known = await reader.reportForAction(disk, 'a self-test');
    const support = known.selfTestSupport;
    // Conveyance (transport damage) tests exist only in ATA.
    const offered = req.type === 'long' ? support.extended : req.type === 'short' ? support.short : known.protocol !== 'ata' ? false : support.conveyance;
    if (offered === false) throw new ValidationError(`this disk does not offer a ${req.type} self-test`);
    if (this.following.has(key)) throw new ConflictError('poolwatch is already following a self-test on this disk; abort it first');
    if (known.selfTestInProgress) throw new ConflictError('a self-test is already running on this disk; abort it first');
    const type = await reader.deviceTypeOf(disk);
    const follow: Follow = { jobId: null, percentDone: 0, aborted: false };
    this.following.set(key, follow);
    try {
      const job = await this.deps.jobs.start({
        kind: 'smart-self-test',
        action: 'smart.self-test',
        poolUuid: disk.pool?.uuid ?? null,
        target: diskWords(disk.identity, disk.sizeBytes, disk.path),
        actor,
        exclusive: false,
        run: async (ctx) => {
          try {
            await this.run(disk, type.effective, req.type, ctx, known, follow);
          } finally {
            this.following.delete(key);
          }
        },
        // Cancelling the job aborts the test on the drive; the poll loop then sees it end.
        cancel: async (ctx) => {
          follow.aborted = true;
          await ctx.exec(reader.cmds.selfTestAbort(disk.path, type.effective));
        },
      });
      follow.jobId = job.id;
      return { jobId: job.id, kind: 'smart-self-test' };
    } catch (err) {
      this.following.delete(key);
      throw err;
    }
  }

  private async run(
    disk: AttachedDisk,
    deviceType: string | null,
    testType: SmartSelfTestRequest['type'],
    ctx: SmartJobContext,
    known: SmartDiskReport,
    follow: Follow,
  ): Promise<void> {
    const { reader } = this.deps;
    const started = await ctx.exec(reader.cmds.selfTestStart(disk.path, deviceType, testType));
    const bits = decodeSmartctlExit(started.exitCode);
    if (bits.commandLineError || bits.openFailed || bits.smartCommandFailed) {
      throw new Error(`the drive did not start the ${testType} self-test: ${smartctlSays(started.stdout) || `smartctl exit status ${started.exitCode}`}`);
    }
    ctx.setProgress({ percent: 0, detail: `${testType} self-test started` });

    const support = known.selfTestSupport;
    const minutes = testType === 'long' ? support.extendedMinutes : testType === 'short' ? support.shortMinutes : support.conveyanceMinutes;
    const deadline = this.deps.clock.now().getTime() + (minutes ? Math.min(MAX_SELF_TEST_MS, minutes * 60_000 * SELF_TEST_ESTIMATE_FACTOR + 10 * 60_000) : MAX_SELF_TEST_MS);
    for (;;) {
      await ctx.sleep(this.deps.config.selfTestPollMs);
      const out = await ctx.exec(reader.cmds.selfTestStatus(disk.path, deviceType));
      const report = diskReport(parseSmartctlJson(out.stdout, out.exitCode));
      const running = report?.selfTestInProgress ?? null;
      if (!running) break;
      follow.percentDone = running.percentDone;
      // ATA reports percent remaining and NVMe percent done: the parser turned both into done.
      ctx.setProgress({ percent: running.percentDone, detail: running.status ?? `${testType} self-test running` });
      if (this.deps.clock.now().getTime() > deadline) throw new Error(`the ${testType} self-test has not finished after far longer than the drive's estimate; abort it and check the disk`);
    }
    // The result lands in the self-test log: read the full report once so the disk's page shows it.
    const check = await reader.read(disk, { skipIfStandby: false });
    const newest = diskReport(check?.report)?.selfTests[0];
    if (follow.aborted) throw new JobOutcomeError('cancelled', `the ${testType} self-test was aborted on the drive`);
    if (!newest) {
      ctx.setResult({ summary: `${testType} self-test finished; the drive's self-test log shows no entry`, scrub: null });
      return;
    }
    const where = newest.firstErrorLba !== null ? ` (first error at LBA ${newest.firstErrorLba})` : '';
    if (newest.passed === false) throw new Error(`${newest.type} self-test: ${newest.status}${where}`);
    ctx.setResult({ summary: `${newest.type} self-test: ${newest.status}`, scrub: null });
  }

  /** POST /api/disks/:key/smart/self-test/abort: cancels poolwatch's job (which runs `smartctl -X`), else runs `-X` itself. */
  async abort(key: string, actor: string): Promise<SmartAbortResponse> {
    const { reader } = this.deps;
    const { disk } = await reader.findAttached(key);
    const following = this.following.get(key);
    if (following?.jobId) {
      await this.deps.jobs.cancel(following.jobId, actor);
      return { message: `asked job ${following.jobId} to abort the self-test` };
    }
    const type = await reader.deviceTypeOf(disk);
    const spec = reader.cmds.selfTestAbort(disk.path, type.effective);
    const out = await this.deps.host.run(spec);
    const bits = decodeSmartctlExit(out.exitCode);
    const ok = !bits.commandLineError && !bits.openFailed && !bits.smartCommandFailed;
    const said = smartctlSays(out.stdout);
    this.deps.audit.record({
      at: this.deps.clock.now().toISOString(), actor, action: 'smart.self-test-abort', poolUuid: disk.pool?.uuid ?? null, target: disk.path,
      argv: [spec.file, ...spec.args], exitCode: out.exitCode, outcome: ok ? 'ok' : 'failed', stderr: ok ? null : said,
    });
    if (!ok) throw new ConflictError(`aborting the self-test failed: ${said || `smartctl exit status ${out.exitCode}`}`);
    return { message: said || 'self-test aborted' };
  }
}
