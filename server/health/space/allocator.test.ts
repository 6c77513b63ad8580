import { describe, expect, it } from 'vitest';
import { allocateChunk, allocDevices, chunkLimits, effectiveDataChunkBytes, GiB, MiB, overcommitBytes } from './allocator.ts';

describe('chunk sizes as the kernel makes them (seen in fixtures/space chunk trees)', () => {
  it.each([
    // Three healthy members: 10 % of the pool, rounded up to 16 MiB (160 MiB, 320 MiB), at most 1 GiB.
    ['3 × 512 MiB', 3 * 512 * MiB, 160 * MiB],
    ['3 × 1 GiB', 3 * GiB, 320 * MiB],
    ['3 × 4 GiB', 12 * GiB, GiB],
    // Two survivors of 512 MiB (degraded): 10 % of 1 GiB → 112 MiB (the lab's new data chunk).
    ['2 × 512 MiB', GiB, 112 * MiB],
  ])('raid1 data chunk on %s: %d bytes of pool → stripe', (_name, totalRw, stripe) => {
    const devices = allocDevices([{ id: 1, unallocatedBytes: 4 * GiB }, { id: 2, unallocatedBytes: 4 * GiB }]);
    expect(allocateChunk(devices, 'data', 'raid1', totalRw)?.stripeBytes).toBe(stripe);
  });

  it('takes what the second-roomiest member has when that is less (4 GiB pool: 760 MiB left on devid 2 → a 759 MiB chunk)', () => {
    const devices = allocDevices([{ id: 1, unallocatedBytes: GiB }, { id: 2, unallocatedBytes: 760 * MiB }]);
    const chunk = allocateChunk(devices, 'data', 'raid1', 8 * GiB)!;
    expect(chunk.stripeBytes).toBe(759 * MiB);
    expect(devices.find((d) => d.id === 2)!.freeBytes).toBe(0);
  });

  it('needs two members with room for raid1, three for raid1c3; raid10 takes an even number', () => {
    expect(allocateChunk(allocDevices([{ id: 1, unallocatedBytes: GiB }, { id: 2, unallocatedBytes: MiB }]), 'metadata', 'raid1', 2 * GiB)).toBeNull();
    expect(allocateChunk(allocDevices([{ id: 1, unallocatedBytes: GiB }, { id: 2, unallocatedBytes: GiB }]), 'metadata', 'raid1c3', 2 * GiB)).toBeNull();
    const raid10 = allocateChunk(allocDevices([1, 2, 3].map((id) => ({ id, unallocatedBytes: GiB }))), 'data', 'raid10', 3 * GiB)!;
    expect(raid10.taken.size).toBe(2);
  });

  it('sizes metadata at 256 MiB up to 50 GiB of pool, then 1 GiB; system at 32 MiB; never above 10 %', () => {
    expect(chunkLimits('metadata', 40 * GiB).maxChunkBytes).toBe(256 * MiB);
    expect(chunkLimits('metadata', 60 * GiB).maxChunkBytes).toBe(GiB);
    expect(chunkLimits('system', 60 * GiB).maxChunkBytes).toBe(32 * MiB);
    expect(chunkLimits('metadata', GiB).maxChunkBytes).toBe(Math.floor(GiB / 10));
  });
});

describe('metadata overcommit (what a read-only block group may lean on)', () => {
  it('is (Σ unallocated / copies − min(10 %, 1 GiB)) / 2, or nothing', () => {
    expect(effectiveDataChunkBytes(2 * GiB)).toBe(Math.floor((2 * GiB) / 10));
    expect(effectiveDataChunkBytes(40 * GiB)).toBe(GiB);
    // The lab's 1 GiB members at 35 %: 670 MiB unallocated on two survivors of 2 GiB → positive.
    expect(overcommitBytes(670 * MiB, 'raid1', 2 * GiB)).toBeGreaterThan(0);
    // … after shrinking both by 175 MiB: 320 MiB left, 10 % of 1.66 GiB = 170 MiB > 160 MiB → nothing.
    expect(overcommitBytes(320 * MiB, 'raid1', 2 * GiB - 350 * MiB)).toBe(0);
    // … by 150 MiB: 370 MiB, 10 % of 1.71 GiB = 175 MiB < 185 MiB → positive (replace went through).
    expect(overcommitBytes(370 * MiB, 'raid1', 2 * GiB - 300 * MiB)).toBeGreaterThan(0);
    expect(overcommitBytes(920 * MiB, 'raid1c3', 3 * GiB)).toBe(0);
  });
});
