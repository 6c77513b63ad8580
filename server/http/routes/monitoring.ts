/**
 * Counter history (GET /api/pools/:uuid/counters), the support bundle (admin), and settings:
 * thresholds, export and import (admin).
 */
import { Router } from 'express';
import { z } from 'zod';
import { BundleQuery, type BundlePlanResponse } from '../../../contracts/bundle.ts';
import type { CounterHistoryResponse } from '../../../contracts/counters.ts';
import { ImportRequest, type ImportResult } from '../../../contracts/settings.ts';
import type { BundleService } from '../../bundle/bundle-service.ts';
import type { CounterHistoryService } from '../../services/counter-history.ts';
import type { SettingsService } from '../../services/settings-service.ts';
import type { AuditStore } from '../../store/audit-store.ts';
import { actorOf, requireRole } from '../auth.ts';
import { parseUuid } from '../params.ts';
import { parseInput } from '../../validation.ts';

const ExportQuery = z.object({ secrets: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true') });

export function counterRoutes(counters: CounterHistoryService): Router {
  const r = Router();
  r.get('/pools/:uuid/counters', (req, res) => {
    const body: CounterHistoryResponse = counters.timelines(parseUuid(req.params.uuid));
    res.json(body);
  });
  return r;
}

export function bundleRoutes(deps: { bundle: BundleService; audit: AuditStore; now: () => Date }): Router {
  const r = Router();
  const admin = requireRole('admin');

  r.get('/bundle', admin, async (req, res) => {
    const { redact } = parseInput(BundleQuery, req.query, 'bad bundle query');
    const body: BundlePlanResponse = { name: deps.bundle.name(), redact, files: await deps.bundle.plan(redact) };
    res.json(body);
  });

  r.get('/bundle.tar.gz', admin, async (req, res) => {
    const { redact } = parseInput(BundleQuery, req.query, 'bad bundle query');
    const built = await deps.bundle.build(redact);
    deps.audit.record({
      at: deps.now().toISOString(), actor: actorOf(req), action: 'bundle.download', poolUuid: null, target: built.name, argv: null, exitCode: null, outcome: 'ok',
      details: { redact, files: built.files.length, bytes: built.archive.length },
    });
    res.set({ 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="${built.name}"`, 'cache-control': 'no-store' });
    res.send(built.archive);
  });
  return r;
}

export function settingsRoutes(settings: SettingsService): Router {
  const r = Router();
  const admin = requireRole('admin');

  r.get('/settings/thresholds', (_req, res) => {
    res.json({ thresholds: settings.thresholds() });
  });

  r.put('/settings/thresholds', (req, res) => {
    res.json({ thresholds: settings.setThresholds(req.body, actorOf(req)) });
  });

  r.get('/settings/export', admin, (req, res) => {
    const { secrets } = parseInput(ExportQuery, req.query, 'bad export query');
    const doc = settings.export(secrets, actorOf(req));
    res.set({ 'content-disposition': `attachment; filename="poolwatch-settings-${doc.exportedFrom.replace(/[^\w.-]/g, '_')}.json"`, 'cache-control': 'no-store' });
    res.json(doc);
  });

  r.post('/settings/import', async (req, res) => {
    const { document, dryRun } = parseInput(ImportRequest, req.body, 'bad import request (expected { "document": {…}, "dryRun": true|false })');
    const body: ImportResult = await settings.import(document, dryRun, actorOf(req));
    res.json(body);
  });
  return r;
}
