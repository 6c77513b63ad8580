/** The actions feature's side of the API: plan (dry run) and start an action; the disks and jobs it needs. */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { ActionPlan, ActionPlanResponse, type ActionName } from '../../../contracts/actions.ts';
import { Job } from '../../../contracts/jobs.ts';
import { requestJson } from '../../shared/api/client.ts';
import { getDisks } from '../../shared/api/endpoints.ts';
import { jobListOptions } from '../../shared/api/job-queries.ts';
import { apiKeys } from '../../shared/api/keys.ts';

/** 202 answer of a started action. */
export const ActionStartedResponse = z.object({ job: Job, plan: ActionPlan });
export type ActionStartedResponse = z.infer<typeof ActionStartedResponse>;

/** Recent jobs enough to know what holds the pool and how the last scrub ended. */
const POOL_JOBS = 20;

const actionUrl = (uuid: string, action: ActionName) => `/api/pools/${encodeURIComponent(uuid)}/actions/${encodeURIComponent(action)}`;

export const planAction = (uuid: string, action: ActionName, body: Record<string, unknown>) =>
  requestJson('POST', actionUrl(uuid, action), ActionPlanResponse, { body: { ...body, dryRun: true } });

export const startAction = (uuid: string, action: ActionName, body: Record<string, unknown>) =>
  requestJson('POST', actionUrl(uuid, action), ActionStartedResponse, { body });

export const poolJobsQuery = (uuid: string) =>
  jobListOptions(apiKeys.jobList({ pool: uuid, limit: POOL_JOBS }), `/api/jobs?pool=${encodeURIComponent(uuid)}&limit=${POOL_JOBS}`);

export const actionDisksQuery = () => queryOptions({ queryKey: apiKeys.disks(), queryFn: ({ signal }) => getDisks(signal) });
