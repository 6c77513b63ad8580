/**
 * Turns raw experiment results (results/*.jsonl, captures under .lab/exp-space-captures/) into
 * what the repository keeps: fixtures/space/cases.json (each case, its outcome, the kernel's
 * words, provenance) and, per case, the two captures the engine reads before the operation.
 *
 *   npx tsx lab/experiments/space/export.ts lab/experiments/space/results/run1.jsonl …
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Case } from './cases.ts';
import type { CaseResult } from './run.ts';
import { captureTagFor } from './verdict-for-case.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CAPTURES = join(ROOT, '.lab', 'exp-space-captures');
const OUT = join(ROOT, 'fixtures', 'space');

/** What the repository keeps of one case (fixtures/space/cases.json). */
export interface ExportedCase {
  id: string;
  case: Case;
  startedAt: string;
  machine: CaseResult['machine'];
  fillActual: number;
  /** The capture (fixtures/space/<id>.<capture>.*) the engine judges: taken just before the operation. */
  capture: string;
  before: {
    unallocatedMiB: Record<string, number>;
    chunksMiB: Record<string, number[]>;
    chunkCounts: Record<string, number>;
    metadataMiB: { total: number; used: number };
    globalReserveMiB: number | null;
  };
  steps: { step: string; argv: string[]; exitCode: number; seconds: number; stderr: string; stdout: string; kernel: string[] }[];
  outcome: CaseResult['outcome'];
  outcomeWhy: string;
  canaryIntact: boolean | null;
}

const MIB = 1024 * 1024;
const mib = (b: number) => Math.round((b / MIB) * 100) / 100;

/** Kernel lines worth keeping: what btrfs said, without stack traces and space dumps' noise. */
function keptKernelLines(lines: readonly string[]): string[] {
  return lines.filter((l) => /relocating|error|warning|forced readonly|enospc|dev_replace|balance:|space_info (DATA|METADATA|SYSTEM)|space_info total|global_block_rsv|Transaction aborted/.test(l)).slice(0, 24);
}

function main(files: string[]): number {
  mkdirSync(OUT, { recursive: true });
  const out: ExportedCase[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as CaseResult & { error?: string };
      if (!r.outcome || !r.before) continue;
      const tag = captureTagFor(r.case);
      const src = join(CAPTURES, r.id);
      for (const kind of ['fi-usage', 'device-usage']) {
        const from = join(src, `${tag}.${kind}.txt`);
        if (existsSync(from)) copyFileSync(from, join(OUT, `${r.id}.${tag}.${kind}.txt`));
      }
      const meta = r.before.columns.filter((c) => c.type.startsWith('Metadata'));
      out.push({
        id: r.id, case: r.case, startedAt: r.startedAt, machine: r.machine, fillActual: Math.round(r.fillActual * 1000) / 1000, capture: tag,
        before: {
          unallocatedMiB: Object.fromEntries(r.before.devices.map((d) => [`${d.devid}${d.missing ? ' (missing)' : ''}`, mib(d.unallocatedBytes)])),
          chunksMiB: Object.fromEntries(Object.entries(r.before.chunks).map(([k, v]) => [k, v.lengths.map(mib)])),
          chunkCounts: Object.fromEntries(Object.entries(r.before.chunks).map(([k, v]) => [k, v.count])),
          metadataMiB: { total: mib(meta.reduce((s, c) => s + c.totalBytes, 0)), used: mib(meta.reduce((s, c) => s + (c.usedBytes ?? 0), 0)) },
          globalReserveMiB: r.before.globalReserveBytes === null ? null : mib(r.before.globalReserveBytes),
        },
        steps: r.steps.map((s) => ({
          step: s.step, argv: s.argv, exitCode: s.exitCode, seconds: s.seconds,
          stderr: s.stderr.trim().split('\n').slice(-2).join('\n'), stdout: s.stdout.trim().split('\n').slice(-2).join('\n'), kernel: keptKernelLines(s.kernel),
        })),
        outcome: r.outcome, outcomeWhy: r.outcomeWhy, canaryIntact: r.canaryIntact,
      });
    }
  }
  // A case run again (a later results file) replaces the earlier run.
  const last = new Map(out.map((c) => [c.id, c]));
  out.splice(0, out.length, ...last.values());
  writeFileSync(join(OUT, 'cases.json'), `[\n${out.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
  console.log(`${out.length} cases → ${join(OUT, 'cases.json')}`);
  return 0;
}

process.exit(main(process.argv.slice(2)));
