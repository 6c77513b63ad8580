/**
 * Every smartctl capture through the real execa path: RealHost runs fixtures/bin/smartctl, which
 * prints the capture and exits with the status smartctl recorded; what comes back is parsed and
 * assessed and must match the hand-written fixtures/smartctl/EXPECTED.json.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealHost } from '../host/real-host.ts';
import { smartctlCommands } from '../host/smart-commands.ts';
import { FAKE_DEVICES, SMARTCTL_CORPUS, useFakeSmartctl, type FakeSmartctl } from '../test-support/fake-smartctl-env.ts';
import { diskStatusOf, smartResultOf } from './smart-result.ts';

type Expected = { parser?: string; protocol?: string; reason?: string; exitStatus?: number | null; assessment?: { status: string; reasons: string[] } };
const EXPECTED = JSON.parse(readFileSync(join(SMARTCTL_CORPUS, 'EXPECTED.json'), 'utf8')) as Record<string, Expected>;
const REPORT_FILES = readdirSync(SMARTCTL_CORPUS)
  .filter((f) => EXPECTED[f]?.assessment !== undefined)
  .sort();
const deviceOf = (file: string) => `/dev/fake/${file.replace(/\.(json|txt)$/, '')}`;

describe('smartctl captures through RealHost and the fake executable', () => {
  let fake: FakeSmartctl;
  const host = new RealHost({ testDevices: FAKE_DEVICES });

  beforeAll(() => {
    fake = useFakeSmartctl(Object.fromEntries(REPORT_FILES.map((f) => [deviceOf(f), f])));
  });
  afterAll(() => fake.restore());

  it('covers every capture that has an expected assessment', () => {
    expect(REPORT_FILES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(REPORT_FILES)('%s', async (file) => {
    const want = EXPECTED[file]!;
    const out = await host.run(smartctlCommands(fake.binary).report(deviceOf(file), null));
    const text = readFileSync(join(SMARTCTL_CORPUS, file), 'utf8');
    if (file.endsWith('.json')) {
      // The process exit status is the recorded one: a non-zero exit reached us as data, not as a HostError.
      const recorded = (JSON.parse(text) as { smartctl?: { exit_status?: number } }).smartctl?.exit_status ?? 0;
      expect(out.exitCode).toBe(recorded);
    }
    expect(out.stdout).toBe(text);
    const { report, assessment } = smartResultOf(out.stdout, out.exitCode);
    if (want.protocol) expect(report.protocol).toBe(want.protocol);
    if (want.reason) expect(report.protocol === 'unavailable' ? report.reason : null).toBe(want.reason);
    if (want.exitStatus !== undefined && want.exitStatus !== null) expect(report.exitStatus).toBe(want.exitStatus);
    expect(assessment.status).toBe(want.assessment!.status);
    expect(assessment.reasons.map((r) => r.code).sort()).toEqual([...want.assessment!.reasons].sort());
    // The page never shows an error for a capture that is a real disk report.
    const page = diskStatusOf({ report, assessment, error: null });
    if (report.protocol !== 'unavailable') expect(page.status).not.toBe('error');
  });

  it('answers a device it does not know like a loop device: SMART not available, exit 1', async () => {
    const out = await host.run(smartctlCommands(fake.binary).report('/dev/loop99', null));
    expect(out.exitCode).toBe(1);
    const { report } = smartResultOf(out.stdout, out.exitCode);
    expect(report).toMatchObject({ protocol: 'unavailable', reason: 'unsupported-device' });
    expect(diskStatusOf({ report, assessment: null, error: null }).status).toBe('not-available');
  });
});
