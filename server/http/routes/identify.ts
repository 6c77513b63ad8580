/**
 * Identify a disk (ADR 024): GET the plan (method, commands, what the admin will see), POST to
 * start the `identify-disk` job. Reads need a logged-in user, the POST an admin (server/http/auth.ts).
 */
import { Router } from 'express';
import { IdentifyRequest, type IdentifyPlan, type IdentifyStarted } from '../../../contracts/identify.ts';
import type { IdentifyService } from '../../services/identify-service.ts';
import { parseInput } from '../../validation.ts';
import { actorOf } from '../auth.ts';
import { diskKey } from '../params.ts';


export function identifyRoutes(service: IdentifyService): Router {
  const r = Router();

  r.get('/disks/:key/identify', async (req, res) => {
    const seconds = typeof req.query.seconds === 'string' ? Number(req.query.seconds) : undefined;
    const input = parseInput(IdentifyRequest, seconds === undefined ? {} : { seconds }, 'bad identify request (expected ?seconds=5…600)');
    const out: IdentifyPlan = await service.plan(diskKey(req), input);
    res.json(out);
  });

  r.post('/disks/:key/identify', async (req, res) => {
    const input = parseInput(IdentifyRequest, req.body ?? {}, 'bad identify request (expected { "seconds": 5…600 })');
    const out: IdentifyStarted = await service.start(diskKey(req), input, actorOf(req));
    res.status(202).json(out);
  });

  return r;
}
