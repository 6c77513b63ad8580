/**
 * `npx tsx lab/capture-output.ts <kind>__<case> "<scenario>" -- <command> [args…]`: runs one command
 * on this machine and writes its stdout to fixtures/lab/<kind>__<case>.txt with the `.meta.json`
 * every lab capture carries (exact command, tool versions, kernel, scenario, exit code, stderr).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'lab');

async function main(argv: string[]): Promise<void> {
  const sep = argv.indexOf('--');
  const [name, scenario] = argv.slice(0, sep);
  const command = argv.slice(sep + 1);
  if (sep < 0 || !name?.includes('__') || !scenario || command.length === 0) {
    throw new Error('usage: capture-output.ts <kind>__<case> "<scenario>" -- <command> [args…]');
  }
  const r = await execa(command[0]!, command.slice(1), { reject: false, env: { LC_ALL: 'C' }, stdin: 'ignore', stripFinalNewline: false });
  const version = async (file: string, args: string[]) => (await execa(file, args, { reject: false })).stdout.split('\n')[0] ?? '';
  await writeFile(join(FIXTURES, `${name}.txt`), String(r.stdout));
  await writeFile(join(FIXTURES, `${name}.meta.json`), `${JSON.stringify({
    command: command.join(' '),
    btrfsProgs: await version('btrfs', ['--version']),
    utilLinux: await version('blkid', ['--version']),
    kernel: (await execa('uname', ['-r'])).stdout.trim(),
    scenario,
    capturedAt: new Date().toISOString(),
    exitCode: r.exitCode,
    stderr: String(r.stderr),
  }, null, 2)}\n`);
  console.log(`wrote fixtures/lab/${name}.txt (exit ${r.exitCode})`);
}

await main(process.argv.slice(2));
