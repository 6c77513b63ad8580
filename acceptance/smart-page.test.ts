/**
 * Acceptance: for every smartctl capture, the disk's SMART page shows the right identity, verdict
 * and reasons. Each capture is a disk of a raid1 pool; the service reads it through RealHost and
 * the fake smartctl; the answer is parsed with the contract (as the UI does) and the SMART panel
 * is rendered to HTML. Expectations come from fixtures/smartctl/EXPECTED.json, not from the code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskSmartResponse, SMART_DISK_STATUS_TEXT, type SmartDiskStatus } from '../contracts/smart.ts';
import { smartKeys } from '../src/features/smart/api.ts';
import { SmartPanel } from '../src/features/smart/smart-panel.tsx';
import { RealHost } from '../server/host/real-host.ts';
import { FAKE_DEVICES, SMARTCTL_CORPUS, useFakeSmartctl, type FakeSmartctl } from '../server/test-support/fake-smartctl-env.ts';
import { testGraph, type TestGraph } from '../server/test-support/graph.ts';
import { TestInventory, member, raid1Pool, snapshotOf } from '../server/test-support/smart-snapshot.ts';

type Expected = { parser?: string; model?: string; serial?: string; assessment?: { status: string; reasons: string[] } };
const EXPECTED = JSON.parse(readFileSync(join(SMARTCTL_CORPUS, 'EXPECTED.json'), 'utf8')) as Record<string, Expected>;
const FILES = readdirSync(SMARTCTL_CORPUS).filter((f) => EXPECTED[f]?.parser === 'json').sort();

/** Where the page's status differs from the assessment's: outputs that are no disk report at all. */
const PAGE_STATUS: Record<string, SmartDiskStatus> = {
  'error-nvme-permission-denied_x.json': 'error',
  'error-open-device-failed-windows_a.json': 'error',
  'scan-megaraid.json': 'error',
  'scan-nvme.json': 'error',
  'scan-open-scsi.json': 'error',
  'scsi-qemu-virtual-disk-limited_x.json': 'not-available',
  'scsi-intel-raid1-virtual-volume-exit4_a.json': 'not-available',
};

const unescape = (html: string) =>
  html.replace(/<!-- -->/g, '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('the SMART page for every capture', () => {
  let fake: FakeSmartctl;
  let graph: TestGraph;
  const devices = FILES.map((f, i) => ({ file: f, key: `serial:capture:${i}`, path: `/dev/fake${i}` }));

  beforeAll(() => {
    fake = useFakeSmartctl(Object.fromEntries(devices.map((d) => [d.path, d.file])));
    graph = testGraph({
      host: new RealHost({ testDevices: FAKE_DEVICES }),
      inventory: new TestInventory(snapshotOf(
        devices.map((d, i) => member(d.key, d.path, i + 1)),
        [raid1Pool(devices.map((d, i) => ({ devid: i + 1, path: d.path })))],
      )),
      env: { POOLWATCH_SMARTCTL: fake.binary },
    });
  });
  afterAll(() => {
    graph.stop();
    fake.restore();
  });

  it.each(devices)('$file', async ({ file, key }) => {
    const want = EXPECTED[file]!;
    const data = DiskSmartResponse.parse(JSON.parse(JSON.stringify(await graph.smart.disk(key))));
    const status = PAGE_STATUS[file] ?? (want.assessment!.status as SmartDiskStatus);
    expect(data.status).toBe(status);

    const client = new QueryClient();
    client.setQueryData(smartKeys.disk(key), data);
    const html = unescape(renderToString(h(QueryClientProvider, { client }, h(MemoryRouter, null, h(SmartPanel, { diskKey: key })))));

    expect(html).toContain(`data-smart-status="${status}"`);
    expect(html).toContain(SMART_DISK_STATUS_TEXT[status]);
    if (want.model) expect(html).toContain(`<dt>Model</dt><dd>${want.model}</dd>`);
    if (want.serial) expect(html).toContain(want.serial);
    if (status === 'error' || status === 'not-available') {
      expect(html).toContain(data.summary);
      return;
    }
    // Every reason the assessment must give is on the page, with its message.
    const reasons = data.assessment?.reasons ?? [];
    expect(reasons.map((r) => r.code).sort()).toEqual([...want.assessment!.reasons].sort());
    for (const r of reasons) expect(html).toContain(r.message);
    // A failing or warning member of the raid1 pool gets the replace advice with its devid.
    if (status === 'failing' || status === 'warning') expect(html).toContain(`btrfs replace start -r ${data.replaceAdvice?.devid} <new-device> /mnt2/tank`);
    else expect(html).not.toContain('smart-replace-advice');
  });
});
