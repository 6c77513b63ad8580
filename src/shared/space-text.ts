/**
 * Which words a space verdict (contracts/space.ts) gets in the UI. Pure, so tested without a
 * browser; the words themselves are in src/text/space.ts.
 */
import type { SpaceVerdict } from '../../contracts/space.ts';
import { SPACE_OPERATION_TEXT, SPACE_TEXT } from '../text/space.ts';

/** The badge: fits / does not fit / cannot tell, and how it would end. */
export function fitText(v: Pick<SpaceVerdict, 'fits' | 'failure'>): string {
  const T = SPACE_TEXT.fit;
  if (v.fits === 'yes') return T.yes;
  if (v.fits === 'unknown') return v.failure === 'enospc' ? T.mayStopSafely : T.unknown;
  if (v.failure === 'read-only') return T.readOnly;
  if (v.failure === 'refused') return T.refused;
  return T.no;
}

export function fitTone(v: Pick<SpaceVerdict, 'fits' | 'failure'>): 'ok' | 'warning' | 'danger' {
  if (v.fits === 'yes') return 'ok';
  return v.fits === 'no' ? 'danger' : 'warning';
}

/** The heading of a verdict: the operation, and the member it is about when it names one. */
export function verdictTitle(v: SpaceVerdict): string {
  const source = v.devices.find((d) => d.role === 'source' || d.role === 'leaving');
  return SPACE_TEXT.verdictTitle(SPACE_OPERATION_TEXT[v.operation], source?.devid ?? null);
}
