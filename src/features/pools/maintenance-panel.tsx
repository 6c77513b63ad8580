/** "Maintenance required": the server's guidance for a pool with missing members, rendered as given. */
import type { ReactNode } from 'react';
import type { Maintenance, MaintenanceStep } from '../../../contracts/health.ts';
import { CommandPreview } from './command-preview.tsx';
import { MAINTENANCE_TEXT as T } from '../../text/pools.ts';
import { actionLabel, actionStep, stepAnchor } from './maintenance-view.ts';

/** `stepAction`: what to show beside a step that can be run from here ("Do this step"), if anything. */
export function MaintenancePanel({ maintenance, stepAction }: { maintenance: Maintenance; stepAction?: ((step: MaintenanceStep) => ReactNode) | undefined }) {
  const m = maintenance;
  const recommendedStep = m.recommended ? actionStep(m, m.recommended) : null;
  return (
    <section className="maintenance" aria-labelledby="maintenance-title" data-testid="maintenance-panel" data-state={m.state} data-recommended={m.recommended ?? ''}>
      <h2 id="maintenance-title" className="maintenance-title">
        <span aria-hidden="true">{T.icon} </span>
        {T.title}
      </h2>
      <p className="maintenance-headline">{m.headline}</p>
      <p className="maintenance-summary">{m.summary}</p>
      {m.recommended && (
        <p className="maintenance-recommended" data-testid="maintenance-recommended">
          <strong>{T.recommended}</strong>{' '}
          {recommendedStep ? <a href={`#${stepAnchor(recommendedStep)}`}>{actionLabel(m, m.recommended)}</a> : actionLabel(m, m.recommended)}
        </p>
      )}
      {m.alternatives.length > 0 && (
        <p className="maintenance-alternatives">
          <strong>{T.alsoPossible}</strong> {m.alternatives.map((a) => actionLabel(m, a)).join('; ')}
        </p>
      )}
      {m.warnings.length > 0 && (
        <div className="maintenance-warnings">
          <h3>{T.beforeYouStart}</h3>
          <ul>
            {m.warnings.map((w) => (
              <li key={w.code} data-code={w.code}>
                {w.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      {m.steps.length > 0 && (
        <>
          <h3>{T.steps}</h3>
          <ol className="steps">
            {m.steps.map((step) => (
              <Step key={step.id} step={step} recommended={step.id === recommendedStep?.id} action={stepAction?.(step)} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function Step({ step, recommended, action }: { step: MaintenanceStep; recommended: boolean; action?: ReactNode }) {
  const done = step.status === 'done';
  const blocked = step.status === 'blocked';
  const statusClass = done ? ' step-done' : blocked ? ' step-blocked' : step.status === 'next' ? ' step-next' : '';
  return (
    <li id={stepAnchor(step)} className={`step${recommended ? ' step-recommended' : ''}${statusClass}`} data-kind={step.kind} data-status={step.status}>
      <h4 className="step-title">
        {step.title}
        <span className={`tag ${blocked ? 'tag-critical' : step.status === 'now' ? 'tag-info' : 'tag-muted'}`} data-testid="step-status">
          {T.status[step.status]}
        </span>
        {step.optional && <span className="tag tag-muted">{T.ifNeeded}</span>}
        {recommended && <span className="tag tag-info">{T.recommendedTag}</span>}
      </h4>
      {blocked && step.blockedReason && (
        <p className="step-blocked-reason" data-testid="step-blocked-reason">
          <strong>{T.blockedWhy}</strong> {step.blockedReason}
        </p>
      )}
      {done ? (
        <p className="step-why">{T.doneNote}</p>
      ) : (
        <>
          <p>{step.text}</p>
          <p className="step-why">
            <span className="step-why-label">{T.why}</span> {step.why}
          </p>
          {step.commandText && <CommandPreview text={step.commandText} argv={step.command} label={step.title} />}
          {!blocked && action}
        </>
      )}
    </li>
  );
}
