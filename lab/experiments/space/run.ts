/**
 * Space experiments: which recovery operations fit on a (degraded) pool, measured on real btrfs
 * pools on loop-backed sparse files. Root only; owns only what it builds under `.lab/exp-space/`.
 *
 *   npx tsx lab/experiments/space/run.ts --list               the cases
 *   npx tsx lab/experiments/space/run.ts [--set 2] [--only <regex>] [--out <file>]   run them (appends JSON lines)
 *
 * Each case builds a fresh pool, fills it while healthy, pulls the member(s) named, mounts it
 * degraded,rw, captures `fi usage -T -b`, `device usage -b`, `fi df -b` and the chunk tree, runs
 * one operation and records its exit code, stderr, the kernel's messages and the pool afterwards.
 * Then everything it made is torn down. `report.ts` turns the results into docs/recovery-space.md.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Lab, labUnavailableReason, sh, teardown } from '../../lab.ts';
import { CASES, CASES_2, type Case, type Step } from './cases.ts';

const MIB = 1024 * 1024;
const ROOT = resolve(import.meta.dirname, '..', '..', '..', '.lab', 'exp-space');
const RESULTS_DIR = resolve(import.meta.dirname, 'results');
const CAPTURES_DIR = resolve(ROOT, '..', 'exp-space-captures');

export interface DeviceState {
  devid: number;
  missing: boolean;
  sizeBytes: number;
  unallocatedBytes: number;
  allocations: Record<string, number>;
}

export interface PoolState {
  devices: DeviceState[];
  /** From fi usage -T -b: per type/profile column, logical total and used. */
  columns: { type: string; profile: string; totalBytes: number; usedBytes: number | null }[];
  globalReserveBytes: number | null;
  usedBytes: number;
  freeEstimatedBytes: number;
  /** Chunk lengths by `TYPE|PROFILE`, from the chunk tree (distinct lengths and count). */
  chunks: Record<string, { count: number; lengths: number[] }>;
  mountOptions: string[];
}

export interface StepResult {
  step: string;
  argv: string[];
  exitCode: number;
  seconds: number;
  stdout: string;
  stderr: string;
  kernel: string[];
}

export interface CaseResult {
  id: string;
  case: Case;
  startedAt: string;
  machine: { kernel: string; btrfsProgs: string; cpus: number };
  /** Bytes written before the failure (canary + filler) and deleted again (churn). */
  writtenBytes: number;
  deletedBytes: number;
  /** Data used / (data used + free estimated) of the healthy pool right after filling (logical bytes). */
  fillActual: number;
  before: PoolState;
  steps: StepResult[];
  after: PoolState | null;
  outcome: 'ok' | 'enospc' | 'read-only' | 'refused' | 'error';
  /** What the outcome rests on, in words. */
  outcomeWhy: string;
  canaryIntact: boolean | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function kmsg(text: string): Promise<void> {
  await writeFile('/dev/kmsg', `${text}\n`).catch(() => undefined);
}

/** Kernel lines after `marker` that concern btrfs on our loop devices (or name no device). */
async function kernelSince(marker: string, loops: string[]): Promise<string[]> {
  const out = (await sh('dmesg', [])).stdout.split('\n');
  const at = out.findLastIndex((l) => l.includes(marker));
  const names = loops.map((l) => l.replace('/dev/', ''));
  return out.slice(at + 1).filter((l) => {
    const dev = /\(device (loop\d+)/.exec(l);
    if (dev) return names.includes(dev[1]!);
    return /BTRFS|btrfs|Transaction aborted|forced readonly|WARNING: CPU/.test(l);
  }).map((l) => l.replace(/^\[\s*[\d.]+\]\s*/, ''));
}

function parseDeviceUsage(text: string): DeviceState[] {
  const devs: DeviceState[] = [];
  let cur: DeviceState | null = null;
  for (const line of text.split('\n')) {
    const head = /^(\S.*), ID: (\d+)\s*$/.exec(line);
    if (head) {
      cur = { devid: Number(head[2]), missing: /missing/.test(head[1]!), sizeBytes: 0, unallocatedBytes: 0, allocations: {} };
      devs.push(cur);
      continue;
    }
    const item = /^\s+([^:]+):\s+(-?\d+)\s*$/.exec(line);
    if (!item || !cur) continue;
    const name = item[1]!.trim();
    const bytes = Number(item[2]);
    if (name === 'Device size') cur.sizeBytes = bytes;
    else if (name === 'Unallocated') cur.unallocatedBytes = bytes;
    else if (name !== 'Device slack') cur.allocations[name] = bytes;
  }
  return devs;
}

function parseFiUsage(text: string): Pick<PoolState, 'columns' | 'globalReserveBytes' | 'usedBytes' | 'freeEstimatedBytes'> {
  const num = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : null;
  };
  const lines = text.split('\n');
  const sep = lines.findIndex((l) => /^-+ -+/.test(l));
  const columns: PoolState['columns'] = [];
  if (sep >= 2) {
    const types = lines[sep - 2]!.trim().split(/\s+/);
    const profiles = lines[sep - 1]!.trim().split(/\s+/).slice(2);
    const totalRow = lines.find((l, i) => i > sep && /^\s+Total\s/.test(l))?.trim().split(/\s+/).slice(1) ?? [];
    const usedRow = lines.find((l, i) => i > sep && /^\s+Used\s/.test(l))?.trim().split(/\s+/).slice(1) ?? [];
    profiles.forEach((p, k) => {
      if (p === 'Unallocated' || p === 'Total' || p === 'Slack') return;
      columns.push({ type: types[k] ?? '?', profile: p, totalBytes: Number(totalRow[k]), usedBytes: usedRow[k] ? Number(usedRow[k]) : null });
    });
  }
  return {
    columns,
    globalReserveBytes: num(/Global reserve:\s+(\d+)/),
    usedBytes: num(/^\s+Used:\s+(\d+)/m) ?? 0,
    freeEstimatedBytes: num(/Free \(estimated\):\s+(\d+)/) ?? 0,
  };
}

function parseChunks(text: string): PoolState['chunks'] {
  const chunks: PoolState['chunks'] = {};
  for (const m of text.matchAll(/length (\d+) owner \d+ stripe_len \d+ type (\S+)/g)) {
    const key = m[2]!;
    const c = (chunks[key] ??= { count: 0, lengths: [] });
    c.count++;
    if (!c.lengths.includes(Number(m[1]))) c.lengths.push(Number(m[1]));
  }
  return chunks;
}

class Runner {
  readonly steps: StepResult[] = [];
  constructor(readonly lab: Lab, readonly c: Case, readonly captureDir: string) {}

  get loops(): string[] {
    return Object.values(this.lab.state.disks).map((d) => d.loop).filter((l): l is string => Boolean(l));
  }
  get mnt(): string {
    return this.lab.pool('p').mountPoint;
  }

  async capture(tag: string): Promise<PoolState> {
    await sh('btrfs', ['filesystem', 'sync', this.mnt], { okExitCodes: [1] });
    const fiUsage = await sh('btrfs', ['filesystem', 'usage', '-T', '-b', this.mnt], { okExitCodes: [1] });
    const devUsage = await sh('btrfs', ['device', 'usage', '-b', this.mnt], { okExitCodes: [1] });
    const fiDf = await sh('btrfs', ['filesystem', 'df', '-b', this.mnt], { okExitCodes: [1] });
    const survivor = this.loops.find((l) => !this.spareLoops.includes(l)) ?? this.loops[0]!;
    const chunkTree = await sh('btrfs', ['inspect-internal', 'dump-tree', '-t', 'chunk', survivor], { okExitCodes: [1] });
    const opts = (await sh('findmnt', ['-no', 'OPTIONS', this.mnt], { okExitCodes: [1] })).stdout.trim().split(',');
    await mkdir(this.captureDir, { recursive: true });
    await writeFile(join(this.captureDir, `${tag}.fi-usage.txt`), fiUsage.stdout);
    await writeFile(join(this.captureDir, `${tag}.device-usage.txt`), devUsage.stdout);
    await writeFile(join(this.captureDir, `${tag}.fi-df.txt`), fiDf.stdout);
    return { devices: parseDeviceUsage(devUsage.stdout), ...parseFiUsage(fiUsage.stdout), chunks: parseChunks(chunkTree.stdout), mountOptions: opts };
  }

  spareLoops: string[] = [];

  async run(step: string, args: string[], timeoutMs = 900_000): Promise<StepResult> {
    const marker = `poolwatch-space-exp ${this.c.id} ${step} ${Date.now()}`;
    await kmsg(marker);
    const t0 = Date.now();
    const r = await sh('timeout', [String(Math.ceil(timeoutMs / 1000)), ...args], { okExitCodes: [1, 2, 3, 124, 125, 126, 127] });
    const seconds = (Date.now() - t0) / 1000;
    await sleep(200);
    const res: StepResult = { step, argv: args, exitCode: r.exitCode, seconds, stdout: r.stdout.slice(-2000), stderr: r.stderr.slice(-2000), kernel: await kernelSince(marker, this.loops) };
    this.steps.push(res);
    console.log(`  ${step}: exit ${r.exitCode} in ${seconds.toFixed(1)}s ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
    return res;
  }
}

/** Logical bytes used by data (the Used row of the Data columns). */
export function dataUsed(s: PoolState): number {
  return s.columns.filter((c) => /^Data/.test(c.type)).reduce((sum, c) => sum + (c.usedBytes ?? 0), 0);
}

const FILL_FILE_MIB = (capacityBytes: number) => Math.max(4, Math.min(64, Math.floor(capacityBytes / MIB / 48)));

async function writeZeros(path: string, mib: number): Promise<boolean> {
  const fh = await open(path, 'w');
  const buf = Buffer.alloc(MIB, 0x5a);
  try {
    for (let i = 0; i < mib; i++) await fh.write(buf);
    await fh.sync();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return false;
    throw err;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

async function fileHash(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Executes one case end to end; always tears down what it built. */
export async function runCase(c: Case, machine: CaseResult['machine']): Promise<CaseResult> {
  await rm(join(ROOT, c.id), { recursive: true, force: true });
  const lab = await Lab.create(ROOT, c.id);
  const captureDir = join(CAPTURES_DIR, c.id);
  const r = new Runner(lab, c, captureDir);
  const startedAt = new Date().toISOString();
  try {
    const names = c.sizesMiB.map((_, i) => `d${i + 1}`);
    for (let i = 0; i < names.length; i++) await lab.disk(names[i]!, c.sizesMiB[i]!);
    await lab.mkfs('p', names, c.data, c.metadata);
    await lab.mount('p');
    const canary = await lab.writeFile('p', 'canary.bin', 4);
    const start = await r.capture('empty');
    const capacity = dataUsed(start) + start.freeEstimatedBytes;
    const fileMiB = FILL_FILE_MIB(capacity);
    const target = c.fill * capacity;
    const churnTarget = (c.churn ?? 0) * capacity;
    let written = 4 * MIB;
    let n = 0;
    const files: string[] = [];
    let full = false;
    while (written < target + churnTarget && !full) {
      const f = join(r.mnt, `fill-${String(n++).padStart(4, '0')}.bin`);
      full = !(await writeZeros(f, fileMiB));
      files.push(f);
      written += fileMiB * MIB;
    }
    let deleted = 0;
    if (churnTarget > 0) {
      // Every other file, so that chunks are left partly used (the slack compaction returns).
      for (let i = 1; i < files.length && deleted < churnTarget; i += 2) {
        await rm(files[i]!);
        deleted += fileMiB * MIB;
      }
    }
    await sh('sync', []);
    const filled = await r.capture('filled');
    const fillActual = dataUsed(filled) / (dataUsed(filled) + filled.freeEstimatedBytes);
    await lab.umount('p');
    for (const d of c.pull ?? []) await lab.pull(d);
    await lab.mount('p', c.pull?.length ? ['degraded'] : []);
    for (const [i, s] of (c.spareMiB ?? []).entries()) {
      const d = await lab.disk(`s${i + 1}`, s);
      r.spareLoops.push(d.loop!);
    }
    const before = await r.capture('before');
    console.log(`${c.id}: fill ${(fillActual * 100).toFixed(1)}%, unallocated ${before.devices.map((d) => `${d.devid}${d.missing ? '(missing)' : ''}=${(d.unallocatedBytes / MIB).toFixed(0)}MiB`).join(' ')}`);
    for (const step of c.steps) await runStep(r, step);
    let after: PoolState | null = null;
    try {
      after = await r.capture('after');
    } catch {
      after = null;
    }
    let canaryIntact: boolean | null = null;
    try {
      canaryIntact = (await fileHash(join(r.mnt, 'canary.bin'))) === canary;
    } catch {
      canaryIntact = false;
    }
    const { outcome, why } = judge(c, r.steps, before, after);
    console.log(`  => ${outcome}: ${why}`);
    return { id: c.id, case: c, startedAt, machine, writtenBytes: written, deletedBytes: deleted, fillActual, before, steps: r.steps, after, outcome, outcomeWhy: why, canaryIntact };
  } finally {
    await teardown(lab.state.dir).catch((err: unknown) => console.error(`teardown of ${c.id} failed: ${String(err)}`));
  }
}

async function runStep(r: Runner, step: Step): Promise<void> {
  const mnt = r.mnt;
  const missingDevid = () => r.c.missingDevid ?? 3;
  switch (step.op) {
    case 'replace':
      await r.run('replace', ['btrfs', 'replace', 'start', '-B', '-f', String(step.devid ?? missingDevid()), r.spareLoops[step.spare ?? 0]!, mnt]);
      await r.run('replace-status', ['btrfs', 'replace', 'status', '-1', mnt]);
      return;
    case 'remove-missing':
      await r.run('remove-missing', ['btrfs', 'device', 'remove', 'missing', mnt]);
      return;
    case 'add':
      await r.run('add', ['btrfs', 'device', 'add', '-f', r.spareLoops[step.spare ?? 0]!, mnt]);
      return;
    case 'remove-device':
      await r.run(`remove-devid-${step.devid}`, ['btrfs', 'device', 'remove', String(step.devid), mnt]);
      return;
    case 'balance':
      await r.run(`balance ${step.args.join(' ')}`, ['btrfs', 'balance', 'start', ...step.args, mnt]);
      return;
    case 'delete': {
      // Frees a share of the filler files, spread over the pool (every k-th file).
      const files = (await sh('ls', [mnt])).stdout.split('\n').filter((f) => f.startsWith('fill-'));
      const k = Math.max(1, Math.round(1 / step.share));
      const gone = files.filter((_, i) => i % k === 0);
      for (const f of gone) await rm(join(mnt, f));
      await sh('sync', []);
      r.steps.push({ step: `delete ${gone.length} of ${files.length} files`, argv: [], exitCode: 0, seconds: 0, stdout: '', stderr: '', kernel: [] });
      return;
    }
    case 'capture':
      await r.capture(step.tag);
      return;
    case 'resize':
      await r.run(`resize ${step.devid}:-${step.shrinkMiB}M`, ['btrfs', 'filesystem', 'resize', `${step.devid}:-${step.shrinkMiB}M`, mnt]);
      return;
    case 'copy-off': {
      await r.run('remount ro', ['mount', '-o', 'remount,ro', mnt]);
      const target = await r.lab.disk('copy', 2048);
      await sh('mkfs.btrfs', ['-f', '-q', target.loop!]);
      const dest = join(r.lab.state.dir, 'mnt', 'copy');
      await mkdir(dest, { recursive: true });
      await sh('mount', [target.loop!, dest]);
      try {
        await r.run('copy off', ['cp', '-a', `${mnt}/.`, `${dest}/`]);
        const files = (await sh('ls', [mnt])).stdout.split('\n').filter(Boolean);
        let same = 0;
        for (const f of files) if ((await fileHash(join(mnt, f))) === (await fileHash(join(dest, f)))) same++;
        r.steps.push({ step: `compare ${files.length} files`, argv: [], exitCode: same === files.length ? 0 : 1, seconds: 0, stdout: `${same} of ${files.length} identical`, stderr: '', kernel: [] });
      } finally {
        await sh('umount', [dest]);
      }
      return;
    }
  }
}

function judge(c: Case, steps: StepResult[], before: PoolState, after: PoolState | null): { outcome: CaseResult['outcome']; why: string } {
  const last = steps.filter((s) => s.argv.length && !/status/.test(s.step)).at(-1);
  const all = steps.map((s) => `${s.stderr}\n${s.kernel.join('\n')}`).join('\n');
  const remountedRo = c.steps.some((st) => st.op === 'copy-off');
  if (!remountedRo && after?.mountOptions.includes('ro') && !before.mountOptions.includes('ro')) return { outcome: 'read-only', why: 'the pool was forced read-only' };
  if (/forced readonly|Read-only file system/.test(all)) return { outcome: 'read-only', why: 'the kernel forced the pool read-only' };
  const failed = steps.find((s) => s.argv.length && s.exitCode !== 0 && !/status/.test(s.step));
  if (failed) {
    const text = `${failed.stderr}\n${failed.kernel.join('\n')}`;
    if (/No space left|-28\b|ENOSPC/.test(text)) return { outcome: 'enospc', why: `${failed.step} exit ${failed.exitCode}: no space` };
    if (/unable to go below|not allowed|cannot|Invalid argument/i.test(failed.stderr)) return { outcome: 'refused', why: `${failed.step}: ${failed.stderr.trim().split('\n').at(-1)}` };
    return { outcome: 'error', why: `${failed.step} exit ${failed.exitCode}: ${failed.stderr.trim().split('\n').at(-1)}` };
  }
  if (!last) return { outcome: 'error', why: 'no step ran' };
  if (!after) return { outcome: 'error', why: 'the pool could not be read afterwards' };
  // Read back the goal: nothing missing after a replace/remove-missing, balance reported no error.
  const stillMissing = after.devices.some((d) => d.missing);
  const goal = c.goal ?? 'no-missing';
  if (goal === 'no-missing' && stillMissing) return { outcome: 'error', why: 'exit 0 but a member is still missing' };
  if (/ENOSPC|No space left/.test(all)) return { outcome: 'enospc', why: 'exit 0 but the kernel reported ENOSPC' };
  return { outcome: 'ok', why: `${last.step} exit 0${goal === 'no-missing' ? ', no member missing' : ''}` };
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--list')) {
    for (const c of [...CASES, ...CASES_2]) console.log(`${c.id}\t${c.note ?? ''}`);
    return 0;
  }
  const why = await labUnavailableReason();
  if (why) {
    console.error(`cannot run: ${why}`);
    return 1;
  }
  const only = argv.includes('--only') ? new RegExp(argv[argv.indexOf('--only') + 1]!) : null;
  const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1]! : join(RESULTS_DIR, 'results.jsonl');
  const machine = {
    kernel: (await sh('uname', ['-r'])).stdout.trim(),
    btrfsProgs: (await sh('btrfs', ['--version'])).stdout.trim().split('\n')[0]!,
    cpus: (await import('node:os')).cpus().length,
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  const set = argv.includes('--set') && argv[argv.indexOf('--set') + 1] === '2' ? CASES_2 : CASES;
  const cases = set.filter((c) => !only || only.test(c.id));
  console.log(`${cases.length} case(s); results → ${out}`);
  for (const c of cases) {
    try {
      const res = await runCase(c, machine);
      await appendFile(out, `${JSON.stringify(res)}\n`);
    } catch (err) {
      console.error(`${c.id}: ${String(err)}`);
      await appendFile(out, `${JSON.stringify({ id: c.id, case: c, error: String(err) })}\n`);
    }
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
