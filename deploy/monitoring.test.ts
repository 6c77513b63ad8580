/**
 * What deploy/ ships for Prometheus, Alertmanager and Grafana, checked by the tools that will read
 * it: Debian's promtool (rule unit tests, config syntax) and amtool; and every metric the rules and
 * the dashboard name is one poolwatch exports.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricsService } from '../server/metrics/metrics-service.ts';
import { toolSkipReason } from '../server/test-support/require-tool.ts';

const DIR = import.meta.dirname;
const promtool = toolSkipReason('promtool', 'prometheus');
const amtool = toolSkipReason('amtool', 'prometheus-alertmanager');

function run(file: string, args: string[], cwd: string) {
  const r = spawnSync(file, args, { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(promtool !== null)('Prometheus rules and config (promtool)', () => {
  it('the rules are valid and their unit tests pass', () => {
    const check = run('promtool', ['check', 'rules', 'poolwatch.rules.yml'], join(DIR, 'prometheus'));
    expect(check.status, check.out).toBe(0);
    const test = run('promtool', ['test', 'rules', 'poolwatch.rules.test.yml'], join(DIR, 'prometheus'));
    expect(test.status, test.out).toBe(0);
    expect(test.out).toContain('SUCCESS');
  });

  it('the example scrape config is valid', () => {
    const r = run('promtool', ['check', 'config', '--syntax-only', 'prometheus.example.yml'], join(DIR, 'prometheus'));
    expect(r.status, r.out).toBe(0);
  });
});

describe.skipIf(amtool !== null)('Alertmanager example (amtool)', () => {
  it('passes amtool check-config', () => {
    const r = run('amtool', ['check-config', 'alertmanager.example.yml'], join(DIR, 'alertmanager'));
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('SUCCESS');
  });
});

describe('the rules and the dashboard name only metrics poolwatch exports', () => {
  const exported = new Set(
    new MetricsService({
      version: 'test', pools: async () => [], jobs: () => [], scrubs: async () => new Map(), smart: async () => [],
      scan: () => ({ lastScanAt: null, lastFullScanSeconds: null, errorsTotal: 0, failing: false }),
      notify: () => ({ failuresByType: new Map(), queued: 0, failed: 0 }),
    }).registry.getMetricsAsArray().map((m) => m.name),
  );
  const named = (text: string) => [...new Set(text.match(/\bpoolwatch_[a-z_]+\b/g) ?? [])];

  it('rules', () => {
    const names = named(readFileSync(join(DIR, 'prometheus', 'poolwatch.rules.yml'), 'utf8'));
    expect(names.length).toBeGreaterThan(8);
    expect(names.filter((n) => !exported.has(n))).toEqual([]);
  });

  it('Grafana dashboard: valid JSON, unique panel ids, known metrics', () => {
    const text = readFileSync(join(DIR, 'grafana', 'poolwatch-dashboard.json'), 'utf8');
    const dash = JSON.parse(text) as { panels: { id: number; targets: { expr: string }[] }[] };
    const ids = dash.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const names = named(dash.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n'));
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !exported.has(n))).toEqual([]);
  });
});
