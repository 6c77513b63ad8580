/**
 * Scale (issue 13): the same measures with the lab's 3 pools and with 30 more small pools on real
 * loop devices (4 members each, raid1, mounted, no data: small, quick to build and to tear down).
 * Per size: a full scan (median), the unchanged-state refresh (the watcher's check when nothing
 * changed) against the sysfs floor (the same kernel facts read alone), and — in bench/run.ts — the
 * compiled server's `GET /api/pools` latency under load and its RSS.
 * Other work's pools on this machine are real pools too: the counts are what the scan saw.
 */
import { join } from 'node:path';
import { Lab, sh } from '../lab/lab.ts';
import { downScenario } from '../lab/cli.ts';
import type { Clock } from '../server/clock.ts';
import type { CommandResult, CommandSpec } from '../server/host/host.ts';
import { RealHost } from '../server/host/real-host.ts';
import { readWatchFacts } from '../server/host/watch-facts.ts';
import { testGraph } from '../server/test-support/graph.ts';

export const SCALE_SCENARIO = 'bench-scale';
const EXTRA_POOLS = 30;
const MEMBERS = 4;
const DISK_MIB = 256;

/** RealHost that counts what it spawns. */
export class CountingHost extends RealHost {
  spawned: string[] = [];
  override async run(spec: CommandSpec, opts?: { signal?: AbortSignal }): Promise<CommandResult> {
    this.spawned.push([spec.file, ...spec.args.slice(0, 2)].join(' '));
    return super.run(spec, opts);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function timeIt(n: number, fn: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

export interface ScaleResult {
  pools: number;
  disks: number;
  devices: number;
  fullScanMs: number;
  processesPerScan: number;
  kinds: string;
  refreshMs: number;
  floorMs: number;
}

/** Full scan and unchanged-state refresh of this machine as it is now. */
export async function scaleMeasures(clock: Clock, scans = 10): Promise<ScaleResult> {
  const host = new CountingHost();
  const graph = testGraph({ host, clock, config: { fullScanSeconds: 0 } });
  try {
    const inv = graph.inventory;
    await inv.snapshot();
    host.spawned = [];
    const fullScanMs = await timeIt(scans, () => inv.snapshot());
    const spawned = [...host.spawned];
    const snap = await inv.snapshot();
    const kinds = [...new Set(spawned)].map((k) => `${k} ×${spawned.filter((x) => x === k).length / scans}`).join(', ');

    // The watcher as it runs: its check when nothing changed, against the same facts read alone.
    const watched = testGraph({ host: new RealHost(), clock, config: { fullScanSeconds: 3600 } });
    try {
      await watched.watcher.check();
      await watched.watcher.check();
      const known = watched.watcher.peek()?.watch?.known ?? [];
      const floorMs = await timeIt(50, () => readWatchFacts(watched.host, known));
      const refreshMs = await timeIt(50, () => watched.watcher.check());
      return {
        pools: snap.pools.length, disks: snap.disks.length, devices: snap.pools.reduce((n, p) => n + p.devices.length, 0),
        fullScanMs, processesPerScan: spawned.length / scans, kinds, refreshMs, floorMs,
      };
    } finally {
      watched.stop();
    }
  } finally {
    graph.stop();
  }
}

/** 30 more pools of 4 small members, mounted (the lab's folder; `downScale` removes them). */
export async function upScale(labRoot: string): Promise<void> {
  const lab = await Lab.create(labRoot, SCALE_SCENARIO);
  for (let p = 0; p < EXTRA_POOLS; p++) {
    const disks = Array.from({ length: MEMBERS }, (_, d) => `s${p}d${d}`);
    for (const d of disks) await lab.disk(d, DISK_MIB);
    const pool = await lab.mkfs(`scale-${p}`, disks, 'raid1', 'raid1');
    await sh('mount', ['-t', 'btrfs', `-o`, `device=${disks.map((d) => lab.loopOf(d)).join(',device=')}`, lab.loopOf(disks[0]!), pool.mountPoint]);
  }
  await lab.save();
}

export async function downScale(labRoot: string): Promise<void> {
  await downScenario(labRoot, SCALE_SCENARIO);
}

export const scaleDir = (labRoot: string) => join(labRoot, SCALE_SCENARIO);
