/**
 * The space engine (pure): will an operation fit on this pool, and what would a member's failure
 * mean? API and rules: docs/decisions/013-space-engine.md; measurements: docs/recovery-space.md.
 */
export { spaceFactsOf, type SpaceFacts, type SpaceMember } from './facts.ts';
export {
  addThenRemoveVerdict, convertVerdict, fullBalanceVerdict, removeDeviceVerdict, removeMissingVerdict, replaceVerdict,
  type ReplaceInput,
} from './operations.ts';
export { resilienceForecast, failuresTolerated } from './forecast.ts';
export { poolSpace, type PoolSpaceOptions } from './pool-space.ts';
