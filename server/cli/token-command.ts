/**
 * `poolwatch token …`: API tokens for scripts and monitoring, made on the machine itself (root
 * with access to the database needs no login).
 *   poolwatch token create --role admin|viewer [--name NAME]   prints the token once, on stdout
 *   poolwatch token list
 *   poolwatch token revoke ID
 * Works on the SQLite file in POOLWATCH_DATA_DIR (the server's config loader).
 */
import { parseArgs } from 'node:util';
import { Role, TokenIdParam, TokenName } from '../../contracts/auth.ts';
import { systemClock, type Clock } from '../clock.ts';
import { compose, StartupError, type Graph } from '../compose.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { NotFoundError } from '../errors.ts';
import { RealHost } from '../host/real-host.ts';
import type { Io } from './main.ts';

export const TOKEN_USAGE = [
  'usage: poolwatch token create --role admin|viewer [--name NAME]',
  '       poolwatch token list',
  '       poolwatch token revoke ID',
].join('\n');

/** Who the audit log names for tokens made here. */
const CLI_ACTOR = 'cli';

export async function tokenCommand(args: string[], io: Io, env: Record<string, string | undefined>, clock: Clock = systemClock): Promise<number> {
  const now = () => clock.now();
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const complain = (text: string) => io.stderr.write(`${text}\n`);
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { role: { type: 'string' }, name: { type: 'string' } } });
  } catch (err) {
    complain(`poolwatch token: ${(err as Error).message}\n${TOKEN_USAGE}`);
    return 2;
  }
  const [sub, ...rest] = parsed.positionals;
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') {
    complain(sub ? `poolwatch token: unknown subcommand "${sub}"\n${TOKEN_USAGE}` : TOKEN_USAGE);
    return 2;
  }

  // The same graph the server runs (nothing is started: no scan, no SMART read, no job).
  let graph: Graph;
  try {
    const config = loadConfig(env);
    graph = compose(config, new RealHost(config.commands), clock);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) {
      complain(`poolwatch token: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const { auth, config } = graph;
  try {
    if (sub === 'create') {
      const role = Role.safeParse(parsed.values.role);
      if (!role.success) {
        complain(`poolwatch token create: --role must be admin or viewer\n${TOKEN_USAGE}`);
        return 2;
      }
      const name = TokenName.safeParse(parsed.values.name ?? `cli-${now().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`);
      if (!name.success) {
        complain(`poolwatch token create: --name ${name.error.issues[0]?.message}`);
        return 2;
      }
      const { token, secret } = auth.createToken(CLI_ACTOR, name.data, role.data);
      // The token alone on stdout, so `TOKEN=$(npx poolwatch token create …)` works.
      say(secret);
      complain(`poolwatch: created API token ${token.id} "${token.name}" (role ${token.role}) in ${config.dbFile}.`);
      complain('poolwatch: it is shown only this once; send it as "Authorization: Bearer <token>".');
      return 0;
    }
    if (sub === 'list') {
      if (rest.length) {
        complain(TOKEN_USAGE);
        return 2;
      }
      const tokens = auth.listTokens();
      if (!tokens.length) {
        say('no API tokens');
        return 0;
      }
      say(['ID'.padEnd(5), 'NAME'.padEnd(24), 'ROLE'.padEnd(7), 'CREATED BY'.padEnd(16), 'CREATED'.padEnd(25), 'LAST USED'.padEnd(25), 'STATE'].join(' '));
      for (const t of tokens) {
        say([String(t.id).padEnd(5), t.name.padEnd(24), t.role.padEnd(7), t.createdBy.padEnd(16), t.createdAt.padEnd(25), (t.lastUsedAt ?? 'never').padEnd(25), t.revokedAt ? `revoked ${t.revokedAt}` : 'active'].join(' '));
      }
      return 0;
    }
    const id = TokenIdParam.safeParse(rest[0]);
    if (rest.length !== 1 || !id.success) {
      complain(`poolwatch token revoke: give one token id (see poolwatch token list)\n${TOKEN_USAGE}`);
      return 2;
    }
    try {
      const t = auth.revokeToken(CLI_ACTOR, id.data);
      say(`revoked API token ${t.id} "${t.name}"`);
      return 0;
    } catch (err) {
      if (err instanceof NotFoundError) {
        complain(`poolwatch token revoke: ${err.message}`);
        return 1;
      }
      throw err;
    }
  } finally {
    graph.stop();
  }
}
