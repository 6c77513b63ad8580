/** Schedules: anyone logged in sees them and their next run; admins change them. */
import { Router } from 'express';
import { z } from 'zod';
import { RecommendedSchedulesRequest, ScheduleInput, type SchedulesResponse } from '../../../contracts/schedules.ts';
import type { Scheduler } from '../../schedules/scheduler.ts';
import { actorOf } from '../auth.ts';
import { parseInput } from '../../validation.ts';

const ScheduleId = z.string().regex(/^sch-[\w-]{1,64}$/, 'a schedule id');

export function scheduleRoutes(scheduler: Scheduler): Router {
  const r = Router();
  const id = (raw: unknown) => parseInput(ScheduleId, raw, 'bad schedule id');

  r.get('/schedules', (_req, res) => {
    const body: SchedulesResponse = { schedules: scheduler.list() };
    res.json(body);
  });

  r.post('/schedules', async (req, res) => {
    res.status(201).json({ schedule: await scheduler.create(parseInput(ScheduleInput, req.body, 'bad schedule'), actorOf(req)) });
  });

  r.post('/schedules/recommended', async (req, res) => {
    const { poolUuid } = parseInput(RecommendedSchedulesRequest, req.body, 'bad request (expected { "poolUuid": "…" })');
    res.status(201).json(await scheduler.recommended(poolUuid, actorOf(req)));
  });

  r.put('/schedules/:id', async (req, res) => {
    res.json({ schedule: await scheduler.update(id(req.params.id), parseInput(ScheduleInput, req.body, 'bad schedule'), actorOf(req)) });
  });

  r.delete('/schedules/:id', (req, res) => {
    scheduler.delete(id(req.params.id), actorOf(req));
    res.status(204).end();
  });
  return r;
}
