import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { BundlePlanResponse } from '../../../contracts/bundle.ts';
import { ImportResult } from '../../../contracts/settings.ts';
import { requestJson } from '../../shared/api/client.ts';
import { apiKeys } from '../../shared/api/keys.ts';

export const bundlePlanQuery = (redact: boolean) =>
  queryOptions({ queryKey: apiKeys.bundle(redact), queryFn: ({ signal }) => requestJson('GET', `/api/bundle?redact=${redact ? 1 : 0}`, BundlePlanResponse, { signal }) });

export const bundleUrl = (redact: boolean) => `/api/bundle.tar.gz?redact=${redact ? 1 : 0}`;
export const exportUrl = (secrets: boolean) => `/api/settings/export?secrets=${secrets ? 1 : 0}`;

export function useImportSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ document, dryRun }: { document: unknown; dryRun: boolean }) => requestJson('POST', '/api/settings/import', ImportResult, { body: { document, dryRun } }),
    onSuccess: (result) => {
      if (result.applied) void queryClient.invalidateQueries({ queryKey: apiKeys.all });
    },
  });
}
