/**
 * smartd: is it installed, enabled, running; the poolwatch block for smartd.conf (preview, diff,
 * apply with a backup); the notify command smartd runs; the events it left for poolwatch.
 */
import { join } from 'node:path';
import {
  SmartdEvent,
  type SmartdApplyResponse,
  type SmartdConfigResponse,
  type SmartdMonitoredDisk,
  type SmartdStatus,
} from '../../contracts/smart.ts';
import type { Clock } from '../clock.ts';
import { ConflictError } from '../errors.ts';
import type { SmartConfig } from '../config.ts';
import type { ConfigFiles } from '../host/config-files.ts';
import type { Host } from '../host/host.ts';
import { HostError } from '../host/host-error.ts';
import { smartdCmd } from '../host/smart-commands.ts';
import type { AuditStore } from '../store/audit-store.ts';
import { lineDiff, smartdBlock, smartdSafe, withSmartdBlock, type SmartdDisk } from './smartd-config.ts';

/** The notify script smartd's wrapper runs (kept in the repository, beside this file). */
export const NOTIFY_SCRIPT = join(import.meta.dirname, 'smartd-notify.mjs');
/** Events shown on the page; the file itself keeps growing and the admin may truncate it. */
const MAX_EVENTS = 100;
/** Only the end of the events file is read: enough for MAX_EVENTS lines of a few hundred bytes. */
const EVENTS_TAIL_BYTES = 256 * 1024;

type Enabled = SmartdStatus['enabled'];
type Active = SmartdStatus['active'];

function enabledOf(text: string): Enabled | null {
  const t = text.trim();
  if (/^enabled/.test(t) || t === 'linked' || t === 'indirect' || t === 'generated' || t === 'transient') return 'enabled';
  if (t === 'disabled') return 'disabled';
  if (t === 'static') return 'static';
  if (/^masked/.test(t)) return 'masked';
  if (t === 'not-found') return 'not-found';
  return null;
}

function activeOf(text: string): Active | null {
  const t = text.trim();
  const known: Active[] = ['active', 'inactive', 'failed', 'activating', 'deactivating', 'reloading'];
  return (known as string[]).includes(t) ? (t as Active) : null;
}

/** PIDs of running smartd processes, from /proc (no process spawn, works without systemd). */
export async function smartdPids(host: Host): Promise<number[] | null> {
  const entries = await host.readDir('/proc');
  if (!entries) return null;
  const pids: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const comm = await host.readFile(`/proc/${e}/comm`).catch(() => null);
    if (comm?.trim() === 'smartd') pids.push(Number(e));
  }
  return pids;
}

async function systemctl(host: Host, spec: ReturnType<typeof smartdCmd.isActive>): Promise<{ stdout: string; stderr: string; exitCode: number } | null> {
  try {
    return await host.run(spec);
  } catch (err) {
    if (err instanceof HostError) return null;
    throw err;
  }
}

export async function smartdStatus(host: Host, smartdBinary = 'smartd'): Promise<SmartdStatus> {
  let version: string | null = null;
  let installed = false;
  try {
    const out = await host.run(smartdCmd.version(smartdBinary));
    installed = true;
    const text = `${out.stdout}\n${out.stderr}`;
    version = /smartmontools release \S+/.exec(text)?.[0] ?? text.split('\n').find((l) => l.trim() !== '')?.trim() ?? null;
  } catch (err) {
    if (!(err instanceof HostError)) throw err;
    installed = err.detail.errno !== 'ENOENT';
  }
  const pids = await smartdPids(host);
  const running = pids === null ? null : pids.length > 0;
  // sd_booted(): systemd is the init system when this folder exists.
  const systemd = (await host.readDir('/run/systemd/system')) !== null;
  if (!systemd) {
    return { installed, version, systemd, unit: null, enabled: 'unknown', active: 'unknown', running, note: 'systemd is not the init system here: the service state is unknown; "running" comes from the process list.' };
  }
  // Debian names the unit smartmontools and makes smartd an alias of it.
  let unit = 'smartd';
  let enabledOut = await systemctl(host, smartdCmd.isEnabled(unit));
  if (enabledOut && /^(alias|not-found)\s*$/.test(enabledOut.stdout) ) {
    const other = await systemctl(host, smartdCmd.isEnabled('smartmontools'));
    if (other && enabledOf(other.stdout) && enabledOf(other.stdout) !== 'not-found') {
      unit = 'smartmontools';
      enabledOut = other;
    }
  }
  const activeOut = await systemctl(host, smartdCmd.isActive(unit));
  const enabled = enabledOut ? enabledOf(enabledOut.stdout) : null;
  const active = activeOut ? activeOf(activeOut.stdout) : null;
  const note = enabled === null || active === null
    ? `systemctl did not answer for ${unit}: ${(activeOut?.stderr || enabledOut?.stderr || 'not available').trim().split('\n')[0]}`
    : null;
  return { installed, version, systemd, unit, enabled: enabled ?? 'unknown', active: active ?? 'unknown', running, note };
}

/** A disk as the SMART service sees it, for the smartd block. */
export interface SmartdCandidate {
  diskKey: string;
  /** Preferred stable name and device path. */
  device: string | null;
  disk: SmartdDisk | null;
  /** Why it is left out, when `disk` is null. */
  skippedBecause: string | null;
}

export interface SmartdDeps {
  host: Host;
  files: ConfigFiles;
  audit: AuditStore;
  config: Pick<SmartConfig, 'smartd' | 'smartdConf' | 'smartdEventsFile' | 'smartdNotifyWrapper'>;
  clock: Clock;
  candidates: () => Promise<SmartdCandidate[]>;
  /** node that runs the notify script; the server's own by default. */
  nodeBinary?: string;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** smartd runs `-M exec PATH` without arguments: this wrapper supplies node, the script and the events file. */
export function notifyWrapperScript(nodeBinary: string, script: string, eventsFile: string): string {
  return [
    '#!/bin/sh',
    '# Written by poolwatch: smartd runs this (-M exec) when it warns about a disk; it records the',
    '# warning for poolwatch to show. Re-written on every smartd apply.',
    `exec ${shellQuote(nodeBinary)} ${shellQuote(script)} ${shellQuote(eventsFile)}`,
    '',
  ].join('\n');
}

export class SmartdManager {
  constructor(private readonly deps: SmartdDeps) {}

  private async plan() {
    const { files, config } = this.deps;
    const notify = config.smartdNotifyWrapper;
    const candidates = await this.deps.candidates();
    const disks: SmartdMonitoredDisk[] = [];
    const monitored: SmartdDisk[] = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      let skipped = c.skippedBecause;
      if (!skipped && c.disk && !smartdSafe(c.disk.device)) skipped = `its device name ${JSON.stringify(c.disk.device)} cannot be written in smartd.conf`;
      if (!skipped && c.disk && seen.has(c.disk.device)) skipped = `${c.disk.device} is already listed`;
      if (!skipped && c.disk) {
        seen.add(c.disk.device);
        monitored.push(c.disk);
      }
      disks.push({ diskKey: c.diskKey, device: c.disk?.device ?? c.device, deviceType: c.disk?.deviceType ?? null, line: null, skippedBecause: c.disk && !skipped ? null : skipped ?? 'no SMART data' });
    }
    const block = smartdBlock(monitored, notify);
    for (const d of disks) {
      if (d.skippedBecause === null) d.line = block.find((l) => l.startsWith(`${d.device} `)) ?? null;
    }
    const current = await files.read(config.smartdConf);
    const { text: preview, notes } = withSmartdBlock(current, block);
    if (!smartdSafe(notify)) notes.push(`The notify command path ${notify} contains spaces or "#": smartd cannot run it; set POOLWATCH_DATA_DIR to a simpler path.`);
    return { block, current, preview, notes, disks, notify };
  }

  async events(): Promise<SmartdConfigResponse['events']> {
    const text = await this.deps.files.readTail(this.deps.config.smartdEventsFile, EVENTS_TAIL_BYTES);
    if (!text) return [];
    const out: SmartdConfigResponse['events'] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const e = SmartdEvent.safeParse(JSON.parse(line));
        if (e.success) out.push(e.data);
      } catch {
        // a line cut by a crash mid-write: skip it
      }
    }
    return out.reverse().slice(0, MAX_EVENTS);
  }

  async view(): Promise<SmartdConfigResponse> {
    const [status, p, events] = await Promise.all([smartdStatus(this.deps.host, this.deps.config.smartd), this.plan(), this.events()]);
    return {
      status,
      confPath: this.deps.config.smartdConf,
      confExists: p.current !== null,
      block: p.block,
      preview: p.preview,
      diff: lineDiff(p.current ?? '', p.preview),
      changed: p.current !== p.preview,
      disks: p.disks,
      notes: p.notes,
      notifyCommand: p.notify,
      events,
    };
  }

  /** Writes the block (backup first), the notify wrapper, and optionally reloads smartd. */
  async apply(opts: { reload: boolean; actor: string }): Promise<SmartdApplyResponse> {
    const { files, config, audit } = this.deps;
    const at = this.deps.clock.now();
    const p = await this.plan();
    let backupPath: string | null = null;
    const written = p.current !== p.preview;
    try {
      await files.writeAtomic(config.smartdNotifyWrapper, notifyWrapperScript(this.deps.nodeBinary ?? process.execPath, NOTIFY_SCRIPT, config.smartdEventsFile), 0o755);
      if (written) {
        if (p.current !== null) {
          backupPath = `${config.smartdConf}.poolwatch-${at.toISOString().replace(/[:.]/g, '-')}.bak`;
          await files.copyNew(config.smartdConf, backupPath);
        }
        await files.writeAtomic(config.smartdConf, p.preview, 0o644);
      }
    } catch (err) {
      audit.record({
        at: at.toISOString(), actor: opts.actor, action: 'smartd.apply', poolUuid: null, target: config.smartdConf,
        argv: null, exitCode: null, outcome: 'failed', stderr: (err as Error).message, details: { backupPath },
      });
      // The machine refused the file (a missing folder, a read-only /etc, no permission): the admin's
      // to fix, said plainly, not an internal error.
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string') throw err;
      throw new ConflictError(
        `could not write smartd's configuration: ${(err as Error).message}; ${written ? `${config.smartdConf} was not replaced` : 'nothing was changed'}${backupPath ? ` (backup at ${backupPath})` : ''}`,
        { code, backupPath },
      );
    }
    audit.record({
      at: at.toISOString(), actor: opts.actor, action: 'smartd.apply', poolUuid: null, target: config.smartdConf,
      argv: null, exitCode: null, outcome: 'ok',
      details: { written, backupPath, monitored: p.disks.filter((d) => d.skippedBecause === null).map((d) => d.device) },
    });
    const reload = opts.reload ? await this.reload(opts.actor) : { attempted: false, ok: false, message: 'not asked to reload' };
    return { written, backupPath, reload, config: await this.view() };
  }

  private async reload(actor: string): Promise<SmartdApplyResponse['reload']> {
    const status = await smartdStatus(this.deps.host, this.deps.config.smartd);
    let spec;
    if (status.systemd && status.unit && status.active === 'active') {
      spec = smartdCmd.reload(status.unit);
    } else if (status.running) {
      const pid = (await smartdPids(this.deps.host))?.[0];
      if (pid !== undefined) spec = smartdCmd.hangUp(pid);
    }
    if (!spec) return { attempted: false, ok: false, message: 'smartd is not running: start it to use the new configuration' };
    const record = (outcome: 'ok' | 'failed', exitCode: number | null, stderr: string | null) =>
      this.deps.audit.record({
        at: this.deps.clock.now().toISOString(), actor, action: 'smartd.reload', poolUuid: null, target: status.unit ?? 'smartd',
        argv: [spec.file, ...spec.args], exitCode, outcome, stderr,
      });
    try {
      const out = await this.deps.host.run(spec);
      record('ok', out.exitCode, out.stderr || null);
      return { attempted: true, ok: true, message: `${[spec.file, ...spec.args].join(' ')}: smartd re-reads its configuration` };
    } catch (err) {
      if (!(err instanceof HostError)) throw err;
      record('failed', err.detail.exitCode, err.detail.stderr);
      return { attempted: true, ok: false, message: err.message };
    }
  }
}
