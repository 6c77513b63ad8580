import type { Pool } from '../../../contracts/api.ts';
import type { SpaceVerdict } from '../../../contracts/space.ts';
import type { JobProgress } from '../../../contracts/jobs.ts';
import type { CommandSpec, Host } from '../../host/host.ts';
import type { Snapshot } from '../../inventory/inventory-service.ts';
import type { InventoryStore } from '../../store/inventory-store.ts';
import type { JobContext, JobRunner } from '../job-runner.ts';

/** What an action's pre-flight may look at: the current snapshot, and read-only host access. */
export interface ActionEnv {
  pool: Pool;
  snapshot: Snapshot;
  /** For status reads during the pre-flight (balance/scrub status, fi usage); never for changes. */
  host: Host;
  runner: JobRunner;
  /** Where managed pools are mounted (POOLWATCH_MOUNT_ROOT, default /mnt2). */
  mountRoot: string;
  managed: boolean;
  counters: InventoryStore;
  now: () => Date;
  /** Who asked (username or `token:<name>`): the counter history records who reset. */
  actor: string;
}

/** An action after its pre-flight: what it will run, and how. */
export interface PreparedAction {
  target: string | null;
  exclusive: boolean;
  /** Needs the typed pool label (destructive). */
  confirm: boolean;
  /** The target disk's serial (or by-id name) the admin types after the label; absent when no disk is targeted. */
  confirmTarget?: string | null;
  /** The commands it will run, in order, for the admin to see first. */
  commands: CommandSpec[];
  warnings: string[];
  nextSteps: string[];
  /** What the pre-flight found, for the job log. */
  log: string[];
  run: (ctx: JobContext) => Promise<void>;
  /** The space verdict the pre-flight computed (shown in the dry-run plan). */
  space?: SpaceVerdict | null;
  progress?: () => Promise<Partial<JobProgress> | null>;
  cancellable?: boolean;
}

export type ActionHandler<B> = (env: ActionEnv, body: B) => Promise<PreparedAction>;
