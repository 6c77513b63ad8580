import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SmartErc, SmartResult } from '../../contracts/smart.ts';
import { runCli } from '../test-support/cli-io.ts';

const CORPUS = join(import.meta.dirname, '..', '..', 'fixtures', 'smartctl');
const LAB = join(import.meta.dirname, '..', '..', 'fixtures', 'lab');

const run = runCli;

describe('poolwatch parse smartctl / scterc', () => {
  it('prints { report, assessment } for smartctl -j output given as a file', async () => {
    const r = await run(['parse', 'smartctl', join(CORPUS, 'usb-jmicron-hdd-wd3200-smart-failed-now-readfailure-selftests_a.json')]);
    expect(r.code).toBe(0);
    const parsed = SmartResult.parse(JSON.parse(r.stdout));
    expect(parsed.report).toMatchObject({ protocol: 'ata', exitStatus: 216, identity: { model: 'WDC WD3200BEVT-60ZCT0' }, passed: false });
    expect(parsed.assessment.status).toBe('failing');
    expect(parsed.assessment.reasons[0]?.severity).toBe('critical');
  });

  it('detects the text report on stdin', async () => {
    const text = readFileSync(join(CORPUS, 'text-nvme-samsung-980pro-extended-selftest-in-progress_a.txt'), 'utf8');
    const r = await run(['parse', 'smartctl', '-'], text);
    expect(r.code).toBe(0);
    const parsed = SmartResult.parse(JSON.parse(r.stdout));
    expect(parsed.report).toMatchObject({ protocol: 'nvme', selfTestInProgress: { percentDone: 28 } });
    expect(parsed.assessment.status).toBe('passed');
  });

  it('turns a loop device\'s answer into "unavailable", not a failure', async () => {
    const r = await run(['parse', 'smartctl', join(LAB, 'smartctl-json-x__loop-device.txt')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).report).toMatchObject({ protocol: 'unavailable', reason: 'unsupported-device', exitStatus: 1 });
  });

  it('parses smartctl -l scterc', async () => {
    const r = await run(['parse', 'scterc', join(CORPUS, 'text-scterc-not-supported_l-scterc.txt')]);
    expect(r.code).toBe(0);
    expect(SmartErc.parse(JSON.parse(r.stdout))).toEqual({ state: 'unsupported' });
  });

  it('exits 2 naming the kind on input that is not smartctl output', async () => {
    const json = await run(['parse', 'smartctl', '-'], '{"hello": "world"}\n');
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('cannot parse this as smartctl');
    const text = await run(['parse', 'scterc', '-'], 'not smartctl at all\n');
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('cannot parse this as scterc');
    expect(text.stderr).toContain('line 1');
  });
});
