import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PoolView } from '../../contracts/views.ts';
import { assessPool } from '../health/assess-pool.ts';
import { LAB_UUID, raid1Of3MissingUnmounted } from '../test-support/pools.ts';
import { makeContext } from '../test-support/assess-context.ts';
import { toolSkipReason } from '../test-support/require-tool.ts';
import { MetricsService } from './metrics-service.ts';

function view(): PoolView {
  const pool = raid1Of3MissingUnmounted();
  pool.devices[0]!.errors = { write: 0, read: 7, flush: 0, corruption: 1, generation: 0 };
  const { health, maintenance } = assessPool(pool, makeContext());
  return { ...pool, label: 'pw "quoted" \\ label', managed: true, health, maintenance, slack: [] };
}

const service = () => new MetricsService({
  version: '0.1.0',
  pools: async () => [view()],
  jobs: () => [{
    id: 'j', kind: 'scrub-start', poolUuid: LAB_UUID, target: null, state: 'running', exclusive: true, cancellable: true,
    progress: { percent: 42, etaSeconds: null, detail: null }, argv: [], stdout: '', stderr: '', log: [], exitCode: null, error: null,
    createdBy: 'schedule', createdAt: '2026-03-01T00:00:00Z', startedAt: '2026-03-01T00:00:00Z', finishedAt: null, nextSteps: [], result: null,
  }],
  scrubs: async () => new Map([[LAB_UUID, { lastRunAt: '2026-03-01T00:00:00.000Z', lastSuccessAt: '2026-02-01T02:00:00.000Z', lastErrors: 3, running: true }]]),
  smart: async () => [{
    summary: { diskKey: 'wwn:0x5000c500a1b2c3d4', path: '/dev/sda', status: 'failing', topReason: 'x', topReasonCode: null, temperatureCelsius: 41, lastCheckedAt: null, warningCodes: [], replaceAdvised: true, selfTestPercentDone: null },
    report: null,
  }],
  scan: () => ({ lastScanAt: '2026-03-01T00:00:10.000Z', lastFullScanSeconds: 0.25, errorsTotal: 2, failing: false }),
  notify: () => ({ failuresByType: new Map([['email', 4]]), queued: 1, failed: 0 }),
});

describe('GET /metrics text', () => {
  it('a degraded pool: missing member, state, counters, scrub, job, SMART, scan, notifications', async () => {
    const text = await service().render();
    const u = `uuid="${LAB_UUID}"`;
    expect(text).toContain(`poolwatch_pool_devices_missing{${u}} 1`);
    expect(text).toContain(`poolwatch_pool_devices{${u}} 3`);
    expect(text).toContain(`poolwatch_pool_state{${u},state="degraded"} 1`);
    expect(text).toContain(`poolwatch_pool_state{${u},state="healthy"} 0`);
    expect(text).toContain(`poolwatch_pool_maintenance_required{${u}} 1`);
    expect(text).toContain(`poolwatch_device_missing{${u},devid="3"} 1`);
    expect(text).toContain(`poolwatch_device_errors_total{${u},devid="1",counter="read"} 7`);
    expect(text).toContain(`poolwatch_pool_info{${u},label="pw \\"quoted\\" \\\\ label",data_profile="raid1",metadata_profile="raid1",system_profile="raid1"} 1`);
    expect(text).toContain(`poolwatch_scrub_last_success_timestamp_seconds{${u}} ${Date.parse('2026-02-01T02:00:00.000Z') / 1000}`);
    expect(text).toContain(`poolwatch_scrub_last_errors{${u}} 3`);
    expect(text).toContain(`poolwatch_job_progress_ratio{${u},kind="scrub-start"} 0.42`);
    expect(text).toContain('poolwatch_smart_status{disk="wwn:0x5000c500a1b2c3d4",device="/dev/sda",status="failing"} 1');
    expect(text).toContain('poolwatch_smart_temperature_celsius{disk="wwn:0x5000c500a1b2c3d4",device="/dev/sda"} 41');
    expect(text).toContain('poolwatch_scan_errors_total 2');
    expect(text).toContain('poolwatch_notification_delivery_failures_total{channel_type="email"} 4');
    expect(text).toContain('poolwatch_build_info{version="0.1.0"} 1');
    // Every series name is poolwatch_*.
    const names = text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[{ ]/)[0]!);
    expect(names.filter((n) => !n.startsWith('poolwatch_'))).toEqual([]);
  });

  it('a second scrape does not keep what the first saw', async () => {
    let pools = [view()];
    const s = new MetricsService({ ...(service() as unknown as { deps: object }).deps, pools: async () => pools, jobs: () => [] } as never);
    expect(await s.render()).toContain('poolwatch_pool_devices_missing');
    pools = [];
    expect(await s.render()).not.toContain(`uuid="${LAB_UUID}"`);
  });

  const promtool = toolSkipReason('promtool', 'prometheus');
  it.skipIf(promtool !== null)('passes promtool check metrics', async () => {
    const r = spawnSync('promtool', ['check', 'metrics'], { input: await service().render(), encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });
});
