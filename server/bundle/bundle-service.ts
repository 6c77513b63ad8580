/**
 * The support bundle (the seed's list): system and btrfs versions, `btrfs fi show`, per pool
 * `fi df` / `fi usage -T` / `device stats`, the kernel's storage lines, `smartctl -x` per disk,
 * lsblk and findmnt, poolwatch's version, its configuration without secrets, and recent jobs and
 * audit entries. plan() lists every file before anything runs; build() runs the commands and
 * returns the .tar.gz. A command that fails still gets its file, saying how it failed.
 */
import type { AuditEntry } from '../../contracts/audit.ts';
import type { BundleFile } from '../../contracts/bundle.ts';
import type { Job } from '../../contracts/jobs.ts';
import type { PoolView } from '../../contracts/views.ts';
import { bundleCmd } from '../host/bundle-commands.ts';
import type { CommandSpec, Host } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import { redactor, storageKernelLines } from './redact.ts';
import { tarGz } from './tar.ts';

/** Recent enough to cover the failure being investigated, small enough to mail. */
const MAX_DMESG_LINES = 2000;
const MAX_JOBS = 100;
const MAX_AUDIT = 500;

export interface BundleDeps {
  host: Host;
  snapshot: () => Promise<Snapshot>;
  /** Pool views (health and guidance) of a snapshot. */
  views: (snap: Snapshot) => PoolView[];
  jobs: (limit: number) => Job[];
  audit: (limit: number) => AuditEntry[];
  /** poolwatch's configuration with every secret removed. */
  config: () => Record<string, unknown>;
  version: string;
  /** The smartctl binary (POOLWATCH_SMARTCTL). */
  smartctl: string;
  instance: string;
  now: () => Date;
}

type Source = { kind: 'command'; spec: CommandSpec; filter?: (stdout: string) => string } | { kind: 'poolwatch'; make: () => string } | { kind: 'note'; text: string };

interface Planned extends BundleFile {
  source: Source;
}

function argvText(spec: CommandSpec): string {
  return [spec.file, ...spec.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

export interface BuiltBundle {
  name: string;
  files: { path: string; content: string }[];
  archive: Buffer;
}

export class BundleService {
  constructor(private readonly deps: BundleDeps) {}

  name(): string {
    const stamp = this.deps.now().toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
    return `poolwatch-bundle-${this.deps.instance.replace(/[^\w.-]/g, '_')}-${stamp}.tar.gz`;
  }

  private async planned(redact: boolean, snap: Snapshot): Promise<Planned[]> {
    const cmd = (path: string, what: string, spec: CommandSpec, filter?: (s: string) => string): Planned => ({ path, what, command: argvText(spec), source: { kind: 'command', spec, filter } });
    // A builder refuses an operand it does not trust (a mount point with a control character): that file says why.
    const cmdOf = (path: string, what: string, build: () => CommandSpec): Planned => {
      try {
        return cmd(path, what, build());
      } catch (err) {
        return { path, what, command: null, source: { kind: 'note', text: `poolwatch did not run this command: ${(err as Error).message}\n` } };
      }
    };
    const own = (path: string, what: string, make: () => string): Planned => ({ path, what, command: null, source: { kind: 'poolwatch', make } });
    const files: Planned[] = [
      own('README.txt', 'What this bundle is, when and where it was made', () => ''),
      cmd('system/uname.txt', 'Kernel and machine', bundleCmd.uname()),
      own('system/poolwatch-version.txt', 'poolwatch and Node.js versions', () => `poolwatch ${this.deps.version}\nnode ${process.version}\n`),
      own('system/poolwatch-config.json', 'poolwatch configuration (secrets removed)', () => `${JSON.stringify(this.deps.config(), null, 2)}\n`),
      cmd('btrfs/version.txt', 'btrfs-progs version', bundleCmd.btrfsVersion()),
      cmd('btrfs/fi-show.txt', 'Every btrfs pool and its members', bundleCmd.fiShow()),
      cmd('kernel/dmesg-storage.txt', `Kernel log: btrfs, block, ATA/SCSI/NVMe lines (the last ${MAX_DMESG_LINES})`, bundleCmd.dmesg(), (out) => `${storageKernelLines(out, MAX_DMESG_LINES).join('\n')}\n`),
      cmd('disks/lsblk.txt', 'Block devices', bundleCmd.lsblk(redact)),
      cmd('disks/findmnt.txt', 'Mounted filesystems', bundleCmd.findmnt()),
    ];
    for (const pool of snap.pools) {
      const dir = `pools/${pool.uuid}`;
      files.push(own(`${dir}/poolwatch-view.json`, `Pool ${pool.uuid} as poolwatch sees it: members, counters, health, "Maintenance required"`, () => `${JSON.stringify(this.deps.views(snap).find((p) => p.uuid === pool.uuid) ?? pool, null, 2)}\n`));
      const perPool: [string, string, (m: string) => CommandSpec][] = [
        ['fi-df.txt', 'Allocation per block-group type and profile', bundleCmd.fiDf],
        ['fi-usage.txt', 'Allocation per member (fi usage -T)', bundleCmd.fiUsage],
        ['device-stats.txt', 'The five error counters per member', bundleCmd.deviceStats],
      ];
      for (const [name, what, spec] of perPool) {
        const mountPoint = pool.mountPoint;
        if (pool.mounted && mountPoint) files.push(cmdOf(`${dir}/${name}`, what, () => spec(mountPoint)));
        // Without a mount btrfs cannot say: the file says so, so a reader knows it was not forgotten.
        else files.push({ path: `${dir}/${name}`, what, command: null, source: { kind: 'note', text: `Pool ${pool.uuid} is not mounted: btrfs reports this only for a mounted pool. poolwatch-view.json has what poolwatch read from the unmounted pool.\n` } });
      }
    }
    for (const disk of snap.disks) {
      if (!disk.attached || !disk.path) continue;
      const kname = disk.path.replace(/^\/dev\//, '').replace(/\//g, '_');
      const path = disk.path;
      files.push(cmdOf(`smart/${kname}.txt`, `S.M.A.R.T. of ${path}`, () => bundleCmd.smartctl(this.deps.smartctl, path)));
    }
    files.push(
      own('poolwatch/jobs.json', `The last ${MAX_JOBS} jobs with their commands, output and outcome`, () => `${JSON.stringify(this.deps.jobs(MAX_JOBS), null, 2)}\n`),
      own('poolwatch/audit.json', `The last ${MAX_AUDIT} audit log entries`, () => `${JSON.stringify(this.deps.audit(MAX_AUDIT), null, 2)}\n`),
      own('manifest.txt', 'Each file: the command that made it, its exit status and how long it took', () => ''),
    );
    return files;
  }

  /** Every file the bundle will hold, and the command behind each. */
  async plan(redact: boolean): Promise<BundleFile[]> {
    const snap = await this.deps.snapshot();
    return (await this.planned(redact, snap)).map(({ path, what, command }) => ({ path, what, command }));
  }

  async build(redact: boolean): Promise<BuiltBundle> {
    const snap = await this.deps.snapshot();
    const planned = await this.planned(redact, snap);
    const at = this.deps.now();
    const manifest: string[] = [];
    const files: { path: string; content: string }[] = [];
    for (const p of planned) {
      if (p.path === 'README.txt' || p.path === 'manifest.txt') continue;
      if (p.source.kind === 'poolwatch') {
        files.push({ path: p.path, content: p.source.make() });
        manifest.push(`${p.path}\n  written by poolwatch`);
      } else if (p.source.kind === 'note') {
        files.push({ path: p.path, content: p.source.text });
        manifest.push(`${p.path}\n  not run: ${p.source.text.trim()}`);
      } else {
        // Real time on purpose (ADR 012): how long the command ran on the machine, for the manifest.
        const started = Date.now();
        const { content, status } = await this.runOne(p.source.spec, p.source.filter);
        files.push({ path: p.path, content });
        manifest.push(`${p.path}\n  $ ${p.command}\n  ${status} after ${Date.now() - started} ms`);
      }
    }
    const readme = [
      `poolwatch support bundle of ${this.deps.instance}, made ${at.toISOString()} by poolwatch ${this.deps.version}.`,
      redact
        ? 'Serial numbers, WWNs and pool labels are replaced by placeholders (SERIAL-1, LABEL-1, …), the same placeholder for the same value in every file.'
        : 'Nothing is redacted: serial numbers and pool labels are as the machine reports them.',
      'Secrets (passwords, tokens, webhook keys) are never included.',
      'manifest.txt lists the command behind each file, its exit status and its duration.',
      '',
    ].join('\n');
    files.unshift({ path: 'README.txt', content: readme });
    files.push({ path: 'manifest.txt', content: `${manifest.join('\n')}\n` });
    const scrub = redact ? this.redaction(snap) : (t: string) => t;
    const out = files.map((f) => ({ path: f.path, content: scrub(f.content) }));
    return { name: this.name(), files: out, archive: tarGz(out.map((f) => ({ ...f, mtime: at }))) };
  }

  private redaction(snap: Snapshot): (text: string) => string {
    const serials: string[] = [];
    for (const d of snap.disks) {
      if (d.identity.serial) serials.push(d.identity.serial);
      if (d.identity.wwn) serials.push(d.identity.wwn);
      for (const id of d.identity.byId) serials.push(id.replace(/^.*\//, ''));
    }
    for (const p of snap.pools) for (const det of p.detached) if (det.disk.serial) serials.push(det.disk.serial);
    return redactor({ serials, labels: snap.pools.map((p) => p.label ?? '') });
  }

  private async runOne(spec: CommandSpec, filter?: (s: string) => string): Promise<{ content: string; status: string }> {
    try {
      const r = await this.deps.host.run(spec);
      const body = filter ? filter(r.stdout) : r.stdout;
      const err = r.stderr.trim() ? `\n--- stderr ---\n${r.stderr}` : '';
      return { content: `${body}${err}`, status: `exit status ${r.exitCode}` };
    } catch (err) {
      const why = err instanceof HostError ? err.message : (err as Error).message;
      return { content: `poolwatch could not run this command: ${why}\n`, status: `did not run: ${why}` };
    }
  }
}
