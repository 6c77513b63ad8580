/** Runs the CLI's main() in-process with captured stdin/stdout/stderr and the given environment. */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../cli/main.ts';

/** Streams for a CLI command, with what it wrote so far. */
export function captureIo(stdin = '') {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += String(c)));
  err.on('data', (c) => (stderr += String(c)));
  return { io: { stdin: Readable.from([stdin]), stdout: out, stderr: err }, stdout: () => stdout, stderr: () => stderr };
}

export async function runCli(argv: string[], stdin = '', env: Record<string, string | undefined> = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = captureIo(stdin);
  const code = await main(argv, c.io, env);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}
