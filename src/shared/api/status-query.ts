/** The watcher's status is app-wide (footer, error states), so its query lives here. */
import { queryOptions } from '@tanstack/react-query';
import { getStatus } from './endpoints.ts';
import { apiKeys } from './keys.ts';

export const statusQuery = () => queryOptions({ queryKey: apiKeys.status(), queryFn: ({ signal }) => getStatus(signal) });
