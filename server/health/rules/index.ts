/**
 * Every health rule, keyed by the alert code it raises: the Record type makes a new code in
 * contracts/health.ts fail to compile until it has a rule.
 */
import type { AlertCode } from '../../../contracts/health.ts';
import type { HealthRule } from '../context.ts';
import { atMinimumMembersRule } from './at-minimum-members.ts';
import { deviceErrorsRule } from './device-errors.ts';
import { deviceMissingRule } from './device-missing.ts';
import { mixedProfilesRule } from './mixed-profiles.ts';
import { mountedDegradedRule } from './mounted-degraded.ts';
import { noSpareDiskRule } from './no-spare-disk.ts';
import { operationRunningRule } from './operation-running.ts';
import { parityProfileRule } from './parity-profile.ts';
import { poolUnreadableRule } from './pool-unreadable.ts';
import { readProblemRule } from './read-problem.ts';
import { redundancyExceededRule } from './redundancy-exceeded.ts';
import { replaceSlackRule } from './replace-slack.ts';
import { smartFailingRule, smartWarningRule, staleMemberRule } from './smart.ts';
import { unknownProfileRule } from './unknown-profile.ts';

export const HEALTH_RULES: Readonly<Record<AlertCode, HealthRule>> = {
  'device-missing': deviceMissingRule,
  'redundancy-exceeded': redundancyExceededRule,
  'device-errors': deviceErrorsRule,
  'mixed-profiles': mixedProfilesRule,
  'at-minimum-members': atMinimumMembersRule,
  'no-spare-disk': noSpareDiskRule,
  'parity-profile': parityProfileRule,
  'replace-slack': replaceSlackRule,
  'mounted-degraded': mountedDegradedRule,
  'unknown-profile': unknownProfileRule,
  'operation-running': operationRunningRule,
  'read-problem': readProblemRule,
  'pool-unreadable': poolUnreadableRule,
  'smart-failing': smartFailingRule,
  'smart-warning': smartWarningRule,
  'stale-member': staleMemberRule,
};
