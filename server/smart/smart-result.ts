/**
 * Pure pieces of the SMART feature: smartctl output → { report, assessment }, a disk's status and
 * one-line summary, ERC warnings for redundant pool members, replace advice for a failing member,
 * and the key counters kept as history. No I/O: the service feeds them what it read.
 */
import type { Disk, Pool } from '../../contracts/api.ts';
import type {
  SmartAssessment,
  SmartDiskReport,
  SmartDiskStatus,
  SmartDiskWarning,
  SmartErc,
  SmartReplaceAdvice,
  SmartReport,
  SmartResult,
} from '../../contracts/smart.ts';
import { ERC_RECOMMENDED_DECISECONDS } from '../../contracts/smart.ts';
import { mountPointFor } from '../health/pool-facts.ts';
import { poolRedundancy } from '../health/profiles.ts';
import { assessSmart } from '../health/smart-assessment.ts';
import { smartKeyCounters } from '../health/smart-counters.ts';
import { parseSmartctlJson, parseSmartctlText } from '../parsers/smartctl.ts';

/**
 * Up to 10 s still lets a drive give up on a bad sector well inside the kernel's 30 s SCSI command
 * timer, so btrfs reads the other copy instead of the link being reset; above that, warn.
 */
export const ERC_MAX_OK_DECISECONDS = 100;

/** smartctl output of either form: JSON (`-j`) when it starts with `{`, the text report otherwise. */
export function parseSmartctlOutput(text: string, exitCode?: number): SmartReport {
  return text.trimStart().startsWith('{') ? parseSmartctlJson(text, exitCode) : parseSmartctlText(text, exitCode);
}

/** What `poolwatch parse smartctl` prints: the model and its assessment. */
export function smartResultOf(text: string, exitCode?: number): SmartResult {
  const report = parseSmartctlOutput(text, exitCode);
  return { report, assessment: assessSmart(report) };
}

/** A report that carries no health data at all: a virtual disk or RAID volume answering as SCSI. */
export function hasNoHealthData(report: SmartDiskReport): boolean {
  if (report.passed !== null) return false;
  if (report.protocol === 'ata') return report.attributes.length === 0;
  if (report.protocol === 'nvme') return report.health === null;
  const s = report.scsi;
  return s.grownDefects === null && s.percentageUsedEndurance === null && !s.errorCounters.read && !s.errorCounters.write && !s.errorCounters.verify;
}

export interface StatusInput {
  report: SmartReport | null;
  assessment: SmartAssessment | null;
  error: string | null;
}

/** The disk's status for the page and the one line that explains it. */
export function diskStatusOf(check: StatusInput | null): { status: SmartDiskStatus; summary: string } {
  if (!check) return { status: 'not-checked', summary: 'SMART has not been read from this disk yet.' };
  if (check.error !== null || !check.report) return { status: 'error', summary: `SMART read failed: ${check.error ?? 'no output'}` };
  const r = check.report;
  if (r.protocol === 'unavailable') {
    const detail = r.messages[0] ? ` (${r.messages[0]})` : '';
    // smartctl does not know how to talk to it at all (loop devices, unknown bridges): a fact about the device.
    if (r.reason === 'unsupported-device') return { status: 'not-available', summary: `SMART not available: this device has no SMART${detail}.` };
    return { status: 'error', summary: `SMART read failed: ${r.reason.replace(/-/g, ' ')}${detail}.` };
  }
  if (hasNoHealthData(r)) {
    return { status: 'not-available', summary: 'SMART not available: the device returns no health data (a virtual disk or RAID volume; behind a controller, set its -d type).' };
  }
  const a = check.assessment ?? assessSmart(r);
  const top = a.reasons.find((x) => x.code !== 'smart-unavailable') ?? a.reasons[0];
  const summary = top ? top.message : r.passed === true ? 'SMART overall health: PASSED, nothing of concern.' : 'SMART gave no verdict.';
  return { status: a.status, summary };
}

/** A member of a pool that survives losing a disk: where a hung read should fail fast. */
export function isRedundantMember(disk: Pick<Disk, 'pool' | 'attached'>, pools: readonly Pool[]): boolean {
  if (!disk.pool || !disk.attached) return false;
  const pool = pools.find((p) => p.uuid === disk.pool?.uuid);
  if (!pool) return false;
  const r = poolRedundancy(pool.profiles);
  return r.known && r.failuresTolerated >= 1;
}

const seconds = (ds: number) => `${(ds / 10).toFixed(1)} s`;

/** ERC warnings for a redundant member (ATA only: NVMe and SCSI have their own recovery settings). */
export function ercWarnings(erc: SmartErc | null, redundantMember: boolean, devicePath: string | null): SmartDiskWarning[] {
  if (!redundantMember || !erc) return [];
  if (erc.state === 'unsupported') {
    const timeout = devicePath ? `/sys/block/${devicePath.replace(/^\/dev\//, '')}/device/timeout` : 'the device\'s /sys/block/<dev>/device/timeout';
    return [{
      code: 'erc-unsupported',
      message: `This drive has no SCT Error Recovery Control: on a bad sector it may retry for minutes, past the kernel's 30 s command timeout, and be reset or dropped from the pool instead of btrfs reading the other copy. Prefer a NAS drive; otherwise raise ${timeout} to 180.`,
    }];
  }
  if (erc.state !== 'supported') return [];
  const late = (t: { enabled: boolean; deciseconds: number | null }) => !t.enabled || t.deciseconds === null || t.deciseconds > ERC_MAX_OK_DECISECONDS;
  if (!late(erc.read) && !late(erc.write)) return [];
  const show = (t: { enabled: boolean; deciseconds: number | null }) => (t.enabled && t.deciseconds !== null ? seconds(t.deciseconds) : 'disabled');
  return [{
    code: 'erc-not-set',
    message: `Error recovery control is read ${show(erc.read)} / write ${show(erc.write)}. In a redundant pool a drive should give up on a bad sector after about ${seconds(ERC_RECOMMENDED_DECISECONDS)} so btrfs repairs it from the other copy; set it to ${ERC_RECOMMENDED_DECISECONDS},${ERC_RECOMMENDED_DECISECONDS}.`,
  }];
}

/**
 * Replace-in-place advice for a present pool member whose SMART says failing or warning. `-r`
 * reads from the failing disk only when no other good copy exists, sparing it. An unmounted pool
 * is proposed a mount point under `mountRoot` (POOLWATCH_MOUNT_ROOT), like the maintenance guidance.
 */
export function replaceAdviceFor(
  disk: Pick<Disk, 'pool' | 'attached'>,
  pools: readonly Pool[],
  status: SmartDiskStatus,
  mountRoot?: string,
): SmartReplaceAdvice | null {
  if (status !== 'failing' && status !== 'warning') return null;
  if (!disk.attached || !disk.pool || disk.pool.devid === null) return null;
  const pool = pools.find((p) => p.uuid === disk.pool?.uuid);
  const member = pool?.devices.find((d) => d.devid === disk.pool?.devid && !d.missing);
  if (!pool || !member) return null;
  const devid = member.devid;
  const mountPoint = mountPointFor(pool, mountRoot);
  const redundancy = poolRedundancy(pool.profiles);
  const parity = redundancy.known && redundancy.parity;
  const errors = member.errors;
  const errorTotal = errors ? errors.write + errors.read + errors.flush + errors.corruption + errors.generation : 0;
  const urgency = status === 'failing' ? 'now' : 'plan';
  const parts = [
    status === 'failing'
      ? `SMART says this member (devid ${devid}) is failing while it still works: replace it now, in place.`
      : `SMART warns about this member (devid ${devid}): plan its replacement.`,
    errorTotal > 0 ? `btrfs has also counted ${errorTotal} I/O or checksum error${errorTotal === 1 ? '' : 's'} on it.` : 'btrfs has counted no errors on it so far.',
    'Use btrfs replace start -r with a new disk at least as large; avoid add-then-remove, which reads and writes far more on the failing disk.',
  ];
  if (!pool.mounted) parts.push(`The pool must be mounted (at ${mountPoint}) for the replace.`);
  if (parity) parts.push('This pool uses raid5/raid6, where replace is discouraged: prefer adding a disk, then removing this one.');
  return {
    poolUuid: pool.uuid,
    poolLabel: pool.label,
    devid,
    urgency,
    mountPoint,
    mounted: pool.mounted,
    command: ['btrfs', 'replace', 'start', '-r', String(devid), '<new-device>', mountPoint],
    parity,
    btrfsErrors: errors,
    message: parts.join(' '),
  };
}

/** The counters whose change is worth a history row; the trend rule compares the same ones. */
export function keyValuesOf(report: SmartDiskReport): Record<string, number> {
  return smartKeyCounters(report);
}
