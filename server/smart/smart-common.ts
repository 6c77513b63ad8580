/**
 * What the SMART parts share (server/smart: reader, self-tests, ERC, the SmartService facade): the
 * attached-disk guard, the slice of the JobRunner they start jobs on, and how smartctl's words are
 * shown.
 */
import type { Disk } from '../../contracts/api.ts';
import type { SmartDiskReport, SmartJobStartedResponse, SmartReport } from '../../contracts/smart.ts';
import type { JobContext } from '../jobs/job-runner.ts';

/** What a job body uses of the JobRunner's context (server/jobs/job-runner.ts): commands are recorded and audited there. */
export type SmartJobContext = Pick<JobContext, 'signal' | 'exec' | 'setProgress' | 'log' | 'setResult' | 'sleep'>;

export type SmartJobKind = SmartJobStartedResponse['kind'];

/** The slice of the JobRunner the SMART parts need (the JobRunner itself satisfies it). */
export interface SmartJobStarter {
  start(job: {
    kind: SmartJobKind;
    poolUuid: string | null;
    target: string | null;
    actor: string;
    exclusive: boolean;
    action?: string;
    run: (ctx: SmartJobContext) => Promise<void>;
    cancel?: (ctx: SmartJobContext) => Promise<void>;
  }): Promise<{ id: string }>;
  wait(id: string): Promise<{ state: string; error: string | null }>;
  cancel(id: string, actor: string): Promise<unknown>;
}

export type AttachedDisk = Disk & { path: string };

export function isAttached(d: Disk): d is AttachedDisk {
  return d.attached && d.path !== null;
}

/** A report that holds SMART data (not "unavailable"), else null. */
export function diskReport(report: SmartReport | null | undefined): SmartDiskReport | null {
  return report && report.protocol !== 'unavailable' ? report : null;
}

/** The lines smartctl printed after its banner: what it has to say about a command. */
export function smartctlSays(stdout: string): string {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^smartctl \d|^Copyright \(C\)|^===/.test(l));
  return lines.slice(0, 4).join(' ');
}
