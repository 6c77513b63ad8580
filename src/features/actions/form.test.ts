import { describe, expect, it } from 'vitest';
import { actionBody, confirmationMatches, diskChoices, diskName, findDiskKey, ineligibleDisks, formProblem, initialForm, memberSizeBytes, offerOf, offerRequest, parseSize, spaceOf } from './form.ts';
import { GIB } from '../../../server/test-support/pools.ts';
import { degraded, makeDevice, makeDisk, makePoolView } from '../../test/pools.ts';

const MIB = 1024 * 1024;

describe('confirmationMatches', () => {
  it('needs exactly the label the plan asks for', () => {
    expect(confirmationMatches('pw-tank', 'pw-tank')).toBe(true);
    expect(confirmationMatches('', 'pw-tank')).toBe(false);
    expect(confirmationMatches('pw-Tank', 'pw-tank')).toBe(false);
    expect(confirmationMatches('pw-tank ', 'pw-tank')).toBe(false);
    expect(confirmationMatches('pw-tan', 'pw-tank')).toBe(false);
  });
  it('asks nothing when the plan needs no confirmation', () => {
    expect(confirmationMatches('', null)).toBe(true);
  });
});

describe('parseSize', () => {
  it.each([
    ['1073741824', 1073741824],
    ['512M', 512 * MIB],
    ['512 MiB', 512 * MIB],
    ['1.5G', 1.5 * 1024 * MIB],
    ['2gb', 2 * 1024 * MIB],
    ['100k', 102400],
    ['', null],
    ['-5', null],
    ['0', null],
    ['ten', null],
    ['5 X', null],
  ])('%s → %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
});

describe('diskChoices', () => {
  const disks = [
    makeDisk('big', { sizeBytes: 2048 * MIB }),
    makeDisk('small', { sizeBytes: 256 * MIB }),
    makeDisk('fits', { sizeBytes: 1024 * MIB }),
    makeDisk('ext4', { role: 'in-use', inUseReason: 'ext4 signature' }),
    makeDisk('mounted', { role: 'in-use', inUseReason: 'mounted at /srv' }),
    makeDisk('unclear', { role: 'in-use', inUseReason: 'unclear signature' }),
    makeDisk('member', { role: 'member' }),
    makeDisk('gone', { attached: false, path: null, role: 'detached' }),
  ];
  it('offers unused disks and wipeable ones; blank fitting disks first, smallest first', () => {
    const c = diskChoices(disks, 512 * MIB);
    expect(c.map((x) => x.path)).toEqual(['/dev/fits', '/dev/big', '/dev/ext4', '/dev/small']);
    expect(c.find((x) => x.path === '/dev/ext4')).toMatchObject({ signature: 'ext4', tooSmall: false });
    expect(c.find((x) => x.path === '/dev/small')).toMatchObject({ tooSmall: true });
    expect(c[0]!.label).toBe('loop device on /lab/fits.img · 1.00 GiB — now at /dev/fits');
    expect(c.find((x) => x.path === '/dev/ext4')!.label).toMatch(/ · holds ext4$/);
  });
  it('marks nothing too small when the old size is unknown', () => {
    expect(diskChoices(disks, null).some((x) => x.tooSmall)).toBe(false);
  });
});

describe('diskName: identity first, the kernel path last', () => {
  it('model and serial, then size, then the path', () => {
    const d = makeDisk('sdc', { identity: { key: 'serial:WD:WX1', serial: 'WX1', model: 'WDC WD40EFRX', wwn: null, byId: ['/dev/disk/by-id/ata-WDC_WD40EFRX_WX1'] }, sizeBytes: 4 * 1024 * 1024 * MIB });
    expect(diskName(d)).toBe('WDC WD40EFRX · serial WX1 · 4.00 TiB — now at /dev/sdc');
  });
  it('the by-id name when there is no serial; a loop device by its backing file', () => {
    const byId = makeDisk('sdd', { identity: { key: 'wwn:0x5000', serial: null, model: null, wwn: '0x5000', byId: ['/dev/disk/by-id/wwn-0x5000'] } });
    expect(diskName(byId)).toBe('by-id/wwn-0x5000 · 1.00 GiB — now at /dev/sdd');
    expect(diskName(makeDisk('loop5'))).toBe('loop device on /lab/loop5.img · 1.00 GiB — now at /dev/loop5');
  });
  it('the slot or port where the host knows it, "slot unknown" where it does not (ADR 024)', () => {
    const inBay = makeDisk('sdc', { identity: { key: 'wwn:0x5000', serial: 'Z1', model: 'ST4000', wwn: '0x5000', byId: [], location: { slot: '4', enclosure: '6:0:12:0', port: null, byPath: null } } });
    expect(diskName(inBay)).toBe('ST4000 · serial Z1 · 1.00 GiB · slot 4 of enclosure 6:0:12:0 — now at /dev/sdc');
    const loop = makeDisk('loop6', { identity: { key: 'loop:/lab/l6.img', serial: null, model: null, wwn: null, byId: [], backingFile: '/lab/l6.img', location: { slot: null, enclosure: null, port: null, byPath: null } } });
    expect(diskName(loop)).toBe('loop device on /lab/l6.img · 1.00 GiB · slot unknown — now at /dev/loop6');
  });
});

describe('ineligibleDisks: what the target list leaves out, and why', () => {
  const POOL = 'c0ffee00-0000-4000-8000-000000000001';
  const disks = [
    makeDisk('spare'),
    makeDisk('ext4', { role: 'in-use', inUseReason: 'ext4 signature' }),
    makeDisk('mounted', { role: 'in-use', inUseReason: 'mounted at /srv' }),
    makeDisk('unclear', { role: 'in-use', inUseReason: 'unclear signature' }),
    makeDisk('here', { role: 'member', pool: { uuid: POOL, label: 'tank', devid: 1 } }),
    makeDisk('there', { role: 'member', pool: { uuid: 'other', label: 'media', devid: 2 } }),
    makeDisk('old', { role: 'stale-member', pool: { uuid: POOL, label: 'tank', devid: 3 } }),
    makeDisk('gone', { attached: false, path: null, role: 'detached' }),
  ];
  it('members, old members and disks in use, each with its reason; offered and detached disks are not listed', () => {
    expect(ineligibleDisks(disks, POOL).map((d) => [d.key, d.reason])).toEqual([
      ['loop:/lab/here.img', 'already a member of this pool'],
      ['loop:/lab/mounted.img', 'in use: mounted at /srv'],
      ['loop:/lab/old.img', 'an old member of pool tank: wipe it before reuse'],
      ['loop:/lab/there.img', 'a member of pool media'],
      ['loop:/lab/unclear.img', 'in use: unclear signature'],
    ]);
  });
  it('none of them is ever a choice', () => {
    const offered = new Set(diskChoices(disks, null).map((c) => c.key));
    for (const d of ineligibleDisks(disks, POOL)) expect(offered.has(d.key), d.key).toBe(false);
  });
});

describe('initialForm', () => {
  const disks = [makeDisk('loop9'), makeDisk('loop8', { identity: { key: 'wwn:0x5000', serial: null, model: null, wwn: '0x5000', byId: ['/dev/disk/by-id/wwn-0x5000'] } })];
  it('replace of a missing member: the missing devid, no -r (nothing to read from)', () => {
    const f = initialForm({ action: 'replace' }, degraded.rw(), disks);
    expect(f).toMatchObject({ devid: 2, targetDisk: '', readFromOtherMirrors: false, wipe: false });
  });
  it('replace of a present member (the SMART link): -r on', () => {
    const f = initialForm({ action: 'replace', devid: 3, readFromOtherMirrors: true }, makePoolView(), disks);
    expect(f).toMatchObject({ devid: 3, readFromOtherMirrors: true });
    expect(initialForm({ action: 'replace', devid: 3 }, makePoolView(), disks).readFromOtherMirrors).toBe(true);
  });
  it('never opens with a disk selected, even one the guidance named (issue 10: the admin picks the target)', () => {
    expect(initialForm({ action: 'replace', diskPath: '/dev/loop9' }, degraded.rw(), disks).targetDisk).toBe('');
    expect(initialForm({ action: 'replace', disk: 'loop:/lab/loop9.img' }, degraded.rw(), disks).targetDisk).toBe('');
    expect(findDiskKey(disks, { diskPath: '/dev/disk/by-id/wwn-0x5000' })).toBe('wwn:0x5000');
    expect(findDiskKey(disks, { disk: 'serial:nope', diskPath: '/dev/nope' })).toBeNull();
    expect(initialForm({ action: 'add-devices', diskPath: '/dev/loop9' }, degraded.rw(), disks).disks).toEqual([]);
  });
  it('resize from the shrink offer: a size in bytes', () => {
    expect(initialForm({ action: 'resize', devid: 2, size: 300 * MIB }, makePoolView(), disks)).toMatchObject({ devid: 2, sizeMode: 'size', sizeText: String(300 * MIB) });
    expect(initialForm({ action: 'resize', devid: 2, size: 'max' }, makePoolView(), disks)).toMatchObject({ sizeMode: 'max' });
  });
});

describe('actionBody: form → request body', () => {
  const disks = [makeDisk('loop9'), makeDisk('ext4', { role: 'in-use', inUseReason: 'ext4 signature' })];
  it('replace of a missing member, preview then run with the typed label', () => {
    const p = degraded.rw();
    const f = { ...initialForm({ action: 'replace' }, p, disks), targetDisk: 'loop:/lab/loop9.img', readFromOtherMirrors: true };
    expect(actionBody('replace', f, p, disks, { dryRun: true })).toEqual({ dryRun: true, devid: 2, targetDisk: 'loop:/lab/loop9.img' });
    expect(actionBody('replace', f, p, disks, { confirmLabel: 'pw-tank' })).toEqual({ devid: 2, targetDisk: 'loop:/lab/loop9.img', confirmLabel: 'pw-tank' });
  });
  it('replace of a present member sends -r as chosen, and wipe only for a disk with a signature', () => {
    const p = makePoolView();
    const f = { ...initialForm({ action: 'replace', devid: 1 }, p, disks), targetDisk: 'loop:/lab/ext4.img', wipe: true, readFromOtherMirrors: false };
    expect(actionBody('replace', f, p, disks)).toEqual({ devid: 1, targetDisk: 'loop:/lab/ext4.img', readFromOtherMirrors: false, wipe: true });
    expect(actionBody('replace', { ...f, targetDisk: 'loop:/lab/loop9.img' }, p, disks)).toEqual({ devid: 1, targetDisk: 'loop:/lab/loop9.img', readFromOtherMirrors: false });
  });
  it('replace on parity sends force only when ticked', () => {
    const p = makePoolView({ profiles: { data: ['raid5'], metadata: ['raid1'], system: ['raid1'] } });
    const f = { ...initialForm({ action: 'replace', devid: 1 }, p, disks), targetDisk: 'loop:/lab/loop9.img' };
    expect(formProblem('replace', f, p)).toMatch(/parity/);
    expect(actionBody('replace', { ...f, force: true }, p, disks)).toMatchObject({ force: true });
    expect(formProblem('replace', { ...f, force: true }, p)).toBeNull();
  });
  it('resize to max or to a size', () => {
    const p = makePoolView();
    const f = initialForm({ action: 'resize', devid: 2, size: 'max' }, p, []);
    expect(actionBody('resize', f, p, [])).toEqual({ devid: 2, size: 'max' });
    expect(actionBody('resize', { ...f, sizeMode: 'size', sizeText: '300M' }, p, [])).toEqual({ devid: 2, size: 300 * MIB });
    expect(formProblem('resize', { ...f, sizeMode: 'size', sizeText: 'lots' }, p)).toMatch(/size/);
  });
  it('add disks, wipe only when one of them has a signature', () => {
    const p = degraded.rw();
    const f = { ...initialForm({ action: 'add-devices' }, p, disks), disks: ['loop:/lab/loop9.img'], wipe: true };
    expect(actionBody('add-devices', f, p, disks)).toEqual({ disks: ['loop:/lab/loop9.img'] });
    expect(actionBody('add-devices', { ...f, disks: ['loop:/lab/ext4.img'] }, p, disks)).toEqual({ disks: ['loop:/lab/ext4.img'], wipe: true });
    expect(formProblem('add-devices', { ...f, disks: [] }, p)).toMatch(/at least one/);
  });
  it('balance: convert with the pool\'s own profiles unless chosen; full sends no profiles', () => {
    const p = makePoolView();
    const f = initialForm({ action: 'balance-start', mode: 'convert-soft' }, p, []);
    expect(actionBody('balance-start', f, p, [], { dryRun: true })).toEqual({ dryRun: true, mode: 'convert-soft' });
    expect(actionBody('balance-start', { ...f, dataProfile: 'raid1c3' }, p, [])).toEqual({ mode: 'convert-soft', dataProfile: 'raid1c3' });
    expect(actionBody('balance-start', { ...f, mode: 'full', dataProfile: 'raid1c3' }, p, [])).toEqual({ mode: 'full' });
  });
  it('actions without a form send only dryRun / confirmLabel', () => {
    const p = degraded.rw();
    const f = initialForm({ action: 'remove-missing' }, p, []);
    expect(actionBody('remove-missing', f, p, [], { dryRun: true })).toEqual({ dryRun: true });
    expect(actionBody('remove-missing', f, p, [], { confirmLabel: 'pw-tank' })).toEqual({ confirmLabel: 'pw-tank' });
    expect(actionBody('mount-degraded-ro', f, p, [], { confirmLabel: null })).toEqual({});
  });
});

describe('memberSizeBytes', () => {
  it('the member\'s size, or what is remembered of a missing one', () => {
    const p = degraded.rw();
    expect(memberSizeBytes(p, 1)).toBe(GIB);
    expect(memberSizeBytes(p, 2)).toBeNull();
    const remembered = { ...p, detached: [{ devid: 2, disk: makeDevice(2).disk!, lastPath: '/dev/loop2', sizeBytes: 512 * MIB, lastSeenAt: '' }] };
    expect(memberSizeBytes(remembered, 2)).toBe(512 * MIB);
  });
});

describe('offers in refusals', () => {
  it('reads the shrink offer of a too-small replacement', () => {
    const details = { offer: { action: 'resize', body: { devid: 2, size: 268435456 }, text: 'shrink devid 2 to 256 MiB first' } };
    const offer = offerOf(details);
    expect(offer?.text).toMatch(/shrink/);
    expect(offerRequest(offer!)).toEqual({ action: 'resize', devid: 2, size: 268435456 });
  });
  it('turns a space refusal\'s metadata-first offer into a remove that moves the metadata first, sent in the body', () => {
    const removeMissing = offerOf({ offer: { action: 'remove-missing', body: { metadataFirst: true }, text: 'Move the metadata first' } })!;
    expect(offerRequest(removeMissing)).toEqual({ action: 'remove-missing', metadataFirst: true });
    const removeDevice = offerOf({ offer: { action: 'remove-device', body: { devid: 3, metadataFirst: true }, text: 'x' } })!;
    expect(offerRequest(removeDevice)).toEqual({ action: 'remove-device', devid: 3, metadataFirst: true });
    expect(offerRequest({ action: 'remove-device', body: { metadataFirst: true }, text: 'x' })).toBeNull();
    const pool = degraded.rw();
    expect(actionBody('remove-missing', initialForm({ action: 'remove-missing', metadataFirst: true }, pool, []), pool, [], { dryRun: true })).toEqual({ dryRun: true, metadataFirst: true });
    expect(actionBody('remove-missing', initialForm({ action: 'remove-missing' }, pool, []), pool, [])).toEqual({});
  });
  it('reads the space verdict a refusal carries', () => {
    const space = { operation: 'replace', fits: 'no', failure: 'enospc', why: 'w', neededBytes: 1, availableBytes: 0, devices: [], remedies: [] };
    expect(spaceOf({ space })).toEqual(space);
    expect(spaceOf({ space: { fits: 'maybe' } })).toBeNull();
    expect(spaceOf(undefined)).toBeNull();
  });
  it('ignores anything else', () => {
    expect(offerOf(null)).toBeNull();
    expect(offerOf({ requires: 'wipe' })).toBeNull();
    expect(offerOf({ offer: { action: 'format' } })).toBeNull();
    expect(offerRequest({ action: 'replace', body: {}, text: '' })).toBeNull();
  });
});
