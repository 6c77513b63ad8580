/**
 * Captures how btrfs-progs prints every profile in `device usage -b`, `filesystem usage -T -b` and
 * `filesystem df -b` (RAID0/2, RAID10/4, RAID5/3, RAID6/4, RAID1C3, RAID1C4, DUP, mixed
 * Data+Metadata, and a striped pool with a member missing), into fixtures/lab/ with a
 * `.meta.json` each. Root only; builds its pools under `.lab/exp-forms/` and tears them down.
 *
 *   npx tsx lab/experiments/capture-profile-forms.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Lab, labUnavailableReason, sh, teardown } from '../lab.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '.lab', 'exp-forms');
const OUT = resolve(import.meta.dirname, '..', '..', 'fixtures', 'lab');

interface Form {
  name: string;
  scenario: string;
  mkfs: string[];
  disks: number;
  diskMiB?: number;
  /** Pull the last disk and mount degraded,ro. */
  pullLast?: boolean;
}

const FORMS: Form[] = [
  { name: 'raid0-2', scenario: 'raid0 data and metadata over two 512MiB loop devices, 64MiB written', mkfs: ['-d', 'raid0', '-m', 'raid0'], disks: 2 },
  { name: 'raid10-4', scenario: 'raid10 data and metadata over four 512MiB loop devices, 64MiB written', mkfs: ['-d', 'raid10', '-m', 'raid10'], disks: 4 },
  { name: 'raid5-3', scenario: 'raid5 data and metadata over three 512MiB loop devices, 64MiB written', mkfs: ['-d', 'raid5', '-m', 'raid5'], disks: 3 },
  { name: 'raid6-4', scenario: 'raid6 data and metadata over four 512MiB loop devices, 64MiB written', mkfs: ['-d', 'raid6', '-m', 'raid6'], disks: 4 },
  { name: 'raid1c3-3', scenario: 'raid1c3 data and metadata over three 512MiB loop devices, 64MiB written', mkfs: ['-d', 'raid1c3', '-m', 'raid1c3'], disks: 3 },
  { name: 'raid1c4-4', scenario: 'raid1c4 data and metadata over four 512MiB loop devices, 64MiB written', mkfs: ['-d', 'raid1c4', '-m', 'raid1c4'], disks: 4 },
  { name: 'mixed-dup-1', scenario: 'mixed block groups (mkfs --mixed, Data+Metadata DUP) on one 512MiB loop device, 64MiB written', mkfs: ['--mixed', '-d', 'dup', '-m', 'dup'], disks: 1 },
  { name: 'mixed-raid1-2', scenario: 'mixed block groups (mkfs --mixed, Data+Metadata RAID1) over two 512MiB loop devices, 64MiB written', mkfs: ['--mixed', '-d', 'raid1', '-m', 'raid1'], disks: 2 },
  {
    name: 'raid10-4-missing-degraded', scenario: 'raid10 over four 512MiB loop devices, 64MiB written, devid 4 pulled, mounted degraded,ro',
    mkfs: ['-d', 'raid10', '-m', 'raid10'], disks: 4, pullLast: true,
  },
  {
    name: 'raid6-4-missing-degraded', scenario: 'raid6 data, raid1c3 metadata over four 512MiB loop devices, 64MiB written, devid 4 pulled, mounted degraded,ro',
    mkfs: ['-d', 'raid6', '-m', 'raid1c3'], disks: 4, pullLast: true,
  },
];

const COMMANDS: { kind: string; args: (mnt: string) => string[] }[] = [
  { kind: 'device-usage__raw', args: (m) => ['device', 'usage', '-b', m] },
  { kind: 'fi-usage__raw', args: (m) => ['filesystem', 'usage', '-T', '-b', m] },
  { kind: 'fi-df__raw', args: (m) => ['filesystem', 'df', '-b', m] },
];

async function capture(form: Form, versions: { kernel: string; btrfsProgs: string }): Promise<void> {
  const lab = await Lab.create(ROOT, form.name);
  try {
    const names = Array.from({ length: form.disks }, (_, i) => `d${i + 1}`);
    for (const n of names) await lab.disk(n, form.diskMiB ?? 512);
    const devs = names.map((n) => lab.loopOf(n));
    await sh('mkfs.btrfs', ['-f', '-q', ...form.mkfs, ...devs]);
    const mnt = join(lab.state.dir, 'mnt', 'p');
    await mkdir(mnt, { recursive: true });
    lab.state.pools.p = { label: '', uuid: '', profile: { data: '', metadata: '' }, disks: names, mountPoint: mnt, files: {} };
    await lab.mount('p');
    await lab.writeFile('p', 'data.bin', 64);
    await sh('btrfs', ['filesystem', 'sync', mnt]);
    if (form.pullLast) {
      await lab.umount('p');
      await lab.pull(names.at(-1)!);
      await lab.mount('p', ['degraded', 'ro']);
    }
    for (const c of COMMANDS) {
      const r = await sh('btrfs', c.args(mnt), { okExitCodes: [1] });
      const file = `${c.kind}-${form.name}`;
      // Paths under the lab folder differ per checkout: name the mount point as the lab does.
      const command = `btrfs ${c.args('/mnt/p').join(' ')}`;
      await writeFile(join(OUT, `${file}.txt`), r.stdout);
      await writeFile(join(OUT, `${file}.meta.json`), `${JSON.stringify({
        command, btrfsProgs: versions.btrfsProgs, kernel: versions.kernel, scenario: form.scenario,
        capturedAt: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'), exitCode: r.exitCode, stderr: r.stderr.trim(),
        capturedBy: 'lab/experiments/capture-profile-forms.ts',
      }, null, 2)}\n`);
      console.log(`${file}: exit ${r.exitCode}`);
    }
  } finally {
    await teardown(lab.state.dir);
  }
}

async function main(): Promise<number> {
  const why = await labUnavailableReason();
  if (why) {
    console.error(`cannot run: ${why}`);
    return 1;
  }
  const versions = {
    kernel: (await sh('uname', ['-r'])).stdout.trim(),
    btrfsProgs: (await sh('btrfs', ['--version'])).stdout.trim().split('\n')[0]!,
  };
  const only = process.argv[2] ? new RegExp(process.argv[2]) : null;
  for (const f of FORMS.filter((x) => !only || only.test(x.name))) await capture(f, versions);
  return 0;
}

main().then((c) => process.exit(c), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
