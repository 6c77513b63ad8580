/**
 * `npx tsx lab/capture-host.ts <scenario>…`: builds each scenario, lets poolwatch scan it healthy and
 * broken through a RecordingHost, and writes what the machine answered to
 * fixtures/lab/host-<scenario>.json — a replayable fixture for inventory unit tests.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { systemClock } from '../server/clock.ts';
import { testWrites } from '../server/test-support/writes.ts';
import { RealHost } from '../server/host/real-host.ts';
import { InventoryService } from '../server/inventory/inventory-service.ts';
import { openDb } from '../server/store/db.ts';
import { InventoryStore } from '../server/store/inventory-store.ts';
import { RecordingHost } from '../server/test-support/recording-host.ts';
import { downScenario, upScenario } from './cli.ts';
import { DEFAULT_LAB_DIR } from './lab.ts';
import { findScenario } from './scenarios.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'lab');

async function capture(name: string): Promise<void> {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`unknown scenario ${name}`);
  const root = join(DEFAULT_LAB_DIR, `capture-${process.pid}`);
  const lab = await upScenario(root, name, { break: false });
  try {
    const db = openDb(':memory:', systemClock);
    const store = new InventoryStore(db);
    const healthy = new RecordingHost(new RealHost());
    await new InventoryService(healthy, store, { clock: systemClock, writes: testWrites() }).snapshot();
    await scenario.break?.(lab);
    const broken = new RecordingHost(new RealHost());
    await new InventoryService(broken, store, { clock: systemClock, writes: testWrites() }).snapshot();
    const versions = {
      btrfsProgs: (await execa('btrfs', ['--version'])).stdout.split('\n')[0],
      kernel: (await execa('uname', ['-r'])).stdout.trim(),
    };
    await writeFile(join(FIXTURES, `host-${name}.json`), JSON.stringify({
      scenario: name,
      description: scenario.description,
      capturedAt: new Date().toISOString(),
      ...versions,
      note: 'Every command, file and directory poolwatch read, healthy (before break) and broken (after). Other pools on the machine at capture time may appear too.',
      labPools: Object.fromEntries(Object.entries(lab.state.pools).map(([k, p]) => [k, { label: p.label, uuid: p.uuid }])),
      labDisks: Object.fromEntries(Object.entries(lab.state.disks).map(([k, d]) => [k, { file: d.file }])),
      expect: scenario.expect,
      healthy: healthy.recording,
      broken: broken.recording,
    }, null, 1));
    console.log(`wrote fixtures/lab/host-${name}.json`);
  } finally {
    await downScenario(root, name);
  }
}

for (const name of process.argv.slice(2)) await capture(name);
