/**
 * Compares the space engine's verdicts with what btrfs did in the experiments: for each result
 * line, the engine reads the `before` captures of that case and judges the operation that ran.
 *
 *   npx tsx lab/experiments/space/calibrate.ts <results.jsonl>... [--captures <dir>]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDeviceUsage } from '../../../server/parsers/device-usage.ts';
import { parseFiUsage } from '../../../server/parsers/fi-usage.ts';
import { spaceFactsOf } from '../../../server/health/space/facts.ts';
import { captureTagFor, verdictForCase } from './verdict-for-case.ts';
import type { Case } from './cases.ts';

interface ResultLine {
  id: string;
  case: Case;
  outcome?: string;
  error?: string;
  steps?: { step: string; exitCode: number }[];
}

/**
 * What btrfs said, as the engine's yes/no. Metadata first is a safety remedy: it is right when the
 * metadata balance went through and the rest then either completed or stopped cleanly.
 */
function realFit(r: ResultLine): 'yes' | 'no' {
  const metaFirst = r.case.steps.some((s) => s.op === 'balance' && s.args.length === 1 && s.args[0] === '-m');
  if (metaFirst) {
    const mStep = r.steps?.find((s) => s.step === 'balance -m');
    return mStep?.exitCode === 0 && r.outcome !== 'read-only' ? 'yes' : 'no';
  }
  return r.outcome === 'ok' ? 'yes' : 'no';
}

function main(argv: string[]): number {
  const capturesAt = argv.includes('--captures') ? argv[argv.indexOf('--captures') + 1]! : resolve(import.meta.dirname, '..', '..', '..', '.lab', 'exp-space-captures');
  const files = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--captures');
  let agree = 0;
  let wrongYes = 0;
  let total = 0;
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as ResultLine;
      if (!r.outcome) continue;
      const dir = join(capturesAt, r.id);
      const tag = captureTagFor(r.case);
      if (!existsSync(join(dir, `${tag}.fi-usage.txt`))) continue;
      const facts = spaceFactsOf(parseFiUsage(readFileSync(join(dir, `${tag}.fi-usage.txt`), 'utf8')), parseDeviceUsage(readFileSync(join(dir, `${tag}.device-usage.txt`), 'utf8')));
      if (!facts) continue;
      const v = verdictForCase(r.case, facts);
      if (!v) continue;
      total++;
      const real = realFit(r);
      const ok = (v.fits === real || (v.fits === 'unknown' && v.failure === 'enospc' && r.outcome !== 'read-only')) && (real === 'yes' || r.outcome !== 'read-only' || v.failure === 'read-only');
      const cleanUnknown = v.fits === 'unknown' && v.failure === 'enospc' && r.outcome !== 'read-only';
      if (v.fits === real || cleanUnknown) agree++;
      if (v.fits === 'yes' && real === 'no') wrongYes++;
      console.log(`${ok ? ' ' : v.fits === 'yes' && real === 'no' ? '!' : '~'} ${r.id.padEnd(44)} real=${r.outcome?.padEnd(9)} engine=${v.fits}${v.failure ? `/${v.failure}` : ''}  ${v.why.slice(0, 150)}`);
    }
  }
  console.log(`\n${agree}/${total} agree; ${wrongYes} said "fits" where btrfs failed`);
  return wrongYes > 0 ? 1 : 0;
}

process.exit(main(process.argv.slice(2)));
