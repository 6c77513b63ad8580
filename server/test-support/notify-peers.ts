/**
 * Real peers for the notification tests, started by the tests on 127.0.0.1: an SMTP server
 * (smtp-server, messages parsed with mailparser) with STARTTLS or implicit TLS and a login, and
 * an HTTP receiver that records every request (webhook, ntfy, Gotify). Both can be told to fail.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const TLS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'tls');
export const TEST_TLS = { key: readFileSync(join(TLS_DIR, 'localhost.key')), cert: readFileSync(join(TLS_DIR, 'localhost.crt')) };

export const SMTP_USER = 'poolwatch';
export const SMTP_PASS = 'smtp-test-password';

export interface SmtpPeer {
  port: number;
  /** Every accepted message, parsed, in arrival order. */
  messages: ParsedMail[];
  /** Answer every message with this SMTP error until set back to null (e.g. `451 try later`). */
  failWith(code: number | null, text?: string): void;
  /** Resolves once at least `n` messages arrived (and `match` holds for them). */
  waitFor(n: number, match?: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpPeer(opts: { secure?: boolean; port?: number } = {}): Promise<SmtpPeer> {
  const messages: ParsedMail[] = [];
  let failure: { code: number; text: string } | null = null;
  const server = new SMTPServer({
    secure: opts.secure ?? false,
    key: TEST_TLS.key,
    cert: TEST_TLS.cert,
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failure) {
          cb(Object.assign(new Error(failure.text), { responseCode: failure.code }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then((m) => {
          messages.push(m);
          cb(null);
        }, (err: Error) => cb(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    failWith(code, text = 'temporary failure, try again later') {
      failure = code === null ? null : { code, text };
    },
    async waitFor(n, match = () => true, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hits = messages.filter(match);
        if (hits.length >= n) return hits;
        if (Date.now() > until) throw new Error(`expected ${n} mail(s), got ${hits.length} matching of ${messages.length}: ${messages.map((m) => m.subject).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface HttpRequestSeen {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpPeer {
  url: string;
  requests: HttpRequestSeen[];
  /** Answer with this status (default 200). */
  setStatus(status: number, body?: string): void;
  waitFor(n: number, match?: (r: HttpRequestSeen) => boolean, timeoutMs?: number): Promise<HttpRequestSeen[]>;
  close(): Promise<void>;
}

export async function startHttpPeer(): Promise<HttpPeer> {
  const requests: HttpRequestSeen[] = [];
  let answer = { status: 200, body: '{"ok":true}' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setStatus(status, body = '') {
      answer = { status, body };
    },
    async waitFor(n, match = () => true, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hits = requests.filter(match);
        if (hits.length >= n) return hits;
        if (Date.now() > until) throw new Error(`expected ${n} request(s), got ${hits.length} matching of ${requests.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
