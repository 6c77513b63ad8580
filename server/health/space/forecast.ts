/**
 * The resilience forecast: for each present member, "if it failed now" — would the pool stay
 * mountable, and could redundancy be restored (replace by a disk of the same size, or remove the
 * missing member) with the space the others have?
 */
import type { MemberForecast } from '../../../contracts/space.ts';
import { formatBytes } from '../pool-facts.ts';
import { PROFILE_RULES } from '../profiles.ts';
import type { SpaceFacts } from './facts.ts';
import { allocProfile, CHUNK_TYPES, removeMissingVerdict, replaceVerdict } from './operations.ts';

/** Members that can go missing without losing data, by the weakest profile that holds chunks. */
export function failuresTolerated(f: SpaceFacts): number {
  let tolerated = Number.POSITIVE_INFINITY;
  for (const t of f.types) tolerated = Math.min(tolerated, PROFILE_RULES[t.profile].failuresTolerated);
  return Number.isFinite(tolerated) ? tolerated : 0;
}

function profileWords(f: SpaceFacts): string {
  const names = [...new Set(CHUNK_TYPES.map((t) => allocProfile(f, t)).filter((p) => p !== null))];
  return names.join('/');
}

/** One forecast per present member; members failing now (SMART) first, then by devid. */
export function resilienceForecast(f: SpaceFacts, opts: { failingDevids?: readonly number[] } = {}): MemberForecast[] {
  const failing = new Set(opts.failingDevids ?? []);
  const missing = f.members.filter((m) => m.missing);
  const tolerated = failuresTolerated(f);
  const out = f.members.filter((m) => !m.missing).map((m): MemberForecast => {
    const name = `devid ${m.devid}${m.path ? ` (${m.path})` : ''}`;
    if (missing.length + 1 > tolerated) {
      const already = missing.length > 0 ? `, and ${missing.map((x) => `devid ${x.devid}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} already missing` : '';
      return {
        devid: m.devid, path: m.path, outcome: 'lost', failing: failing.has(m.devid), replace: null, removeMissing: null,
        text: `If ${name} failed now, the pool would be lost: ${profileWords(f)} survives ${tolerated} missing member${tolerated === 1 ? '' : 's'}${already}.`,
      };
    }
    const after: SpaceFacts = { ...f, members: f.members.map((x) => (x.devid === m.devid ? { ...x, missing: true, path: null } : x)) };
    const replace = replaceVerdict(after, { sourceDevid: m.devid, targetSizeBytes: m.sizeBytes });
    const removeMissing = removeMissingVerdict(after);
    const needed = replace.neededBytes ?? 0;
    const have = replace.availableBytes ?? 0;
    const need = needed > 0
      ? `would need more than ${formatBytes(needed)} unallocated on the other members together; they have ${formatBytes(have)}`
      : `needs no unallocated space (the member holds only data chunks)`;
    const verdictWords = replace.fits === 'yes'
      ? 'a replace would fit'
      : replace.fits === 'no'
        ? `a replace would not fit (${replace.remedies[0]?.text ?? 'free space first'})`
        : 'whether a replace fits is unknown';
    return {
      devid: m.devid, path: m.path, outcome: 'stays-mountable', failing: failing.has(m.devid), replace, removeMissing,
      text: `If ${name} failed now, the pool would stay mountable (degraded). Restoring redundancy with a replace ${need}: ${verdictWords}.`,
    };
  });
  return out.sort((a, b) => Number(b.failing) - Number(a.failing) || a.devid - b.devid);
}
