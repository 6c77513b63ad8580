/**
 * Identify / blink a disk (ADR 024): opens the plan — the disk by identity, how it will show
 * itself (locate LED or activity-LED read pattern), the exact commands — and starts the
 * `identify-disk` job, shown with the jobs' own card (cancellable there).
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Disk } from '../../../contracts/api.ts';
import { IDENTIFY_DEFAULT_SECONDS, IDENTIFY_MAX_SECONDS, IdentifyPlan, IdentifyStarted } from '../../../contracts/identify.ts';
import { requestJson } from '../../shared/api/client.ts';
import { useDiskSlots } from '../../shared/disk-slots.tsx';
import { ErrorNotice, Loading } from '../../shared/query-state.tsx';
import { IDENTIFY_TEXT as T } from '../../text/identify.ts';

const url = (key: string) => `/api/disks/${encodeURIComponent(key)}/identify`;

export function IdentifyButton({ disk }: { disk: Disk }) {
  const [open, setOpen] = useState(false);
  if (!disk.attached || !disk.path) return null;
  return open ? (
    <IdentifyPanel diskKey={disk.identity.key} onClose={() => setOpen(false)} />
  ) : (
    <button type="button" className="button button-small button-secondary" onClick={() => setOpen(true)} data-testid="identify-open">
      {T.open}
    </button>
  );
}

function IdentifyPanel({ diskKey, onClose }: { diskKey: string; onClose: () => void }) {
  const [seconds, setSeconds] = useState(IDENTIFY_DEFAULT_SECONDS);
  const { diskJob } = useDiskSlots();
  const plan = useQuery({
    queryKey: ['api', 'disks', 'identify', diskKey, seconds],
    queryFn: ({ signal }) => requestJson('GET', `${url(diskKey)}?seconds=${seconds}`, IdentifyPlan, { signal }),
  });
  const start = useMutation({ mutationFn: () => requestJson('POST', url(diskKey), IdentifyStarted, { body: { seconds } }) });
  return (
    <section className="identify-panel" data-testid="identify-panel" aria-label={T.title}>
      <h3>{T.title}</h3>
      {plan.isPending ? (
        <Loading what={T.loading} />
      ) : plan.isError ? (
        <ErrorNotice title={T.loadFailed} error={plan.error} />
      ) : (
        <>
          <p className="identify-disk" data-testid="identify-disk">
            <strong>{plan.data.disk}</strong>
          </p>
          <p className="small" data-testid="identify-description">
            {plan.data.description}
          </p>
          <details className="small">
            <summary>{T.commands}</summary>
            <pre className="mono" data-testid="identify-commands">{plan.data.commands.map((c) => c.join(' ')).join('\n')}</pre>
          </details>
        </>
      )}
      {start.data ? (
        diskJob?.(start.data.jobId) ?? null
      ) : (
        <div className="identify-controls">
          <label>
            {T.seconds}{' '}
            <input type="number" min={5} max={IDENTIFY_MAX_SECONDS} value={seconds} onChange={(e) => setSeconds(Math.max(5, Math.min(IDENTIFY_MAX_SECONDS, Number(e.target.value) || 5)))} data-testid="identify-seconds" />
          </label>{' '}
          <button type="button" className="button button-small" onClick={() => start.mutate()} disabled={start.isPending || !plan.isSuccess} data-testid="identify-start">
            {start.isPending ? T.starting : T.start}
          </button>
        </div>
      )}
      {start.isError && <ErrorNotice title={T.startFailed} error={start.error} />}
      <button type="button" className="button button-small button-secondary" onClick={onClose}>
        {T.close}
      </button>
    </section>
  );
}
