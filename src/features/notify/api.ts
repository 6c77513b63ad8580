/** Notifications' side of the API: channels (admin), send test, the delivery log, open problems, thresholds. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  ChannelResponse,
  ChannelTestResponse,
  ChannelsResponse,
  DeliveriesResponse,
  ProblemsResponse,
  type ChannelInput,
} from '../../../contracts/notify.ts';
import { Thresholds } from '../../../contracts/settings.ts';
import { requestJson } from '../../shared/api/client.ts';
import { apiKeys } from '../../shared/api/keys.ts';

/** The delivery log moves while the page is open (retries, new events): a cheap poll keeps it current. */
const DELIVERY_POLL_MS = 5000;
const ThresholdsResponse = z.object({ thresholds: Thresholds });

export const channelsQuery = () =>
  queryOptions({ queryKey: [...apiKeys.notify(), 'channels'], queryFn: ({ signal }) => requestJson('GET', '/api/notify/channels', ChannelsResponse, { signal }) });

export const deliveriesQuery = () =>
  queryOptions({
    queryKey: [...apiKeys.notify(), 'deliveries'],
    queryFn: ({ signal }) => requestJson('GET', '/api/notify/deliveries?limit=100', DeliveriesResponse, { signal }),
    refetchInterval: DELIVERY_POLL_MS,
  });

export const problemsQuery = () =>
  queryOptions({ queryKey: [...apiKeys.notify(), 'problems'], queryFn: ({ signal }) => requestJson('GET', '/api/notify/problems', ProblemsResponse, { signal }) });

export const thresholdsQuery = () =>
  queryOptions({ queryKey: apiKeys.thresholds(), queryFn: ({ signal }) => requestJson('GET', '/api/settings/thresholds', ThresholdsResponse, { signal }) });

function useInvalidateNotify() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: apiKeys.notify() });
}

export function useSaveChannel() {
  const invalidate = useInvalidateNotify();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: ChannelInput }) =>
      id ? requestJson('PUT', `/api/notify/channels/${encodeURIComponent(id)}`, ChannelResponse, { body: input }) : requestJson('POST', '/api/notify/channels', ChannelResponse, { body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteChannel() {
  const invalidate = useInvalidateNotify();
  return useMutation({
    mutationFn: (id: string) => requestJson('DELETE', `/api/notify/channels/${encodeURIComponent(id)}`, z.unknown()),
    onSuccess: invalidate,
  });
}

export function useTestChannel() {
  const invalidate = useInvalidateNotify();
  return useMutation({
    mutationFn: (id: string) => requestJson('POST', `/api/notify/channels/${encodeURIComponent(id)}/test`, ChannelTestResponse),
    onSettled: invalidate,
  });
}

export function useSaveThresholds() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (t: Thresholds) => requestJson('PUT', '/api/settings/thresholds', ThresholdsResponse, { body: t }),
    onSuccess: (answer) => queryClient.setQueryData(apiKeys.thresholds(), answer),
  });
}
