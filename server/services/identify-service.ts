/**
 * Identify a disk physically (issue 10, ADR 024): make the disk the admin means show itself in the
 * chassis before anyone pulls it. With ledmon installed, `ledctl locate=` lights the slot's locate
 * LED (and `locate_off` switches it off at the end, whatever happens); where ledctl is missing or
 * cannot drive an LED for this disk (no enclosure it knows: loop devices, most desktop boards), a
 * read pattern instead: one second of direct reads, one second of rest, again and again, so the
 * disk's activity LED blinks in a rhythm no other disk shows. It only reads. It runs as a job of
 * its own (`identify-disk`), cancellable; the device comes from the inventory, never from the
 * request, and every command is built by server/host/commands.ts (`identifyCmd`).
 */
import { IDENTIFY_DEFAULT_SECONDS, type IdentifyMethod, type IdentifyPlan, type IdentifyRequest, type IdentifyStarted } from '../../contracts/identify.ts';
import type { Disk } from '../../contracts/api.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { diskWords } from '../health/pool-facts.ts';
import { identifyCmd } from '../host/commands.ts';
import { HostError } from '../host/host-error.ts';
import type { CommandSpec, Host } from '../host/host.ts';
import type { SnapshotSource } from '../inventory/inventory-service.ts';
import { JobOutcomeError, type JobContext, type JobRunner } from '../jobs/job-runner.ts';

/** Where ledmon's Debian package (and others) put ledctl. */
const LEDCTL_PATHS = ['/usr/sbin/ledctl', '/sbin/ledctl', '/usr/bin/ledctl', '/usr/local/sbin/ledctl'];
/** One burst of reads lasts about this long, then the disk rests as long: a 1 s on / 1 s off blink. */
const BURST_MS = 1000;
const REST_MS = 1000;
/** First burst size; later ones are sized from the speed the disk showed, within these bounds. */
const FIRST_BURST_MIB = 16;
const MIN_BURST_MIB = 1;
const MAX_BURST_MIB = 1024;
/** Rest is slept in steps this short, so a cancel stops the pattern within a fraction of a second. */
const STEP_MS = 200;

export interface IdentifyServiceDeps {
  host: Host;
  inventory: SnapshotSource;
  jobs: JobRunner;
  now: () => Date;
}

type AttachedDisk = Disk & { path: string };

export class IdentifyService {
  constructor(private readonly deps: IdentifyServiceDeps) {}

  /** GET /api/disks/:key/identify: what poolwatch would do, before it does anything. */
  async plan(key: string, req: IdentifyRequest = {}): Promise<IdentifyPlan> {
    const disk = await this.attached(key);
    const ledctl = await this.ledctlInstalled();
    const seconds = req.seconds ?? IDENTIFY_DEFAULT_SECONDS;
    const method: IdentifyMethod = ledctl ? 'ledctl' : 'read-pattern';
    const name = nameOf(disk);
    const pattern = `poolwatch reads from ${name} for about a second, rests a second, and repeats for ${seconds} s: the disk's activity LED blinks on and off in that rhythm while the others stay as they were. It only reads (direct I/O, bypassing the cache); cancel it to stop at once.`;
    const description = ledctl
      ? `ledctl (ledmon) lights the locate LED of the slot holding ${name} for ${seconds} s and switches it off afterwards. If ledctl cannot drive an LED for this disk (no enclosure it knows), poolwatch says so in the job and blinks the activity LED instead: ${pattern}`
      : `ledctl (Debian package ledmon) is not installed, so no locate LED can be lit. Instead: ${pattern}`;
    const commands: CommandSpec[] = [
      ...(ledctl ? [identifyCmd.ledLocate(disk.path), identifyCmd.ledLocateOff(disk.path)] : []),
      identifyCmd.readBurst(disk.path, 0, FIRST_BURST_MIB),
    ];
    return { diskKey: key, disk: name, path: disk.path, method, ledctlInstalled: ledctl, description, commands: commands.map((c) => [c.file, ...c.args]), seconds };
  }

  /** POST /api/disks/:key/identify: starts the `identify-disk` job. */
  async start(key: string, req: IdentifyRequest, actor: string): Promise<IdentifyStarted> {
    const disk = await this.attached(key);
    const seconds = req.seconds ?? IDENTIFY_DEFAULT_SECONDS;
    const ledctl = await this.ledctlInstalled();
    const name = nameOf(disk);
    const stop = { requested: false };
    const job = await this.deps.jobs.start({
      kind: 'identify-disk',
      action: 'disk.identify',
      poolUuid: disk.pool?.uuid ?? null,
      target: name,
      actor,
      // Reads and an LED: nothing that holds a pool.
      exclusive: false,
      log: [`identifying ${name} for ${seconds} s${ledctl ? ' (ledctl installed: locate LED first)' : ' (ledctl not installed: activity LED read pattern)'}`],
      run: (ctx) => this.run(ctx, disk, name, seconds, ledctl, stop),
      // Stops the pattern between bursts (a burst lasts about a second); the LED is switched off by run().
      cancel: async () => {
        stop.requested = true;
      },
    });
    return { jobId: job.id };
  }

  private async run(ctx: JobContext, disk: AttachedDisk, name: string, seconds: number, ledctl: boolean, stop: { requested: boolean }): Promise<void> {
    const started = this.deps.now().getTime();
    const end = started + seconds * 1000;
    const elapsed = () => Math.round((this.deps.now().getTime() - started) / 1000);
    if (ledctl) {
      const lit = await this.tryLedctl(ctx, disk.path);
      if (lit === null) {
        try {
          ctx.setProgress({ percent: 0, detail: `locate LED lit for ${name}` });
          while (!stop.requested && this.deps.now().getTime() < end) {
            await ctx.sleep(STEP_MS);
            ctx.setProgress({ percent: Math.min(100, (100 * elapsed()) / seconds), detail: `locate LED lit (${elapsed()} of ${seconds} s)` });
          }
        } finally {
          await ctx.exec(identifyCmd.ledLocateOff(disk.path));
        }
        this.end(ctx, stop, `the locate LED of ${name} was lit for ${elapsed()} s and is off again`);
        return;
      }
      ctx.log(`ledctl could not light a locate LED for ${disk.path}: ${lit}. Blinking the activity LED with reads instead.`);
    }
    await this.readPattern(ctx, disk, seconds, end, stop, elapsed);
    this.end(ctx, stop, `${name} was read in a 1 s on / 1 s off pattern for ${elapsed()} s`);
  }

  /** null when ledctl lit the LED; else what it said. */
  private async tryLedctl(ctx: JobContext, path: string): Promise<string | null> {
    try {
      await ctx.exec(identifyCmd.ledLocate(path));
      return null;
    } catch (err) {
      if (!(err instanceof HostError)) throw err;
      const said = err.detail.stderr.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('ledctl:')).join(' ');
      return said || `ledctl exited with status ${err.detail.exitCode ?? 'unknown'}`;
    }
  }

  private async readPattern(ctx: JobContext, disk: AttachedDisk, seconds: number, end: number, stop: { requested: boolean }, elapsed: () => number): Promise<void> {
    const sizeMiB = Math.max(1, Math.floor((disk.sizeBytes ?? 0) / (1024 * 1024)));
    let burstMiB = Math.min(FIRST_BURST_MIB, sizeMiB);
    let offsetMiB = 0;
    let bursts = 0;
    while (!stop.requested && this.deps.now().getTime() < end) {
      // On: about a second of reads, spread over the disk (its own cache must not answer them).
      const burstEnd = this.deps.now().getTime() + BURST_MS;
      while (!stop.requested && this.deps.now().getTime() < burstEnd) {
        if (offsetMiB + burstMiB > sizeMiB) offsetMiB = 0;
        const t0 = this.deps.now().getTime();
        await ctx.exec(identifyCmd.readBurst(disk.path, offsetMiB, burstMiB));
        const took = Math.max(1, this.deps.now().getTime() - t0);
        offsetMiB += burstMiB + Math.floor(sizeMiB / 7);
        offsetMiB %= Math.max(1, sizeMiB - burstMiB);
        // Size the next burst to fill the second (fewer, longer commands: fewer audit entries).
        burstMiB = Math.max(MIN_BURST_MIB, Math.min(MAX_BURST_MIB, sizeMiB, Math.round((burstMiB * BURST_MS) / took)));
        if (took >= BURST_MS / 2) break;
      }
      bursts++;
      ctx.setProgress({ percent: Math.min(100, (100 * elapsed()) / seconds), detail: `blinking: burst ${bursts}, ${elapsed()} of ${seconds} s` });
      // Off: rest, so the LED goes dark between bursts.
      for (let rested = 0; rested < REST_MS && !stop.requested; rested += STEP_MS) await ctx.sleep(STEP_MS);
    }
  }

  private end(ctx: JobContext, stop: { requested: boolean }, summary: string): void {
    if (stop.requested) throw new JobOutcomeError('cancelled', `stopped on request: ${summary}`, { summary, scrub: null });
    ctx.setResult({ summary, scrub: null });
  }

  private async ledctlInstalled(): Promise<boolean> {
    for (const p of LEDCTL_PATHS) if ((await this.deps.host.realPath(p)) !== null) return true;
    return false;
  }

  private async attached(key: string): Promise<AttachedDisk> {
    const snap = await this.deps.inventory.snapshot();
    const disk = snap.disks.find((d) => d.identity.key === key);
    if (!disk) throw new NotFoundError(`no disk ${key}`);
    if (!disk.attached || !disk.path) throw new ValidationError(`disk ${nameOf(disk)} is not attached: there is nothing to make blink`);
    return disk as AttachedDisk;
  }
}

function nameOf(disk: Disk): string {
  return diskWords(disk.identity, disk.sizeBytes, disk.path) || disk.identity.key;
}
