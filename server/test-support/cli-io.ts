/** Runs the CLI's main() in-process with captured stdin/stdout/stderr and the given environment. */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../cli/main.ts';

export async function runCli(argv: string[], stdin = '', env: Record<string, string | undefined> = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += String(c)));
  err.on('data', (c) => (stderr += String(c)));
  const code = await main(argv, { stdin: Readable.from([stdin]), stdout: out, stderr: err }, env);
  return { code, stdout, stderr };
}
