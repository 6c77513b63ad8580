/**
 * One action, from form to running job: the form (when the action asks for something), then the
 * preview — the server's dry run with the exact commands, warnings and next steps, and the typed
 * pool label for destructive actions — then Run, and the job followed live. Nothing runs before
 * Run; a refusal shows the server's words and, where it offers one, the way out.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActionPlan } from '../../../contracts/actions.ts';
import type { Disk } from '../../../contracts/api.ts';
import { type JobResponse, laterJob } from '../../../contracts/jobs.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { ApiRequestError } from '../../shared/api/client.ts';
import { apiKeys } from '../../shared/api/keys.ts';
import { CommandLines } from '../../shared/command-lines.tsx';
import { PoolLabel } from '../../shared/pool-label.tsx';
import { Loading } from '../../shared/query-state.tsx';
import { actionDisksQuery, planAction, startAction } from './api.ts';
import { ActionFields } from './action-fields.tsx';
import { type ActionForm, actionBody, confirmationMatches, formProblem, initialForm, needsForm, offerOf, offerRequest, spaceOf } from './form.ts';
import { SpaceVerdictView } from '../../shared/space-verdict.tsx';
import { type ActionRequest, requestLabel } from './offer.ts';
import { ACTIONS_TEXT } from '../../text/actions.ts';
import { SPACE_TEXT } from '../../text/space.ts';

const T = ACTIONS_TEXT.dialog;

export interface ActionDialogProps {
  pool: PoolView;
  request: ActionRequest;
  onClose: () => void;
  /** Switch to another action (a refusal's offer, e.g. shrink first). */
  onSwitch: (request: ActionRequest) => void;
  /** A job was started from this dialog (the launcher keeps its id in the address). */
  onStarted?: (jobId: string) => void;
  /** How a started job is shown (the jobs feature's live card); the app decides. */
  renderJob: (jobId: string) => ReactNode;
}

export function ActionDialog(props: ActionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    // Whatever had focus when the dialog opened (its button, a step's "Do this step") gets it back
    // on close; the dialog is already gone from the page by then, so the browser would drop focus
    // on <body>. Opened from a link (nothing focused): the actions heading.
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      const back = opener?.isConnected ? opener : document.getElementById('actions-title');
      back?.focus();
    };
  }, []);
  const title = requestLabel(props.request);
  return (
    <dialog
      ref={ref}
      className="action-dialog"
      aria-labelledby="action-dialog-title"
      data-testid="action-dialog"
      data-action={props.request.action}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="action-dialog-head">
        <h2 id="action-dialog-title">
          {title} <span className="muted small">· <PoolLabel label={props.pool.label} /></span>
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose} data-testid="close-dialog">
          {T.close}
        </button>
      </header>
      <DialogBody {...props} />
    </dialog>
  );
}

function DialogBody(props: ActionDialogProps) {
  const { pool, request } = props;
  const withForm = needsForm(request.action);
  const wantsDisks = !request.job && (request.action === 'replace' || request.action === 'add-devices');
  const disks = useQuery({ ...actionDisksQuery(), enabled: wantsDisks });
  // Opened for a job it started (a reload mid-job): the job, live; never a new form.
  if (request.job) return <StartedJob jobId={request.job} renderJob={props.renderJob} />;
  if (wantsDisks && disks.isPending) return <Loading what={T.loadingDisks} />;
  const list = disks.data?.disks ?? [];
  return <Flow {...props} disks={list} withForm={withForm} initial={initialForm(request, pool, list)} />;
}

function StartedJob({ jobId, renderJob }: { jobId: string; renderJob: (jobId: string) => ReactNode }) {
  return (
    <div className="action-started" data-testid="action-started">
      {renderJob(jobId)}
    </div>
  );
}

type Stage = { kind: 'form' } | { kind: 'preview'; plan: ActionPlan | null } | { kind: 'started'; jobId: string };

function Flow({ pool, request, onSwitch, onStarted, renderJob, disks, withForm, initial }: ActionDialogProps & { disks: readonly Disk[]; withForm: boolean; initial: ActionForm }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ActionForm>(initial);
  const [stage, setStage] = useState<Stage>(withForm ? { kind: 'form' } : { kind: 'preview', plan: null });
  const [typed, setTyped] = useState('');
  const action = request.action;

  // Bumped on every change of the form: a plan that arrives for an older form is dropped, so the
  // commands shown are always those of the form Run sends.
  const formVersion = useRef(0);
  const preview = useMutation({
    mutationFn: async (version: number) => ({ version, answer: await planAction(pool.uuid, action, actionBody(action, form, pool, disks)) }),
    onSuccess: ({ version, answer }) => {
      if (version !== formVersion.current) return;
      setTyped('');
      setStage({ kind: 'preview', plan: answer.plan });
    },
  });
  const run = useMutation({
    mutationFn: (plan: ActionPlan) => startAction(pool.uuid, action, actionBody(action, form, pool, disks, { confirmLabel: plan.confirmLabel === null ? null : typed })),
    onSuccess: async (answer) => {
      // The job may have ended already (its event came first): never show it running again.
      queryClient.setQueryData<JobResponse>(apiKeys.job(answer.job.id), (cached) => ({ job: laterJob(cached?.job, answer.job) }));
      setStage({ kind: 'started', jobId: answer.job.id });
      onStarted?.(answer.job.id);
      await queryClient.invalidateQueries({ queryKey: apiKeys.jobLists() });
      await queryClient.invalidateQueries({ queryKey: apiKeys.pool(pool.uuid) });
    },
  });

  const set = (patch: Partial<ActionForm>) => {
    formVersion.current++;
    setForm((f) => ({ ...f, ...patch }));
    // A changed form makes the shown plan stale: preview again before anything can run.
    setStage((s) => (s.kind === 'preview' ? { kind: 'form' } : s));
    preview.reset();
  };

  // Actions without a form, and forms already complete (a step, an alert or an offer filled them
  // in), go straight to their preview: a dry run, nothing runs.
  const asked = useRef(false);
  const completeOnOpen = !withForm || formProblem(action, initial, pool) === null;
  useEffect(() => {
    if (!completeOnOpen || asked.current) return;
    asked.current = true;
    preview.mutate(formVersion.current);
  }, [completeOnOpen, preview]);

  if (stage.kind === 'started') return <StartedJob jobId={stage.jobId} renderJob={renderJob} />;

  const problem = formProblem(action, form, pool);
  const plan = stage.kind === 'preview' ? stage.plan : null;
  return (
    <>
      {withForm && (
        <form
          className="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem) preview.mutate(formVersion.current);
          }}
        >
          <ActionFields action={action} form={form} set={set} pool={pool} disks={disks} />
          {problem && <p className="field-hint">{problem}</p>}
          {stage.kind === 'form' && (
            <p className="action-buttons">
              <button type="submit" className="button" disabled={problem !== null || preview.isPending} data-testid="preview-action">
                {preview.isPending ? T.asking : T.preview}
              </button>
            </p>
          )}
        </form>
      )}
      {stage.kind === 'preview' && preview.isPending && <Loading what={T.loadingPlan} />}
      {preview.isError && <Refusal error={preview.error} onSwitch={onSwitch} />}
      {plan && (
        <Preview
          plan={plan}
          typed={typed}
          setTyped={setTyped}
          running={run.isPending}
          onRun={() => run.mutate(plan)}
        />
      )}
      {run.isError && <Refusal error={run.error} onSwitch={onSwitch} />}
    </>
  );
}

function Preview({ plan, typed, setTyped, running, onRun }: { plan: ActionPlan; typed: string; setTyped: (s: string) => void; running: boolean; onRun: () => void }) {
  const ok = confirmationMatches(typed, plan.confirmLabel);
  return (
    <section className="action-preview" data-testid="action-preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{T.willRun(plan.commands.length)}</h3>
      <CommandLines commands={plan.commands} label={T.commandsLabel} testId="plan-commands" />
      {plan.exclusive && <p className="small muted">{T.holds}</p>}
      {plan.space && <SpaceVerdictView verdict={plan.space} title={SPACE_TEXT.planTitle} testId="plan-space" />}
      {plan.warnings.length > 0 && (
        <div className="notice notice-warning" data-testid="plan-warnings">
          <h4 className="notice-title">{T.beforeRun}</h4>
          <ul>
            {plan.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {plan.nextSteps.length > 0 && (
        <div data-testid="plan-next-steps">
          <h4>{T.afterwards}</h4>
          <ul>
            {plan.nextSteps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </div>
      )}
      <form
        className="action-confirm"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok && !running) onRun();
        }}
      >
        {plan.confirmLabel !== null && (
          <div className="field">
            <label htmlFor="confirm-label">
              {T.confirmBefore} <strong className="mono">{plan.confirmLabel}</strong> {T.confirmAfter}
            </label>
            <input
              id="confirm-label"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={typed !== '' && !ok}
              data-testid="confirm-label"
            />
            {typed !== '' && !ok && <p className="field-hint field-warning">{T.notYet}</p>}
          </div>
        )}
        <p className="action-buttons">
          <button type="submit" className={`button${plan.confirmLabel !== null ? ' button-danger' : ''}`} disabled={!ok || running} data-testid="run-action">
            {running ? T.starting : T.run}
          </button>
        </p>
      </form>
    </section>
  );
}

function Refusal({ error, onSwitch }: { error: Error; onSwitch: (r: ActionRequest) => void }) {
  const api = error instanceof ApiRequestError ? error : null;
  const offer = offerOf(api?.details);
  const next = offer ? offerRequest(offer) : null;
  const space = spaceOf(api?.details);
  return (
    <div className="notice notice-error" role="alert" data-testid="action-error">
      <h4 className="notice-title">{api?.status === 409 ? T.refused.conflict : api?.status === 400 ? T.refused.invalid : T.refused.other}</h4>
      {space ? <SpaceVerdictView verdict={space} title={SPACE_TEXT.planTitle} testId="refusal-space" /> : <p>{error.message}</p>}
      {api?.status && <p className="notice-detail">{T.nothingRun(api.status)}</p>}
      {offer && next && (
        <p>
          <button type="button" className="button" onClick={() => onSwitch(next)} data-testid="offer-button">
            {T.offer(offer.text)}
          </button>
        </p>
      )}
    </div>
  );
}
