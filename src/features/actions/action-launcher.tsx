/**
 * The pool page's maintenance actions: a button per action the pool's state allows (the one it
 * calls for first), and the dialog. Which dialog is open lives in the address
 * (`?action=replace&devid=3`), so guidance steps, alerts and other pages (SMART) open it too.
 */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import type { Alert, MaintenanceStep } from '../../../contracts/health.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { ActionDialog } from './action-dialog.tsx';
import { poolJobsQuery } from './api.ts';
import { type ActionRequest, type OfferedAction, alertRequest, dialogKey, isOffered, offerFor, offeredActions, requestFromParams, requestLabel, requestToParams, runningOperation, stepRequest, withoutActionParams } from './offer.ts';
import { ACTIONS_TEXT as T } from '../../text/actions.ts';
import './actions.css';

/** Opens an action's dialog by putting it into the address (a new history entry: Back closes it). */
function useOpenAction(): (request: ActionRequest) => void {
  const [params, setParams] = useSearchParams();
  return (request) => setParams(requestToParams(request, params));
}

function useOffers(pool: PoolView): OfferedAction[] {
  const jobs = useQuery(poolJobsQuery(pool.uuid));
  return offeredActions(pool, jobs.data?.jobs ?? []);
}

/** `canAct`: the account may run actions (admins); `renderJob` shows a started job (the app decides how). */
export function ActionLauncher({ pool, canAct, renderJob }: { pool: PoolView; canAct: boolean; renderJob: (jobId: string) => ReactNode }) {
  const [params, setParams] = useSearchParams();
  const offers = useOffers(pool);
  const open = useOpenAction();
  const request = requestFromParams(params);
  if (!canAct) {
    return (
      <p className="read-only-note" data-testid="read-only-note">
        {T.readOnly}
        {request && T.readOnlyLink}
      </p>
    );
  }
  const close = () => setParams(withoutActionParams(params));
  // The started job goes into the address (replacing it: Back still closes the dialog), so a reload
  // mid-job brings back the job, not an empty form.
  const started = (jobId: string) => {
    if (request) setParams(requestToParams({ ...request, job: jobId }, params), { replace: true });
  };
  return (
    <section className="actions-bar" aria-labelledby="actions-title" data-testid="action-launcher">
      <h2 id="actions-title" tabIndex={-1}>
        {T.title}
      </h2>
      {offers.length === 0 ? (
        <p className="muted" data-testid="no-actions">
          {whyNothing(pool)}
        </p>
      ) : (
        <>
          <div className="action-buttons">
            {offers.map((o) => (
              <button
                key={offerKey(o)}
                type="button"
                className={`button${o.primary ? '' : ' button-secondary'}${o.danger && !o.primary && !o.blocked ? ' button-danger-outline' : ''}`}
                onClick={() => open(o.request)}
                disabled={o.blocked !== null}
                aria-describedby={o.blocked ? `blocked-${offerKey(o)}` : undefined}
                data-testid="action-button"
                data-action={o.request.action}
                data-blocked={o.blocked ? 'true' : undefined}
              >
                {o.label}
              </button>
            ))}
          </div>
          {offers.some((o) => o.blocked) && (
            <div className="blocked-actions" data-testid="blocked-actions">
              <h3>{T.blockedTitle}</h3>
              <ul>
                {offers
                  .filter((o) => o.blocked)
                  .map((o) => (
                    <li key={offerKey(o)} id={`blocked-${offerKey(o)}`} data-action={o.request.action}>
                      <strong>{o.label}:</strong> {o.blocked}
                    </li>
                  ))}
              </ul>
            </div>
          )}
        </>
      )}
      {request && <ActionDialog key={dialogKey(params)} pool={pool} request={request} onClose={close} onSwitch={open} onStarted={started} renderJob={renderJob} />}
    </section>
  );
}

const offerKey = (o: OfferedAction): string => `${o.request.action}-${o.request.devid ?? ''}-${o.request.mode ?? ''}`;

function whyNothing(pool: PoolView): string {
  if (pool.maintenance?.state === 'beyond-redundancy') return T.nothing.beyondRedundancy;
  const op = runningOperation(pool);
  if (op) return T.nothing.operation(op);
  if (!pool.mounted) return T.nothing.notImported;
  return T.nothing.jobHolds;
}

/** "Do this step" beside a guidance step, when the step is an action the pool allows now. */
export function StepAction({ pool, step, canAct }: { pool: PoolView; step: MaintenanceStep; canAct: boolean }) {
  const offers = useOffers(pool);
  const open = useOpenAction();
  const request = stepRequest(step);
  if (!canAct || !request) return null;
  const offer = offerFor(offers, request);
  if (!offer) return null;
  if (offer.blocked) {
    return (
      <p className="step-blocked-reason" data-testid="step-action-blocked">
        <strong>{T.blockedStep}</strong> {offer.blocked}
      </p>
    );
  }
  return (
    <button type="button" className="button button-small step-action" onClick={() => open(request)} data-testid="step-action" data-action={request.action}>
      {T.doThisStep}
    </button>
  );
}

/** The fix beside an alert (mixed profiles → convert balance), when the pool allows it now. */
export function AlertAction({ pool, alert, canAct }: { pool: PoolView; alert: Alert; canAct: boolean }) {
  const offers = useOffers(pool);
  const open = useOpenAction();
  const request = alertRequest(alert);
  if (!canAct || !request || !isOffered(offers, request)) return null;
  return (
    <button type="button" className="button button-small" onClick={() => open(request)} data-testid="alert-action" data-action={request.action}>
      {requestLabel(request)}
    </button>
  );
}
