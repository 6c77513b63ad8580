/**
 * One server per data dir. Two servers on one database would both follow the same running job and
 * both act on it; the second one must refuse to start, saying which process holds the dir.
 *
 * The lock is an abstract Unix socket named after the data dir's device and inode (Linux): the
 * kernel holds it for the life of the process and drops it when the process ends however it ends
 * (kill -9, power loss leaves nothing stale behind), it needs no free space (a server restarted
 * on a full data dir still starts and serves reads), and it names the same dir whatever path or
 * symlink reaches it. A server that finds it taken asks the holder for its pid and start time.
 */
import { statSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

export interface DataDirLock {
  release(): Promise<void>;
}

function lockName(dir: string): string {
  const st = statSync(dir);
  return `\0poolwatch-data-dir:${st.dev}:${st.ino}`;
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** What the holder says about itself; null when it does not answer within a second. */
function askHolder(path: string): Promise<{ pid: number; startedAt: string; port: number | null } | null> {
  return new Promise((resolve) => {
    let text = '';
    const sock = createConnection({ path });
    const done = (v: { pid: number; startedAt: string; port: number | null } | null) => {
      sock.destroy();
      resolve(v);
    };
    // Real time on purpose (ADR 012): a socket's idle deadline while asking another process.
    sock.setTimeout(1000, () => done(null));
    sock.on('data', (d) => (text += d.toString('utf8')));
    sock.on('end', () => {
      try {
        done(JSON.parse(text) as { pid: number; startedAt: string; port: number | null });
      } catch {
        done(null);
      }
    });
    sock.on('error', () => done(null));
  });
}

/** Takes the data dir for this process, or throws DataDirLockedError naming the server that has it. */
export async function lockDataDir(dir: string, about: { port: number | null } = { port: null }): Promise<DataDirLock> {
  const path = lockName(dir);
  // Taken before compose() builds the clock: when this process started, told to a second server that finds the dir taken.
  const me = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), port: about.port });
  const server = createServer((sock) => sock.end(me));
  try {
    await listen(server, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const holder = await askHolder(path);
    const who = holder ? `pid ${holder.pid}, started ${holder.startedAt}${holder.port ? `, port ${holder.port}` : ''}` : 'a process that does not answer';
    throw new DataDirLockedError(
      `another poolwatch server (${who}) is already using the data dir ${dir}: two servers on one data dir would both follow ` +
      'the same jobs. Stop it first (systemctl stop poolwatch), or give this one its own POOLWATCH_DATA_DIR',
    );
  }
  server.unref();
  return { release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
