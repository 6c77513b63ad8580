/**
 * The server's log lines. On a terminal they read `poolwatch: …`; under systemd (which sets
 * JOURNAL_STREAM for a service whose output goes to the journal) each line starts with its syslog
 * priority instead (`<3>` error, `<4>` warning, `<6>` info), which journald stores as the entry's
 * priority — so `journalctl -u poolwatch -p warning` shows only what needs a look. The identifier
 * (`poolwatch`) comes from the unit's SyslogIdentifier.
 */
export type LogLevel = 'error' | 'warn' | 'info';

const PRIORITY: Record<LogLevel, number> = { error: 3, warn: 4, info: 6 };

export interface LogSink {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Formats one message for the journal or a terminal; every line of a multi-line message keeps its priority. */
export function formatLog(level: LogLevel, message: string, toJournal: boolean): string {
  const lines = message.split('\n');
  return toJournal ? lines.map((l) => `<${PRIORITY[level]}>${l}`).join('\n') : `poolwatch: ${lines.join('\n')}`;
}

export function createLog(toJournal: boolean, sink: LogSink = { out: (l) => console.log(l), err: (l) => console.error(l) }) {
  const write = (level: LogLevel) => (message: string) => (level === 'info' ? sink.out : sink.err)(formatLog(level, message, toJournal));
  return { error: write('error'), warn: write('warn'), info: write('info') };
}

export type Log = ReturnType<typeof createLog>;

export const log: Log = createLog(Boolean(process.env.JOURNAL_STREAM));
