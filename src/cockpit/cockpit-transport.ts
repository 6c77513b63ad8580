/**
 * The API inside Cockpit: every request goes through Cockpit's own channel (`cockpit.http`) to
 * poolwatch's Unix socket. With administrative access on, the channel is opened by Cockpit's
 * privileged bridge (root) to the admin socket; without it, by the user's own bridge to the
 * read-only socket — the kernel's permission check on the socket is what makes the role
 * (docs/decisions/016-cockpit-identity.md). No second login: Cockpit already knows the user.
 */
import { sseParser } from '../shared/api/sse.ts';
import type { Transport } from '../shared/api/transport.ts';
import type { Cockpit, CockpitError } from './cockpit-api.ts';

/** Names the Cockpit user to poolwatch for the audit log (trusted only on the admin socket). */
export const COCKPIT_USER_HEADER = 'X-Poolwatch-User';

export interface CockpitConnection {
  socket: string;
  /** Open the channel through Cockpit's privileged bridge. */
  superuser: boolean;
  user: string;
}

/** A channel failure (not an HTTP answer) becomes a thrown Error with Cockpit's words for it. */
export class CockpitChannelError extends Error {
  override readonly name = 'CockpitChannelError';
  constructor(readonly problem: string, message: string) {
    super(message);
  }
}

export function cockpitTransport(cockpit: Cockpit, conn: CockpitConnection): Transport {
  const http = cockpit.http(conn.socket, conn.superuser ? { superuser: 'require' } : {});
  const withUser = (headers: Record<string, string>) => ({ ...headers, [COCKPIT_USER_HEADER]: conn.user });
  return {
    canStream: true,
    request({ method, path, headers, body, signal }) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new DOMException('The request was aborted', 'AbortError'));
        let status = 200;
        let statusText = '';
        const req = http.request({ method, path, headers: withUser(headers), body: body ?? '' });
        signal?.addEventListener('abort', () => {
          req.close('cancelled');
          reject(new DOMException('The request was aborted', 'AbortError'));
        });
        req.response((s) => {
          status = s;
        });
        req.then(
          (text) => resolve({ status, statusText, text }),
          (error: CockpitError, text?: string) => {
            if (typeof error.status === 'number') {
              statusText = error.reason ?? '';
              resolve({ status: error.status, statusText, text: text ?? '' });
            } else {
              reject(new CockpitChannelError(error.problem ?? 'disconnected', cockpit.message(error)));
            }
          },
        );
      });
    },
    events(path, types, handlers) {
      let closed = false;
      const parse = sseParser((type, data) => {
        if (types.includes(type)) handlers.event(type, data);
      });
      const req = http.request({ method: 'GET', path, headers: withUser({ accept: 'text/event-stream' }), body: '' });
      req.response((s) => {
        if (s >= 200 && s < 300) handlers.open();
      });
      req.stream(parse);
      const ended = () => {
        if (!closed) handlers.error(false);
      };
      req.then(ended, ended);
      return () => {
        closed = true;
        req.close();
      };
    },
  };
}
