/** GET /api/disks as one query every feature shares (the disks page, SMART pages, identify). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Disk } from '../../contracts/api.ts';
import { getDisks } from './api/endpoints.ts';
import { apiKeys } from './api/keys.ts';

export const disksQuery = () => queryOptions({ queryKey: apiKeys.disks(), queryFn: ({ signal }) => getDisks(signal) });

/** The disk with this identity key, once the list is loaded; null when unknown. */
export function useDisk(key: string): Disk | null {
  return useQuery({ ...disksQuery(), select: (d) => d.disks.find((x) => x.identity.key === key) ?? null }).data ?? null;
}
