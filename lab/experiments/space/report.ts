/**
 * Writes the measurement tables of docs/recovery-space.md (between the `results` markers) from
 * fixtures/space/cases.json, with the engine's verdict beside what btrfs did.
 *
 *   npx tsx lab/experiments/space/report.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDeviceUsage } from '../../../server/parsers/device-usage.ts';
import { parseFiUsage } from '../../../server/parsers/fi-usage.ts';
import { spaceFactsOf } from '../../../server/health/space/facts.ts';
import type { ExportedCase } from './export.ts';
import { verdictForCase } from './verdict-for-case.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'space');
const DOC = join(ROOT, 'docs', 'recovery-space.md');
const BEGIN = '<!-- results:begin (lab/experiments/space/report.ts) -->';
const END = '<!-- results:end -->';

const KEY_LINES = [/failed setting block group ro: -?\d+/, /Transaction aborted \(error -?\d+\)/, /forced readonly/, /\d+ enospc errors during balance/, /unable to go below \w+ devices on \w+/i];

/** The kernel's (or btrfs-progs') most telling words for the step that decided the outcome. */
function message(c: ExportedCase): string {
  const texts = c.steps.flatMap((s) => [...s.kernel, s.stderr]);
  const found: string[] = [];
  for (const re of KEY_LINES) {
    for (const t of texts) {
      const m = re.exec(t);
      if (m && !found.includes(m[0])) found.push(m[0]);
    }
  }
  if (found.length) return found.join('; ');
  const failed = c.steps.find((s) => s.exitCode !== 0);
  return failed ? (failed.stderr.split('\n').at(-1) ?? '').replace(/^ERROR: /, '').replace(/"\/[^"]*"/g, '<mnt>').slice(0, 80) : '';
}

function operation(c: ExportedCase): string {
  return c.case.steps.filter((s) => s.op !== 'capture').map((s) => {
    switch (s.op) {
      case 'replace': return 'replace';
      case 'remove-missing': return 'remove missing';
      case 'add': return 'add';
      case 'remove-device': return `remove devid ${s.devid}`;
      case 'balance': return `balance ${s.args.join(' ')}`;
      case 'delete': return `delete ${Math.round(s.share * 100)} % of files`;
      case 'resize': return `shrink devid ${s.devid} by ${s.shrinkMiB} MiB`;
      case 'copy-off': return 'remount ro, copy off';
    }
    return '';
  }).join(' → ');
}

function row(c: ExportedCase): string {
  const read = (kind: string) => readFileSync(join(FIXTURES, `${c.id}.${c.capture}.${kind}.txt`), 'utf8');
  const facts = spaceFactsOf(parseFiUsage(read('fi-usage')), parseDeviceUsage(read('device-usage')));
  const v = facts ? verdictForCase(c.case, facts) : null;
  const sizes = [...new Set(c.case.sizesMiB)].map((m) => (m >= 1024 ? `${m / 1024} GiB` : `${m} MiB`)).join('/');
  const survivors = Object.entries(c.before.unallocatedMiB).filter(([k]) => !k.includes('missing')).map(([k, v2]) => `${k}: ${Math.round(v2)}`).join(', ');
  const chunk = (t: string) => Object.entries(c.before.chunksMiB).filter(([k]) => k.startsWith(t)).flatMap(([, v2]) => v2).map((x) => Math.round(x)).join('/');
  const spare = c.case.spareMiB?.length ? ` + spare ${c.case.spareMiB.map((m) => (m >= 1024 ? `${m / 1024} GiB` : `${m} MiB`)).join(', ')}` : '';
  const verdict = v ? `${v.fits}${v.failure ? ` (${v.failure})` : ''}` : '—';
  return `| ${c.id} | ${c.case.data}/${c.case.metadata} | ${c.case.sizesMiB.length} × ${sizes}${c.case.pull?.length ? `, ${c.case.pull.join(',')} pulled` : ''}${spare} | ${Math.round(c.fillActual * 100)} % | ${survivors} | ${chunk('DATA')} / ${chunk('METADATA')} / ${chunk('SYSTEM')} | ${c.before.metadataMiB.total}/${c.before.metadataMiB.used} | ${c.before.globalReserveMiB ?? '?'} | ${operation(c)} | **${c.outcome}** | ${message(c)} | ${verdict} |`;
}

function main(): number {
  const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as ExportedCase[];
  const machines = [...new Set(cases.map((c) => `kernel ${c.machine.kernel}, ${c.machine.btrfsProgs}, ${c.machine.cpus} CPUs`))];
  const dates = cases.map((c) => c.startedAt.slice(0, 10)).sort();
  const header = '| case | data/metadata | members | fill | unallocated before (MiB) | chunks data / metadata / system (MiB) | metadata total/used (MiB) | global reserve (MiB) | operation | btrfs | kernel / btrfs-progs said | engine |\n|---|---|---|---|---|---|---|---|---|---|---|---|';
  const groups: [string, (c: ExportedCase) => boolean][] = [
    ['raid1, 3 members, one pulled, mounted degraded,rw', (c) => c.id.startsWith('raid1x3-') && (c.case.pull?.length ?? 0) > 0 && !/meta-first|compact|delete|copy|shrink|c20/.test(c.id)],
    ['raid1, 3 members, devid 1 (data chunks only) pulled', (c) => c.id.startsWith('raid1x3pull1')],
    ['Other profiles, one member pulled', (c) => /^raid(10|1c3|1c4|5|6)x/.test(c.id)],
    ['The ways around: metadata first, compacting, freeing space, copying off', (c) => /meta-first|compact|delete|copy|c20/.test(c.id)],
    ['Threshold probe: both survivors shrunk before a replace', (c) => /shrink/.test(c.id)],
    ['Healthy pools: remove a member, convert, full balance', (c) => !c.case.pull?.length],
  ];
  let body = `${BEGIN}\nMeasured ${dates[0]} – ${dates.at(-1)} on ${machines.join('; ')} (loop devices on sparse files, ext4 host).\n` +
    'Unallocated space is per surviving member, as `btrfs device usage -b` printed it just before the operation; "engine" is what ' +
    'poolwatch\'s space engine says from that same capture (`—`: a sequence the engine does not judge as one operation).\n';
  for (const [title, pick] of groups) {
    const rows = cases.filter(pick);
    if (rows.length === 0) continue;
    body += `\n### ${title}\n\n${header}\n${rows.map(row).join('\n')}\n`;
  }
  body += `${END}`;
  const doc = readFileSync(DOC, 'utf8');
  const at = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (at < 0 || end < 0) throw new Error(`${DOC} has no results markers`);
  writeFileSync(DOC, doc.slice(0, at) + body + doc.slice(end + END.length));
  console.log(`${cases.length} cases → ${DOC}`);
  return 0;
}

process.exit(main());
