/**
 * The idle measures of issue 13 on real lab pools (bench/run.ts calls it with the lab scenario
 * several-pools up), one after the other in one run:
 *  - the sysfs floor: the same kernel facts poolwatch watches, read once a second, nothing else;
 *  - a Rockstor-style poller: 7 processes every 30 s per open browser (what a NAS UI that polls
 *    the commands costs), its CPU measured on the same pools (3 rounds, scaled to a minute);
 *  - poolwatch's watcher with one open event stream, nothing changing;
 *  - the same while unrelated loop devices (an image that is no filesystem poolwatch cares for)
 *    and a tmpfs mount come and go every few seconds, driven by a shell in its own process.
 * The load measures run against the compiled server in its own process (bench/served.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Clock } from '../server/clock.ts';
import { RealHost } from '../server/host/real-host.ts';
import { readWatchFacts } from '../server/host/watch-facts.ts';
import { serve, testGraph } from '../server/test-support/graph.ts';

export interface LiveOptions {
  /** Seconds each idle window lasts. */
  idleSeconds: number;
  clock: Clock;
  /** A folder of the lab's (under the worktree's .lab/) for the churn's image file and mount point. */
  churnDir: string;
}

export interface IdleResult { cpuMsPerMin: number; processesPerMin: number }
export interface LiveResult {
  floor: IdleResult;
  /** 7 processes every 30 s: CPU of the poller and its children. */
  poller: IdleResult & { commands: string[] };
  poolwatch: IdleResult;
  /** While unrelated loop devices and a mount come and go: `cycles` of them in the window. */
  churn: IdleResult & { cycles: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU of this process's children that ended and were waited for (cutime + cstime), in ms. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

/** Opens an event stream and keeps it open (reads and drops what it sends). */
function openStream(base: string, token: string): () => void {
  const req = request(`${base}/api/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => res.resume());
  req.on('error', () => undefined);
  req.end();
  return () => req.destroy();
}

/** What a Rockstor-style UI runs per open browser every 30 s: 7 processes on the pools. */
function pollerCommands(mountPoint: string | null): [string, string[]][] {
  const m = mountPoint ?? '/';
  return [
    ['lsblk', ['-J', '-b', '-o', 'NAME,SIZE,TYPE,FSTYPE,UUID,MOUNTPOINTS']],
    ['findmnt', ['-J', '-t', 'btrfs']],
    ['btrfs', ['filesystem', 'show']],
    ['btrfs', ['filesystem', 'usage', '-b', m]],
    ['btrfs', ['filesystem', 'df', '-b', m]],
    ['btrfs', ['device', 'stats', m]],
    ['btrfs', ['subvolume', 'list', m]],
  ];
}

async function pollerCost(mountPoint: string | null): Promise<LiveResult['poller']> {
  const cmds = pollerCommands(mountPoint);
  const rounds = 3;
  const c0 = cpuMs() + childrenCpuMs();
  for (let i = 0; i < rounds; i++) for (const [file, args] of cmds) await execa(file, args, { reject: false });
  const perRound = (cpuMs() + childrenCpuMs() - c0) / rounds;
  return { cpuMsPerMin: perRound * 2, processesPerMin: cmds.length * 2, commands: cmds.map(([f, a]) => [f, ...a.slice(0, 2)].join(' ')) };
}

/**
 * A shell in its own process attaches a loop device over an image of random bytes (no filesystem
 * poolwatch cares for: a snap or a VM image), mounts a tmpfs, waits, and undoes both, again and again.
 */
function churn(dir: string, seconds: number): { done: Promise<number> } {
  mkdirSync(join(dir, 'churn-mnt'), { recursive: true });
  const image = join(dir, 'churn.img');
  writeFileSync(image, randomBytes(4 * 1024 * 1024));
  const script = `end=$(( $(date +%s) + ${seconds} )); n=0
while [ $(date +%s) -lt $end ]; do
  l=$(losetup --find --show "$1") || exit 1
  mount -t tmpfs -o size=1m poolwatch-bench "$2" || { losetup -d "$l"; exit 1; }
  sleep 2; umount "$2"; losetup -d "$l"; sleep 1; n=$((n+1))
done
echo $n`;
  const child = spawn('sh', ['-c', script, 'churn', image, join(dir, 'churn-mnt')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  return {
    done: new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`the loop-device churn failed (exit ${code})`))))),
  };
}

export async function liveMeasures(o: LiveOptions): Promise<LiveResult> {
  const host = new RealHost();
  const graph = testGraph({ host, clock: o.clock, config: { fullScanSeconds: 3600 } });
  const served = await serve(graph);
  const token = graph.auth.createToken('bench', 'bench', 'viewer').secret;
  try {
    await graph.watcher.check();
    const snap = graph.watcher.peek();
    const known = snap?.watch?.known ?? [];

    // The sysfs floor: the same kernel facts, read once a second, nothing else.
    const c0 = cpuMs();
    for (let i = 0; i < o.idleSeconds; i++) {
      readWatchFacts(host, known);
      await sleep(1000);
    }
    const floor: IdleResult = { cpuMsPerMin: ((cpuMs() - c0) * 60) / o.idleSeconds, processesPerMin: 0 };

    const mounted = snap?.pools.find((p) => p.mountPoint)?.mountPoint ?? null;
    const poller = await pollerCost(mounted);

    // poolwatch: its watcher with one open event stream, nothing changing.
    const close = openStream(served.base, token);
    graph.watcher.start();
    await sleep(1500);
    const window = async (during?: () => Promise<void>): Promise<IdleResult> => {
      const t0 = cpuMs();
      const p0 = host.activity().started;
      await (during ? during() : sleep(o.idleSeconds * 1000));
      return { cpuMsPerMin: ((cpuMs() - t0) * 60) / o.idleSeconds, processesPerMin: ((host.activity().started - p0) * 60) / o.idleSeconds };
    };
    const poolwatch = await window();
    let cycles = 0;
    const churned = await window(async () => {
      cycles = await churn(o.churnDir, o.idleSeconds).done;
    });
    close();
    return { floor, poller, poolwatch, churn: { ...churned, cycles } };
  } finally {
    graph.watcher.stop();
    await served.close();
    graph.stop();
  }
}
