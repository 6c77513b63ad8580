/**
 * `poolwatch user …`: accounts from the machine itself (root with access to the database needs no
 * login), for the admin who forgot a password.
 *   poolwatch user reset-password NAME   reads the new password from stdin (hidden on a terminal)
 *   poolwatch user list
 * The new password passes the same policy as in the UI; every session of the user ends.
 */
import { compose, StartupError, type Graph } from '../compose.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { RealHost } from '../host/real-host.ts';
import { systemClock } from '../clock.ts';
import type { Io } from './main.ts';

export const USER_USAGE = ['usage: poolwatch user reset-password NAME   (the new password on stdin)', '       poolwatch user list'].join('\n');

/** Who the audit log names for changes made here. */
const CLI_ACTOR = 'cli';

/** One line from stdin; on a terminal without echo, after a prompt on stderr. */
async function readPassword(io: Io, prompt: string): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
    io.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    try {
      let line = '';
      for await (const chunk of stdin) {
        for (const ch of String(chunk)) {
          if (ch === '\r' || ch === '\n') return line;
          if (ch === '\u0003') throw new Error('cancelled');
          if (ch === '\u007f') line = line.slice(0, -1);
          else line += ch;
        }
      }
      return line;
    } finally {
      stdin.setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
    }
  }
  let text = '';
  for await (const chunk of io.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export async function userCommand(args: string[], io: Io, env: Record<string, string | undefined>): Promise<number> {
  const complain = (text: string) => io.stderr.write(`${text}\n`);
  const [sub, name, ...rest] = args;
  if (!(sub === 'reset-password' && name && rest.length === 0) && !(sub === 'list' && !name)) {
    complain(sub && sub !== 'reset-password' && sub !== 'list' ? `poolwatch user: unknown subcommand "${sub}"\n${USER_USAGE}` : USER_USAGE);
    return 2;
  }
  let graph: Graph;
  try {
    graph = compose(loadConfig(env), new RealHost(), systemClock);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) {
      complain(`poolwatch user: ${err.message}`);
      return 2;
    }
    throw err;
  }
  try {
    if (sub === 'list') {
      for (const u of graph.auth.listUsers()) io.stdout.write(`${u.name.padEnd(24)} ${u.role.padEnd(7)} created ${u.createdAt}\n`);
      return 0;
    }
    const password = await readPassword(io, `new password for ${name}: `);
    try {
      const user = await graph.auth.resetPassword(CLI_ACTOR, name!, password);
      io.stdout.write(`poolwatch: the password of ${user.name} (${user.role}) was reset; their sessions were ended\n`);
      return 0;
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof ValidationError) {
        complain(`poolwatch user reset-password: ${err.message}`);
        return 1;
      }
      throw err;
    }
  } finally {
    graph.stop();
  }
}
