/**
 * SMART routes: per-disk reports, refresh, device-type override, self-tests and ERC (as jobs),
 * and smartd. Reads need a logged-in user, changes an admin (server/http/auth.ts guards /api).
 */
import { Router, type Request } from 'express';
import { parseInput } from '../../validation.ts';
import type { z } from 'zod';
import {
  SmartDeviceTypeRequest,
  SmartErcRequest,
  SmartSelfTestRequest,
  SmartdApplyRequest,
  type DiskSmartResponse,
  type SmartAbortResponse,
  type SmartErcResponse,
  type SmartJobStartedResponse,
  type SmartSummaryResponse,
  type SmartdApplyResponse,
  type SmartdConfigResponse,
} from '../../../contracts/smart.ts';
import type { SmartService } from '../../smart/smart-service.ts';
import type { SmartdManager } from '../../smart/smartd.ts';
import { actorOf } from '../auth.ts';
import { diskKey } from '../params.ts';


const body = <S extends z.ZodType>(schema: S, req: Request, what: string) => parseInput(schema, req.body, `bad ${what}`);

export function smartRoutes(service: SmartService, smartd: SmartdManager): Router {
  const r = Router();

  r.get('/smart', async (_req, res) => {
    const out: SmartSummaryResponse = { disks: await service.summaries(), refreshMinutes: service.refreshMinutes };
    res.json(out);
  });

  r.get('/disks/:key/smart', async (req, res) => {
    const out: DiskSmartResponse = await service.disk(diskKey(req));
    res.json(out);
  });

  r.post('/disks/:key/smart/refresh', async (req, res) => {
    const out: DiskSmartResponse = await service.refresh(diskKey(req), actorOf(req));
    res.json(out);
  });

  r.put('/disks/:key/smart/device-type', async (req, res) => {
    const input = body(SmartDeviceTypeRequest, req, 'device type (expected { "deviceType": "sat" | "megaraid,1" | … | null })');
    const out: DiskSmartResponse = await service.setDeviceType(diskKey(req), input.deviceType, actorOf(req));
    res.json(out);
  });

  r.post('/disks/:key/smart/self-test', async (req, res) => {
    const input = body(SmartSelfTestRequest, req, 'self-test request (expected { "type": "short" | "long" | "conveyance" })');
    const out: SmartJobStartedResponse = await service.selfTests.start(diskKey(req), input, actorOf(req));
    res.status(202).json(out);
  });

  r.post('/disks/:key/smart/self-test/abort', async (req, res) => {
    const out: SmartAbortResponse = await service.selfTests.abort(diskKey(req), actorOf(req));
    res.json(out);
  });

  r.get('/disks/:key/erc', async (req, res) => {
    // From the last SMART report (no disk woken); ?fresh=1 asks the drive now.
    const out: SmartErcResponse = await service.erc.read(diskKey(req), { fresh: req.query.fresh === '1' });
    res.json(out);
  });

  r.post('/disks/:key/erc', async (req, res) => {
    const input = body(SmartErcRequest, req, 'ERC request (expected { "readDeciseconds": 70, "writeDeciseconds": 70 })');
    const out: SmartJobStartedResponse = await service.erc.set(diskKey(req), input, actorOf(req));
    res.status(202).json(out);
  });

  r.get('/smartd', async (_req, res) => {
    const out: SmartdConfigResponse = await smartd.view();
    res.json(out);
  });

  r.post('/smartd/apply', async (req, res) => {
    const input = body(SmartdApplyRequest, req, 'smartd apply request (expected { "reload": true | false })');
    const out: SmartdApplyResponse = await smartd.apply({ reload: input.reload, actor: actorOf(req) });
    res.json(out);
  });

  return r;
}
