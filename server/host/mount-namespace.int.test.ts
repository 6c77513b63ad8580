/**
 * The systemd unit's hardening gives poolwatch a private mount namespace (slave propagation, as
 * systemd sets it up). A mount poolwatch makes must still be the host's: here a RealHost running in
 * such a namespace (`unshare --mount --propagation slave`) mounts a tmpfs, and this process — in the
 * namespace that stands for the host — must see it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labSkipReason } from '../../lab/require-lab.ts';

const skip = await labSkipReason();
const DIR = resolve(import.meta.dirname, '..', '..', '.lab', `mount-ns-${process.pid}`);
const TARGET = join(DIR, 'mnt');

function mountedHere(path: string): boolean {
  try {
    execFileSync('findmnt', ['--mountpoint', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(skip !== null)('commands from a private mount namespace', () => {
  afterAll(() => {
    if (mountedHere(TARGET)) execFileSync('umount', [TARGET]);
    rmSync(DIR, { recursive: true, force: true });
  });

  it('mount lands in the host namespace, not in the private one', () => {
    mkdirSync(TARGET, { recursive: true });
    const realHost = resolve(import.meta.dirname, 'real-host.ts');
    const argv = resolve(import.meta.dirname, 'argv.ts');
    // Only specs made by the builders run (ADR 010): build the tmpfs mount the same way.
    const script = `
      import { RealHost } from ${JSON.stringify(realHost)};
      import { command, newMountPointOperand, wordOperand } from ${JSON.stringify(argv)};
      const host = new RealHost({ hostMountNamespace: '/proc/${process.pid}/ns/mnt' });
      console.log(JSON.stringify(await host.commandPrefix()));
      await host.run(command('mount', ['-t', 'tmpfs', '-o', 'size=1m'], [wordOperand('pw-ns-test'), newMountPointOperand(${JSON.stringify(TARGET)}, ${JSON.stringify(DIR)})], { timeoutMs: 10_000 }));
    `;
    const out = execFileSync('unshare', ['--mount', '--propagation', 'slave', '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out.trim())).toEqual(['nsenter', `--mount=/proc/${process.pid}/ns/mnt`, '--']);
    expect(mountedHere(TARGET)).toBe(true);
  });
});
