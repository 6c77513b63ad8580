import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmartdConfigResponse, SmartdEvent } from '../../contracts/smart.ts';
import { RealConfigFiles } from '../host/config-files.ts';
import { FakeHost, type PlannedCommand } from '../test-support/fake-host.ts';
import { HostError } from '../host/host-error.ts';
import { ConflictError } from '../errors.ts';
import { AuditStore } from '../store/audit-store.ts';
import { openDb, type Db } from '../store/db.ts';
import { testConfig } from '../test-support/graph.ts';
import { NOTIFY_SCRIPT, SmartdManager, notifyWrapperScript, smartdStatus, type SmartdCandidate } from './smartd.ts';
import { BEGIN_MARKER, END_MARKER } from './smartd-config.ts';
import { FakeClock } from '../test-support/clock.ts';

const ok = (stdout: string, exitCode = 0) => ({ stdout, stderr: '', exitCode });
const SMARTD_V: PlannedCommand = { file: 'smartd', args: ['-V'], result: ok('smartd 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0] (local build)\nCopyright (C) 2002-22, Bruce Allen, Christian Franke, www.smartmontools.org\n\nsmartmontools release 7.3 dated 2022-02-28 at 16:33:40 UTC\n') };
const PROC = { '/proc': ['1', '42', 'self', 'meminfo'] };
const PROC_FILES = { '/proc/1/comm': 'init\n', '/proc/42/comm': 'smartd\n' };

describe('smartd status', () => {
  it('reports "unknown" cleanly without systemd, with "running" from the process list', async () => {
    const host = new FakeHost([SMARTD_V], PROC_FILES, PROC);
    expect(await smartdStatus(host)).toEqual({
      installed: true, version: 'smartmontools release 7.3', systemd: false, unit: null, enabled: 'unknown', active: 'unknown', running: true,
      note: expect.stringContaining('systemd is not the init system'),
    });
    expect(host.calls).toEqual(['smartd -V']);
  });

  it('follows Debian\'s alias to the smartmontools unit under systemd', async () => {
    const host = new FakeHost([
      SMARTD_V,
      { file: 'systemctl', args: ['is-enabled', '--', 'smartd'], result: ok('alias\n') },
      { file: 'systemctl', args: ['is-enabled', '--', 'smartmontools'], result: ok('enabled\n') },
      { file: 'systemctl', args: ['is-active', '--', 'smartmontools'], result: ok('active\n') },
    ], PROC_FILES, { ...PROC, '/run/systemd/system': [] });
    expect(await smartdStatus(host)).toMatchObject({ systemd: true, unit: 'smartmontools', enabled: 'enabled', active: 'active', running: true, note: null });
  });

  it('reads a stopped, disabled unit (systemctl exits non-zero: data, not a failure)', async () => {
    const host = new FakeHost([
      SMARTD_V,
      { file: 'systemctl', args: ['is-enabled', '--', 'smartd'], result: ok('disabled\n', 1) },
      { file: 'systemctl', args: ['is-active', '--', 'smartd'], result: ok('inactive\n', 3) },
    ], { '/proc/1/comm': 'systemd\n' }, { '/proc': ['1'], '/run/systemd/system': [] });
    expect(await smartdStatus(host)).toMatchObject({ installed: true, systemd: true, unit: 'smartd', enabled: 'disabled', active: 'inactive', running: false });
  });

  it('says not installed when smartd is not found', async () => {
    const missing = new HostError({ file: 'smartd', args: ['-V'] }, { exitCode: null, timedOut: false, stderr: '', errno: 'ENOENT' });
    const host = new FakeHost([{ file: 'smartd', args: ['-V'], result: { throws: missing } }], {}, { '/proc': [] });
    expect(await smartdStatus(host)).toMatchObject({ installed: false, version: null, running: false });
  });
});

describe('SmartdManager on a temp smartd.conf', () => {
  let dir: string;
  let db: Db;
  let conf: string;
  let candidates: SmartdCandidate[];
  const at = new Date('2026-11-26T15:00:00.000Z');

  const DISK_LINE_DEVICE = '/dev/disk/by-id/ata-WDC_WD20EFRX-68EUZN0_WD-1';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'poolwatch-smartd-'));
    db = openDb(':memory:', new FakeClock());
    conf = join(dir, 'smartd.conf');
    candidates = [
      { diskKey: 'wwn:1', device: DISK_LINE_DEVICE, disk: { device: DISK_LINE_DEVICE, deviceType: 'sat', protocol: 'ata', solidState: false }, skippedBecause: null },
      { diskKey: 'loop:/x.img', device: '/dev/loop3', disk: null, skippedBecause: 'SMART is not available on it' },
    ];
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function manager(commands: PlannedCommand[] = [SMARTD_V], files: Record<string, string> = PROC_FILES, dirs: Record<string, string[]> = PROC) {
    const config = testConfig({ POOLWATCH_SMARTD_CONF: conf, POOLWATCH_DATA_DIR: dir }).smart;
    const host = new FakeHost(commands, files, dirs);
    return { host, m: new SmartdManager({ host, files: new RealConfigFiles(), audit: new AuditStore(db), config, clock: { now: () => at, sleep: () => Promise.reject(new Error('smartd does not wait')) }, candidates: async () => candidates, nodeBinary: '/usr/bin/node' }) };
  }

  it('previews the block, the diff and what DEVICESCAN does, without writing anything', async () => {
    const stock = '# stock\nDEVICESCAN -d removable -n standby -m root -M exec /usr/share/smartmontools/smartd-runner\n';
    writeFileSync(conf, stock);
    const view = SmartdConfigResponse.parse(await manager().m.view());
    expect(view.changed).toBe(true);
    expect(view.confExists).toBe(true);
    expect(view.block[0]).toBe(BEGIN_MARKER);
    expect(view.block).toContain(`${DISK_LINE_DEVICE} -d sat -a -o on -S on -s (S/../.././02|L/../../6/03) -W 4,45,55 -m root -M exec ${join(dir, 'smartd-notify.sh')}`);
    expect(view.diff.filter((l) => l.op === '-')).toEqual([]);
    expect(view.diff.filter((l) => l.op === '+').map((l) => l.text)).toEqual(['', ...view.block, '']);
    expect(view.notes[0]).toMatch(/DEVICESCAN/);
    expect(view.disks).toEqual([
      { diskKey: 'wwn:1', device: DISK_LINE_DEVICE, deviceType: 'sat', line: expect.stringContaining(DISK_LINE_DEVICE), skippedBecause: null },
      { diskKey: 'loop:/x.img', device: '/dev/loop3', deviceType: null, line: null, skippedBecause: 'SMART is not available on it' },
    ]);
    expect(readFileSync(conf, 'utf8')).toBe(stock);
  });

  it('applies with a backup of the old file, writes the notify wrapper, audits, and is idempotent', async () => {
    const admin = '# my own line\n/dev/sdz -a -m admin@example.com\n';
    writeFileSync(conf, admin, { mode: 0o600 });
    const { m } = manager([SMARTD_V, SMARTD_V, SMARTD_V]);
    const r = await m.apply({ reload: false, actor: 'alice' });
    expect(r.written).toBe(true);
    expect(r.backupPath).toBe(`${conf}.poolwatch-2026-11-26T15-00-00-000Z.bak`);
    expect(readFileSync(r.backupPath!, 'utf8')).toBe(admin);
    const written = readFileSync(conf, 'utf8');
    expect(written.startsWith(admin)).toBe(true);
    expect(written).toContain(`${BEGIN_MARKER}\n`);
    expect(written.trimEnd().endsWith(END_MARKER)).toBe(true);
    expect(statSync(conf).mode & 0o777).toBe(0o600); // the admin's permissions are kept
    expect(r.config.changed).toBe(false);
    const wrapper = join(dir, 'smartd-notify.sh');
    expect(readFileSync(wrapper, 'utf8')).toBe(notifyWrapperScript('/usr/bin/node', NOTIFY_SCRIPT, join(dir, 'smartd-events.jsonl')));
    expect(statSync(wrapper).mode & 0o111).not.toBe(0);
    expect(r.reload).toEqual({ attempted: false, ok: false, message: 'not asked to reload' });
    expect(new AuditStore(db).list()[0]).toMatchObject({ actor: 'alice', action: 'smartd.apply', target: conf, outcome: 'ok', details: { written: true, monitored: [DISK_LINE_DEVICE] } });

    const again = await manager([SMARTD_V, SMARTD_V]).m.apply({ reload: false, actor: 'alice' });
    expect(again).toMatchObject({ written: false, backupPath: null });
    expect(readFileSync(conf, 'utf8')).toBe(written);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
  });

  it('creates a missing file without a backup, and reloads a running smartd with SIGHUP when there is no systemd', async () => {
    const { m, host } = manager([SMARTD_V, SMARTD_V, { file: 'kill', args: ['-HUP', '--', '42'], result: ok('') }, SMARTD_V]);
    const r = await m.apply({ reload: true, actor: 'alice' });
    expect(r).toMatchObject({ written: true, backupPath: null, reload: { attempted: true, ok: true, message: 'kill -HUP -- 42: smartd re-reads its configuration' } });
    expect(host.calls).toContain('kill -HUP -- 42');
    expect(new AuditStore(db).list().map((e) => e.action)).toEqual(['smartd.reload', 'smartd.apply']);
  });

  it('reloads through systemctl under systemd', async () => {
    const units: PlannedCommand[] = [
      { file: 'systemctl', args: ['is-enabled', '--', 'smartd'], result: ok('enabled\n') },
      { file: 'systemctl', args: ['is-active', '--', 'smartd'], result: ok('active\n') },
    ];
    const { m, host } = manager([SMARTD_V, ...units, { file: 'systemctl', args: ['reload', '--', 'smartd'], result: ok('') }], PROC_FILES, { ...PROC, '/run/systemd/system': [] });
    const r = await m.apply({ reload: true, actor: 'alice' });
    expect(r.reload).toMatchObject({ attempted: true, ok: true });
    expect(host.calls).toContain('systemctl reload -- smartd');
  });

  it('refuses to touch a file whose poolwatch block has lost its end marker', async () => {
    writeFileSync(conf, `${BEGIN_MARKER}\n/dev/sda -a\n`);
    await expect(manager().m.apply({ reload: false, actor: 'alice' })).rejects.toThrow(/has no "# END poolwatch"/);
    expect(readFileSync(conf, 'utf8')).toBe(`${BEGIN_MARKER}\n/dev/sda -a\n`);
  });

  it('a file the machine refuses (its folder is gone) is a clear conflict naming the file, not an internal error', async () => {
    conf = join(dir, 'no-such-folder', 'smartd.conf');
    const err = await manager().m.apply({ reload: false, actor: 'alice' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/^could not write smartd's configuration: ENOENT.*no-such-folder\/smartd\.conf.*was not replaced/);
    expect(new AuditStore(db).list({ limit: 1 })[0]).toMatchObject({ action: 'smartd.apply', outcome: 'failed' });
  });

  it('shows the events smartd left through the notify command, newest first, skipping broken lines', async () => {
    const events = join(dir, 'smartd-events.jsonl');
    // the real notify script, as smartd would run it: no arguments but the wrapper's, SMARTD_* in the environment
    const env = { PATH: process.env.PATH ?? '', SMARTD_DEVICE: '/dev/sda', SMARTD_DEVICETYPE: 'sat', SMARTD_FAILTYPE: 'CurrentPendingSector', SMARTD_MESSAGE: 'Device: /dev/sda [SAT], 8 Currently unreadable (pending) sectors' };
    const out = execFileSync(process.execPath, [NOTIFY_SCRIPT, events], { env, encoding: 'utf8' });
    expect(out).toBe(''); // smartd treats any output as an error in the script
    writeFileSync(events, `${readFileSync(events, 'utf8')}{"at": broken\n`);
    const wrapper = join(dir, 'smartd-notify.sh');
    writeFileSync(wrapper, notifyWrapperScript(process.execPath, NOTIFY_SCRIPT, events), { mode: 0o755 });
    execFileSync(wrapper, [], { env: { ...env, SMARTD_FAILTYPE: 'Temperature', SMARTD_MESSAGE: 'Temperature 56 Celsius reached limit of 55 Celsius' } });

    const view = await manager().m.view();
    expect(view.events.map((e) => [e.failType, e.device])).toEqual([['Temperature', '/dev/sda'], ['CurrentPendingSector', '/dev/sda']]);
    expect(SmartdEvent.array().parse(view.events)[1]?.message).toContain('8 Currently unreadable');
  });
});
