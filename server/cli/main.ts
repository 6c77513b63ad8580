/**
 * The `poolwatch` command line.
 *   poolwatch parse <kind> [file|-]   print what poolwatch sees in a command's output, as JSON
 *   poolwatch parse --list            the kinds it knows
 *   poolwatch token create|list|revoke  API tokens for scripts (see token-command.ts)
 *   poolwatch user reset-password NAME  a new password from stdin (see user-command.ts)
 *   poolwatch cockpit install|uninstall  the Cockpit page (see cockpit-command.ts)
 *   poolwatch bundle [--redact] [--output FILE]  the support bundle (see bundle-command.ts)
 * Exit codes: 0 parsed, 2 bad usage or unparseable input (the message names the kind and line).
 */
import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { ParseError } from '../parsers/parse-error.ts';
import { PARSE_KINDS } from './parse-kinds.ts';
import { COCKPIT_USAGE, cockpitCommand } from './cockpit-command.ts';
import { BUNDLE_USAGE, bundleCommand } from './bundle-command.ts';
import { TOKEN_USAGE, tokenCommand } from './token-command.ts';
import { USER_USAGE, userCommand } from './user-command.ts';

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

const USAGE = `usage: poolwatch parse <kind> [file|-]   (poolwatch parse --list for the kinds)\n${TOKEN_USAGE.replace(/^usage: /, '       ')}\n${USER_USAGE.replace(/^usage: /, '       ')}\n${COCKPIT_USAGE.replace(/^usage: /, '       ')}\n${BUNDLE_USAGE.replace(/^usage: /, '       ')}`;

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[], io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  const say = (s: Writable, text: string) => s.write(`${text}\n`);
  const [command, kind, source] = argv;
  if (command === 'token') return tokenCommand(argv.slice(1), io, env);
  if (command === 'user') return userCommand(argv.slice(1), io, env);
  if (command === 'cockpit') return cockpitCommand(argv.slice(1), io, env);
  if (command === 'bundle') return bundleCommand(argv.slice(1), io, env);
  if (command !== 'parse') {
    say(io.stderr, command ? `poolwatch: unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  if (kind === '--list' || kind === 'list') {
    for (const [name, k] of Object.entries(PARSE_KINDS)) say(io.stdout, `${name.padEnd(16)} ${k.describe}`);
    return 0;
  }
  const parser = kind ? PARSE_KINDS[kind] : undefined;
  if (!parser) {
    say(io.stderr, `poolwatch parse: unknown kind "${kind ?? ''}"; known kinds: ${Object.keys(PARSE_KINDS).join(', ')}`);
    return 2;
  }
  let text: string;
  try {
    text = !source || source === '-' ? await readAll(io.stdin) : await readFile(source, 'utf8');
  } catch (err) {
    say(io.stderr, `poolwatch parse ${kind}: cannot read ${source}: ${(err as Error).message}`);
    return 2;
  }
  try {
    say(io.stdout, JSON.stringify(parser.parse(text), null, 2));
    return 0;
  } catch (err) {
    if (err instanceof ParseError) {
      say(io.stderr, `poolwatch parse: cannot parse this as ${kind}: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
