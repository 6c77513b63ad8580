/**
 * "Space for recovery" and "If a disk fails": the space engine's verdicts for this pool (which
 * operations fit now, with the numbers) and its resilience forecast per member (ADR 013).
 */
import type { PoolSpace } from '../../../contracts/space.ts';
import { SpaceVerdictView } from '../../shared/space-verdict.tsx';
import { SPACE_TEXT } from '../../text/space.ts';

const T = SPACE_TEXT;

export function SpaceSection({ space }: { space: PoolSpace }) {
  return (
    <>
      <section aria-labelledby="space-title" data-testid="space-section">
        <h2 id="space-title">{T.section.title}</h2>
        {space.unknownReason ? (
          <p className="muted" data-testid="space-unknown">
            {T.section.unknown(space.unknownReason)}
          </p>
        ) : (
          <>
            <p className="small muted">{T.section.intro}</p>
            {space.verdicts.map((v, i) => (
              <SpaceVerdictView key={`${v.operation}-${i}`} verdict={v} testId={`space-${v.operation}`} />
            ))}
          </>
        )}
      </section>
      {space.forecast.length > 0 && (
        <section aria-labelledby="forecast-title" data-testid="forecast-section">
          <h2 id="forecast-title">{T.forecast.title}</h2>
          <ul className="forecast-list">
            {space.forecast.map((f) => (
              <li key={f.devid} data-testid={`forecast-${f.devid}`} data-outcome={f.outcome}>
                {f.failing && <strong>{T.forecast.failing}</strong>}
                {f.text}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
