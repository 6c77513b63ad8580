/**
 * How the UI reaches the server. In a browser tab that is fetch and EventSource on the page's own
 * origin; inside Cockpit it is Cockpit's channel to poolwatch's Unix socket (src/cockpit/). The API
 * client and the live updates go through the one transport set at start, so every page works the
 * same in both.
 */

export interface TransportAnswer {
  status: number;
  statusText: string;
  text: string;
}

export interface TransportRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
  signal?: AbortSignal | undefined;
}

export interface EventHandlers {
  /** The stream is open (again). */
  open: () => void;
  /** One server-sent event. */
  event: (type: string, data: string) => void;
  /** The stream broke; `willRetry` false when it gave up (the caller reopens later). */
  error: (willRetry: boolean) => void;
}

export interface Transport {
  /** Resolves with any HTTP answer; rejects only when the server could not be reached (or on abort). */
  request(req: TransportRequest): Promise<TransportAnswer>;
  /** Follows a server-sent event stream (the listed event types); returns the function that closes it. */
  events(path: string, types: readonly string[], handlers: EventHandlers): () => void;
  /** False where the transport cannot stream events at all. */
  readonly canStream: boolean;
}

export const browserTransport: Transport = {
  canStream: typeof EventSource !== 'undefined',
  async request({ method, path, headers, body, signal }) {
    const response = await fetch(path, { method, headers, credentials: 'same-origin', body, signal: signal ?? null });
    return { status: response.status, statusText: response.statusText, text: await response.text() };
  },
  events(path, types, handlers) {
    const source = new EventSource(path);
    source.addEventListener('open', () => handlers.open());
    source.addEventListener('error', () => handlers.error(source.readyState !== EventSource.CLOSED));
    // EventSource delivers only the types it was told about: every type the server sends is listed.
    for (const type of types) source.addEventListener(type, (e) => handlers.event(type, (e as MessageEvent<string>).data));
    return () => source.close();
  },
};

let current: Transport = browserTransport;

export function setTransport(t: Transport): void {
  current = t;
}

export function transport(): Transport {
  return current;
}
