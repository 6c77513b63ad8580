import { queryOptions } from '@tanstack/react-query';
import { getDisks } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';

export const disksQuery = () => queryOptions({ queryKey: apiKeys.disks(), queryFn: ({ signal }) => getDisks(signal) });
