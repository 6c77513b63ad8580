/**
 * `poolwatch bundle [--redact] [--output FILE] [--list]`: the support bundle for a machine whose
 * web UI is down — the same files the Support page offers, from the same graph the server runs
 * (one scan of the pools; nothing is started). Writes FILE (default: the bundle's own name in the
 * current folder), or lists the files with --list.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../clock.ts';
import { compose, StartupError, type Graph } from '../compose.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { RealHost } from '../host/real-host.ts';
import type { Io } from './main.ts';

export const BUNDLE_USAGE = 'usage: poolwatch bundle [--redact] [--output FILE] [--list]';

export async function bundleCommand(args: string[], io: Io, env: Record<string, string | undefined>, clock: Clock = systemClock): Promise<number> {
  const complain = (text: string) => io.stderr.write(`${text}\n`);
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: false, options: { redact: { type: 'boolean' }, output: { type: 'string', short: 'o' }, list: { type: 'boolean' } } });
  } catch (err) {
    complain(`poolwatch bundle: ${(err as Error).message}\n${BUNDLE_USAGE}`);
    return 2;
  }
  let graph: Graph;
  try {
    graph = compose(loadConfig(env), new RealHost(), clock);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) {
      complain(`poolwatch bundle: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const redact = parsed.values.redact === true;
  try {
    if (parsed.values.list) {
      for (const f of await graph.bundle.plan(redact)) io.stdout.write(`${f.path.padEnd(48)} ${f.command ?? '(written by poolwatch)'}\n`);
      return 0;
    }
    const built = await graph.bundle.build(redact);
    const out = resolve(parsed.values.output ?? built.name);
    try {
      await writeFile(out, built.archive, { mode: 0o600 });
    } catch (err) {
      complain(`poolwatch bundle: cannot write ${out}: ${(err as Error).message}`);
      return 1;
    }
    graph.stores.audit.record({
      at: clock.now().toISOString(), actor: 'cli', action: 'bundle.download', poolUuid: null, target: out, argv: null, exitCode: null, outcome: 'ok',
      details: { redact, files: built.files.length, bytes: built.archive.length },
    });
    io.stdout.write(`${out}\n`);
    complain(`poolwatch: wrote the support bundle (${built.files.length} files${redact ? ', serials and labels redacted' : ''}) to ${out}`);
    return 0;
  } finally {
    graph.stop();
  }
}
