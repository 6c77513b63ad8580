/**
 * Notifications: channels (admin: they hold addresses and secrets), "send test", the delivery log
 * and the open problems. Changes need an admin (the guard in server/http/auth.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  ChannelInput,
  DeliveriesQuery,
  type ChannelResponse,
  type ChannelTestResponse,
  type ChannelsResponse,
  type DeliveriesResponse,
} from '../../../contracts/notify.ts';
import type { MonitorService } from '../../notify/monitor-service.ts';
import type { NotifyService } from '../../notify/notify-service.ts';
import type { NotifyStore } from '../../store/notify-store.ts';
import { actorOf, requireRole } from '../auth.ts';
import { parseInput } from '../../validation.ts';

const ChannelId = z.string().regex(/^(ch|env)-[\w-]{1,64}$/, 'a channel id');

export function notifyRoutes(deps: { notify: NotifyService; monitor: MonitorService; store: NotifyStore }): Router {
  const r = Router();
  const admin = requireRole('admin');
  const id = (raw: unknown) => parseInput(ChannelId, raw, 'bad channel id');

  r.get('/notify/channels', admin, (_req, res) => {
    const body: ChannelsResponse = { channels: deps.notify.views() };
    res.json(body);
  });

  r.post('/notify/channels', (req, res) => {
    const body: ChannelResponse = { channel: deps.notify.create(parseInput(ChannelInput, req.body, 'bad channel'), actorOf(req)) };
    res.status(201).json(body);
  });

  r.put('/notify/channels/:id', (req, res) => {
    const body: ChannelResponse = { channel: deps.notify.update(id(req.params.id), parseInput(ChannelInput, req.body, 'bad channel'), actorOf(req)) };
    res.json(body);
  });

  r.delete('/notify/channels/:id', (req, res) => {
    deps.notify.delete(id(req.params.id), actorOf(req));
    res.status(204).end();
  });

  r.post('/notify/channels/:id/test', async (req, res) => {
    const body: ChannelTestResponse = await deps.notify.test(id(req.params.id), actorOf(req));
    res.json(body);
  });

  r.get('/notify/deliveries', (req, res) => {
    const q = parseInput(DeliveriesQuery, req.query, 'bad deliveries query');
    const body: DeliveriesResponse = { deliveries: deps.store.deliveries({ limit: q.limit, state: q.state }) };
    res.json(body);
  });

  r.get('/notify/problems', (_req, res) => {
    res.json({ problems: deps.monitor.problems() });
  });
  return r;
}
