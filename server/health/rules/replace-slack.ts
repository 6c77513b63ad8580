import type { HealthRule } from '../context.ts';
import { commandText } from '../command.ts';
import { describeMember, formatBytes, mountPointFor } from '../pool-facts.ts';
import { makeAlert } from './make-alert.ts';

// btrfs sizes members in whole sectors, so a few KiB of slack is rounding, not a replacement's leftover.
export const MIN_SLACK_BYTES = 1024 * 1024;

/** A member with slack (typically a larger replacement still at the old size): advise resize to max. */
export const replaceSlackRule: HealthRule = (pool, ctx) =>
  (ctx.slack ?? [])
    .filter((s) => s.slackBytes >= MIN_SLACK_BYTES)
    .map((s) =>
      makeAlert(
        'replace-slack',
        {
          member: describeMember(pool, s.devid),
          slack: formatBytes(s.slackBytes),
          command: commandText(['btrfs', 'filesystem', 'resize', `${s.devid}:max`, mountPointFor(pool, ctx.mountRoot)]),
        },
        s.devid,
      ),
    );
