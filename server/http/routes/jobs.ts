import { Router } from 'express';
import { parseInput } from '../../validation.ts';
import { JobsQuery, type JobResponse, type JobsResponse } from '../../../contracts/jobs.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import type { JobRunner } from '../../jobs/job-runner.ts';
import { actorOf } from '../auth.ts';
import { parseUuid } from '../params.ts';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseJobId(raw: string | undefined): string {
  if (!raw || !JOB_ID.test(raw)) throw new ValidationError(`invalid job id "${raw ?? ''}"`);
  return raw.toLowerCase();
}

/** GET /api/jobs, GET /api/jobs/:id, POST /api/jobs/:id/cancel. */
export function jobRoutes(jobs: JobRunner): Router {
  const r = Router();

  r.get('/jobs', (req, res) => {
    const q = parseInput(JobsQuery, req.query, 'bad jobs query', '(query)');
    const pool = q.pool === undefined ? undefined : parseUuid(q.pool);
    const body: JobsResponse = { jobs: jobs.list({ poolUuid: pool, active: q.active === 'true', limit: q.limit }) };
    res.json(body);
  });

  r.get('/jobs/:id', (req, res) => {
    const id = parseJobId(req.params.id);
    const job = jobs.get(id);
    if (!job) throw new NotFoundError(`no job ${id}`);
    const body: JobResponse = { job };
    res.json(body);
  });

  r.post('/jobs/:id/cancel', async (req, res) => {
    const job = await jobs.cancel(parseJobId(req.params.id), actorOf(req));
    const body: JobResponse = { job };
    res.status(202).json(body);
  });
  return r;
}
