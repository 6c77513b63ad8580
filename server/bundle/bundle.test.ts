import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandSpec, Host } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import { healthyRaid1Of3, raid1Of3MissingUnmounted } from '../test-support/pools.ts';
import type { Snapshot } from '../inventory/inventory-service.ts';
import { redactedConfig } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { BundleService } from './bundle-service.ts';
import { redactor, storageKernelLines } from './redact.ts';
import { tarGz } from './tar.ts';

function untar(archive: Buffer): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bundle-test-'));
  try {
    writeFileSync(join(dir, 'b.tar.gz'), archive);
    const list = spawnSync('tar', ['-tzf', join(dir, 'b.tar.gz')], { encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(spawnSync('tar', ['-xzf', join(dir, 'b.tar.gz'), '-C', dir]).status).toBe(0);
    const names = list.stdout.trim().split('\n');
    return new Map(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('tar.gz', () => {
  it('GNU tar reads it back, long paths and UTF-8 included', () => {
    const long = `pools/${'x'.repeat(60)}/${'y'.repeat(60)}/file.txt`;
    const files = untar(tarGz([{ path: 'a.txt', content: 'ünï\n', mtime: new Date() }, { path: long, content: 'z'.repeat(1000), mtime: new Date() }]));
    expect([...files.keys()]).toEqual(['a.txt', long]);
    expect(files.get('a.txt')).toBe('ünï\n');
    expect(files.get(long)).toHaveLength(1000);
  });
});

describe('redaction', () => {
  it('serials, WWNs and labels become stable placeholders; ordinary words stay', () => {
    const r = redactor({ serials: ['WD-WX12345678', '0x5000c500a1b2c3d4', 'ata-WDC_WD40_WD-WX12345678'], labels: ['data', 'pw-media'] });
    const text = [
      "Label: 'pw-media'  uuid: 1234",
      'Data, RAID1: total=1.00GiB  Metadata, RAID1  metadata data.bin',
      'mounted at /mnt2/data and /mnt2/pw-media/',
      '/dev/disk/by-id/ata-WDC_WD40_WD-WX12345678 -> ../../sda',
      'Serial Number:    ZZ9PLURAL',
      'LU WWN Device Id: 5 000c50 0a1b2c3d4',
      'pool data is degraded; WD-WX12345678 again',
    ].join('\n');
    expect(r(text).split('\n')).toEqual([
      "Label: 'LABEL-1'  uuid: 1234",
      'Data, RAID1: total=1.00GiB  Metadata, RAID1  metadata data.bin',
      'mounted at /mnt2/LABEL-2 and /mnt2/LABEL-1/',
      '/dev/disk/by-id/SERIAL-1 -> ../../sda',
      'Serial Number:    (redacted)',
      'LU WWN Device Id: (redacted)',
      'pool LABEL-2 is degraded; SERIAL-3 again',
    ]);
  });

  it('keeps the storage lines of the kernel log', () => {
    const dmesg = ['[1] usb 1-1: new device', '[2] BTRFS warning (device loop3): devid 3 missing', '[3] sd 2:0:0:0: [sdb] tag#0 FAILED', '[4] ata3: SATA link down', '[5] eth0: link up', '[6] blk_update_request: I/O error, dev sdb'].join('\n');
    expect(storageKernelLines(dmesg, 10)).toEqual(['[2] BTRFS warning (device loop3): devid 3 missing', '[3] sd 2:0:0:0: [sdb] tag#0 FAILED', '[4] ata3: SATA link down', '[6] blk_update_request: I/O error, dev sdb']);
    expect(storageKernelLines(dmesg, 1)).toEqual(['[6] blk_update_request: I/O error, dev sdb']);
  });
});

describe('bundle', () => {
  const mounted = { ...healthyRaid1Of3(), uuid: '11111111-2222-4333-8444-555555555555', label: 'pw-media', mounted: true, mountPoint: '/mnt2/pw-media' };
  const unmounted = raid1Of3MissingUnmounted();
  const snap: Snapshot = {
    scannedAt: '2026-03-01T00:00:00Z', pools: [mounted, unmounted], slack: {},
    disks: [{ path: '/dev/sda', type: 'disk', sizeBytes: 1, identity: { key: 'wwn:1', serial: 'WD-WX12345678', model: 'WDC', wwn: null, byId: [] }, transport: 'sata', rotational: true, attached: true, role: 'member', inUseReason: null, pool: null, lastSeenAt: null }],
  };
  const ran: string[] = [];
  const host: Host = {
    async run(spec: CommandSpec) {
      ran.push([spec.file, ...spec.args].join(' '));
      if (spec.file === 'dmesg') throw new HostError(spec, { exitCode: 1, timedOut: false, stderr: 'dmesg: read kernel buffer failed: Operation not permitted' });
      return { stdout: `out of ${spec.file} ${spec.args.join(' ')} serial WD-WX12345678 label pw-media\n`, stderr: '', exitCode: spec.file === 'smartctl' ? 4 : 0 };
    },
    readFile: async () => null, readDir: async () => null, realPath: async () => null, activity: () => ({ started: 0, running: [] }),
    readNow: (files, dirs) => ({ files: files.map(() => null), dirs: dirs.map(() => null) }), readHead: async () => null,
  };
  const service = new BundleService({
    host, snapshot: async () => snap, views: (s) => s.pools.map((p) => ({ ...p, managed: true, health: { status: 'healthy', alerts: [] }, maintenance: null, slack: [] })),
    jobs: () => [], audit: () => [], config: () => ({ POOLWATCH_SMTP_URL: 'smtp://user:***@mail:587' }), version: '0.1.0', smartctl: 'smartctl', instance: 'nas1', now: () => new Date('2026-03-01T10:00:00Z'),
  });

  it('the plan lists every file of the seed\'s list, with its command', async () => {
    const plan = await service.plan(false);
    const paths = plan.map((f) => f.path);
    for (const p of ['system/uname.txt', 'btrfs/version.txt', 'btrfs/fi-show.txt', 'kernel/dmesg-storage.txt', 'disks/lsblk.txt', 'disks/findmnt.txt', 'system/poolwatch-version.txt', 'system/poolwatch-config.json', 'poolwatch/jobs.json', 'poolwatch/audit.json', 'smart/sda.txt', 'manifest.txt', 'README.txt']) expect(paths).toContain(p);
    for (const f of ['fi-df.txt', 'fi-usage.txt', 'device-stats.txt', 'poolwatch-view.json']) {
      expect(paths).toContain(`pools/${mounted.uuid}/${f}`);
      expect(paths).toContain(`pools/${unmounted.uuid}/${f}`);
    }
    expect(plan.find((f) => f.path === `pools/${mounted.uuid}/fi-usage.txt`)!.command).toBe('btrfs filesystem usage -T -- /mnt2/pw-media');
    expect(plan.find((f) => f.path === `pools/${unmounted.uuid}/fi-usage.txt`)!.command).toBeNull();
    expect(plan.find((f) => f.path === 'smart/sda.txt')!.command).toBe('smartctl -x -- /dev/sda');
  });

  it('the archive holds exactly the planned files; a failing command says why in its file and the manifest', async () => {
    const built = await service.build(false);
    expect(built.name).toBe('poolwatch-bundle-nas1-2026-03-01T100000Z.tar.gz');
    const files = untar(built.archive);
    expect([...files.keys()].sort()).toEqual((await service.plan(false)).map((f) => f.path).sort());
    expect(files.get('kernel/dmesg-storage.txt')).toMatch(/could not run this command: .*Operation not permitted/);
    expect(files.get('manifest.txt')).toMatch(/smart\/sda.txt\n {2}\$ smartctl -x -- \/dev\/sda\n {2}exit status 4 after \d+ ms/);
    expect(files.get(`pools/${unmounted.uuid}/device-stats.txt`)).toMatch(/is not mounted/);
    expect(files.get('btrfs/fi-show.txt')).toContain('WD-WX12345678');
  });

  it('redacted: no serial, no label anywhere; lsblk without its label and serial columns', async () => {
    const built = await service.build(true);
    const all = built.files.map((f) => f.content).join('\n');
    expect(all).not.toContain('WD-WX12345678');
    expect(all).not.toMatch(/\bpw-media\b/);
    expect(all).toContain('SERIAL-1');
    expect(ran.filter((c) => c.startsWith('lsblk')).at(-1)).not.toMatch(/LABEL|SERIAL|WWN/);
    expect(built.files.find((f) => f.path === 'README.txt')!.content).toMatch(/replaced by placeholders/);
  });
});

describe('the configuration in the bundle', () => {
  it('holds every setting and no secret: admin password, setup token, SMTP password, webhook key, ntfy and Gotify tokens', () => {
    const secrets = {
      POOLWATCH_ADMIN_PASSWORD: 'admin-pass-9f8e7d6c', POOLWATCH_SETUP_TOKEN: 'setup-token-5a4b3c2d1e0f9a8b',
      POOLWATCH_SMTP_URL: 'smtp://mailer:smtp-pass-1a2b3c4d@mail.example.org:587', POOLWATCH_WEBHOOK_SECRET: 'webhook-key-0f1e2d3c4b5a6978',
      POOLWATCH_NTFY_TOKEN: 'tk_ntfy0123456789abcdef', POOLWATCH_GOTIFY_TOKEN: 'gotify-app-7766554433',
    };
    const config = loadConfig({
      ...secrets, POOLWATCH_DATA_DIR: '/var/lib/poolwatch', POOLWATCH_NOTIFY_EMAIL_TO: 'admin@example.org', POOLWATCH_WEBHOOK_URL: 'http://ha.local:8123/api/webhook/pw',
      POOLWATCH_NTFY_URL: 'https://ntfy.example.org/nas', POOLWATCH_GOTIFY_URL: 'https://gotify.example.org',
    });
    const text = JSON.stringify(redactedConfig(config), null, 2);
    for (const [name, value] of Object.entries(secrets)) expect(text, name).not.toContain(name === 'POOLWATCH_SMTP_URL' ? 'smtp-pass-1a2b3c4d' : value);
    // The settings themselves are there, and say a secret is set.
    expect(text).toContain('/var/lib/poolwatch');
    expect(text).toContain('mail.example.org');
    expect(text).toContain('http://ha.local:8123/api/webhook/pw');
    expect(JSON.parse(text)).toMatchObject({ bootstrapAdmin: { password: '(set, not shown)' }, security: { setupToken: '(set, not shown)' } });
  });
});
