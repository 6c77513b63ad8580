/**
 * The real smartctl on a real loop device this test creates: loop devices have no SMART, and the
 * disk page must say "SMART not available" — a clean result, not an error. Root only; skips with
 * the reason elsewhere (fails instead under POOLWATCH_REQUIRE_LAB=1). Creates and detaches only
 * its own loop device.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskSmartResponse } from '../../contracts/smart.ts';
import { RealHost } from '../host/real-host.ts';
import { testGraph, type TestGraph } from '../test-support/graph.ts';
import { TestInventory, disk, snapshotOf } from '../test-support/smart-snapshot.ts';

const SMARTCTL = '/usr/sbin/smartctl';

function skipReason(): string | null {
  let why: string | null = null;
  if (process.getuid?.() !== 0) why = 'needs root (losetup)';
  else if (!existsSync(SMARTCTL)) why = `${SMARTCTL} is not installed (smartmontools)`;
  if (why && process.env.POOLWATCH_REQUIRE_LAB === '1') throw new Error(`the real-smartctl test must run here but cannot: ${why}`);
  if (why) console.warn(`skipping the real-smartctl loop device test: ${why}`);
  return why;
}

const skip = skipReason();

describe.skipIf(skip !== null)('real smartctl on a loop device', () => {
  const dir = join('/tmp', 'smart-helper', `loop-${process.pid}`);
  const image = join(dir, 'disk.img');
  const key = `loop:${image}`;
  let device: string | null = null;
  let graph: TestGraph;

  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    execFileSync('truncate', ['-s', '64M', image]);
    device = execFileSync('losetup', ['-f', '--show', image], { encoding: 'utf8' }).trim();
    graph = testGraph({
      host: new RealHost(),
      inventory: new TestInventory(snapshotOf([disk(key, device, { type: 'loop' })], [])),
      env: { POOLWATCH_SMARTCTL: SMARTCTL },
    });
  });

  afterAll(() => {
    graph?.stop();
    // Only the device this test attached.
    if (device) execFileSync('losetup', ['-d', device]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows "SMART not available", not an error', async () => {
    const r = DiskSmartResponse.parse(await graph.smart.disk(key));
    expect(r.status).toBe('not-available');
    expect(r.error).toBeNull();
    expect(r.report).toMatchObject({ protocol: 'unavailable', reason: 'unsupported-device', exitStatus: 1 });
    expect(r.summary).toBe(`SMART not available: this device has no SMART (${device}: Unable to detect device type).`);
    expect(r.replaceAdvice).toBeNull();
  });

  it('reads ERC as unavailable rather than failing', async () => {
    const r = await graph.smart.erc.read(key);
    expect(r.erc).toMatchObject({ state: 'unavailable', reason: 'unsupported-device' });
    expect(r.warnings).toEqual([]);
  });

  it('with a forced -d sat the drive does not answer IDENTIFY: shown as a read failure that names the cause', async () => {
    await graph.smart.setDeviceType(key, 'sat', 'test');
    const r = await graph.smart.refresh(key, 'test');
    expect(r.status).toBe('error');
    expect(r.summary).toMatch(/^SMART read failed: identify failed/);
    await graph.smart.setDeviceType(key, null, 'test');
    expect((await graph.smart.refresh(key, 'test')).status).toBe('not-available');
  });
});
