/** The end of an edit form: Save (busy while it saves), Cancel, and the server's answer when saving failed. */
import { MONITOR_TEXT } from '../text/monitor.ts';

export function SaveCancel({ pending, error, onCancel, testId }: { pending: boolean; error: Error | null; onCancel: () => void; testId: string }) {
  const t = MONITOR_TEXT.form;
  return (
    <>
      <div className="button-row">
        <button type="submit" className="button" disabled={pending} data-testid={`${testId}-save`}>
          {pending ? t.saving : t.save}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert" data-testid={`${testId}-error`}>
          {error.message}
        </p>
      )}
    </>
  );
}
