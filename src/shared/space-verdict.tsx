/** One space verdict: whether the operation fits, why (with the numbers), and what would make it fit. */
import type { SpaceVerdict } from '../../contracts/space.ts';
import { SPACE_TEXT } from '../text/space.ts';
import { CommandLines } from './command-lines.tsx';
import { fitText, fitTone, verdictTitle } from './space-text.ts';

const BADGE = { ok: 'badge-healthy', warning: 'badge-warning', danger: 'badge-degraded' } as const;

export function SpaceVerdictView({ verdict, title, testId }: { verdict: SpaceVerdict; title?: string; testId?: string }) {
  return (
    <div className={`space-verdict space-${fitTone(verdict)}`} data-testid={testId ?? 'space-verdict'} data-fits={verdict.fits}>
      <p>
        <strong>{title ?? verdictTitle(verdict)}:</strong> <span className={`badge ${BADGE[fitTone(verdict)]}`}>{fitText(verdict)}</span>
      </p>
      <p className="small">{verdict.why}</p>
      {verdict.remedies.length > 0 && (
        <div>
          <p className="small">{SPACE_TEXT.remediesIntro}</p>
          <ol className="small">
            {verdict.remedies.map((r, i) => (
              <li key={i} data-testid={`remedy-${r.kind}`}>
                {r.text}
                {r.commands.length > 0 && <CommandLines commands={r.commands} label={SPACE_TEXT.remedyCommands(r.text)} />}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
