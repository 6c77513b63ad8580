/**
 * devinfo entries that must never be read again. On kernel 6.18 (seen in the lab), `btrfs device
 * remove missing` frees the missing device but leaves /sys/fs/btrfs/<uuid>/devinfo/<devid> in
 * place; reading any file in it oopses the kernel (use after free in sysfs_kf_seq_show), leaks a
 * kernfs reference, and the pool's umount then hangs for good. The remove job quarantines the
 * devid before it runs the command; sysfs readers skip quarantined entries. An entry stays until
 * the pool's sysfs folder is gone (the pool was unmounted), since only then is the stale entry gone.
 */
const quarantined = new Map<string, Set<number>>();

export function quarantineDevinfo(poolUuid: string, devid: number): void {
  const set = quarantined.get(poolUuid) ?? new Set<number>();
  set.add(devid);
  quarantined.set(poolUuid, set);
}

export function isDevinfoQuarantined(poolUuid: string, devid: number): boolean {
  return quarantined.get(poolUuid)?.has(devid) ?? false;
}

/** Forgets the pools whose sysfs folder is gone (`mounted`: the uuids under /sys/fs/btrfs now). */
export function releaseUnmounted(mounted: readonly string[]): void {
  const live = new Set(mounted);
  for (const uuid of quarantined.keys()) if (!live.has(uuid)) quarantined.delete(uuid);
}
