/** Loading and error states every page uses, so none of them ever renders blank. */
import { ApiRequestError } from './api/client.ts';
import { COMMON_TEXT } from '../text/common.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {COMMON_TEXT.loading(what)}
    </p>
  );
}

/** Says what went wrong and where: the server's own message, or why its answer was unusable. */
export function ErrorNotice({ title, error, children }: { title: string; error: unknown; children?: React.ReactNode }) {
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof ApiRequestError ? describeFailure(error) : null;
  return (
    <div className="notice notice-error" role="alert">
      <h2 className="notice-title">{title}</h2>
      <p>{message}</p>
      {detail && <p className="notice-detail">{detail}</p>}
      {children}
    </div>
  );
}

function describeFailure(error: ApiRequestError): string {
  switch (error.kind) {
    case 'network':
      return COMMON_TEXT.failure.network;
    case 'server':
      return COMMON_TEXT.failure.server(error.request, error.status, error.code);
    case 'contract':
      return COMMON_TEXT.failure.contract;
  }
}
