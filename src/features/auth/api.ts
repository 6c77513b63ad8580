/**
 * The auth feature's side of the API: the session (who is logged in, the CSRF token), login,
 * setup, logout, users, API tokens and the audit log. Requests go through the shared
 * requestJson (CSRF token on changes, every answer parsed with its contract); this module keeps
 * the client's CSRF token in step with logins and logouts.
 */
import { infiniteQueryOptions, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { AuditActorsResponse, AuditResponse } from '../../../contracts/audit.ts';
import {
  CreatedTokenResponse, SessionResponse, TokenResponse, TokensResponse, UserResponse, UsersResponse,
  type ChangePasswordRequest, type CreateTokenRequest, type CreateUserRequest, type LoginRequest, type SessionUser, type SetupRequest,
} from '../../../contracts/auth.ts';
import { requestJson, setCsrfToken } from '../../shared/api/client.ts';
import { apiKeys } from '../../shared/api/keys.ts';

export const authKeys = {
  all: ['auth'] as const,
  session: () => ['auth', 'session'] as const,
  users: () => ['auth', 'users'] as const,
  tokens: () => ['auth', 'tokens'] as const,
};
/** What the audit page filters on (its URL's search parameters); empty values are left out. */
export interface AuditFilter {
  pool?: string | null;
  actor?: string | null;
  action?: string | null;
  outcome?: string | null;
  since?: string | null;
  until?: string | null;
}
export const AUDIT_FILTER_KEYS = ['pool', 'actor', 'action', 'outcome', 'since', 'until'] as const;

/** Under `api`, so live updates refresh the log when something happens. */
const auditKey = (filter: AuditFilter) => [...apiKeys.all, 'audit', AUDIT_FILTER_KEYS.map((k) => filter[k] ?? '').join('|')] as const;

/** A session is checked again this often while the page is open (and after any 401). */
const SESSION_STALE_MS = 60_000;
const AUDIT_PAGE = 100;

/** Remembers the CSRF token of the answer for every later change. */
function remember(session: SessionResponse): SessionResponse {
  setCsrfToken(session.csrfToken);
  return session;
}

export const getSession = (signal?: AbortSignal) => requestJson('GET', '/api/session', SessionResponse, { signal }).then(remember);

export const sessionQuery = () => queryOptions({ queryKey: authKeys.session(), queryFn: ({ signal }) => getSession(signal), staleTime: SESSION_STALE_MS });

/** The logged-in user, or null (also while the session is loading). */
export function useCurrentUser(): SessionUser | null {
  return useQuery(sessionQuery()).data?.user ?? null;
}

export function useIsAdmin(): boolean {
  return useCurrentUser()?.role === 'admin';
}

/** Login and setup both answer with a fresh session: keep it, and drop data fetched as someone else. */
function useStartSession<I>(post: (input: I) => Promise<SessionResponse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: post,
    onSuccess: (session) => {
      queryClient.removeQueries({ queryKey: apiKeys.all });
      queryClient.removeQueries({ queryKey: authKeys.all });
      queryClient.setQueryData(authKeys.session(), remember(session));
    },
  });
}

export const useLogin = () => useStartSession((input: LoginRequest) => requestJson('POST', '/api/login', SessionResponse, { body: input }));
export const useSetup = () => useStartSession((input: SetupRequest) => requestJson('POST', '/api/setup', SessionResponse, { body: input }));

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => requestJson('POST', '/api/logout', z.undefined()),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(authKeys.session(), { user: null, setupRequired: false, csrfToken: null } satisfies SessionResponse);
    },
  });
}

// ---- API tokens (admin)

export const tokensQuery = () => queryOptions({ queryKey: authKeys.tokens(), queryFn: ({ signal }) => requestJson('GET', '/api/tokens', TokensResponse, { signal }) });

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenRequest) => requestJson('POST', '/api/tokens', CreatedTokenResponse, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.tokens() }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => requestJson('DELETE', `/api/tokens/${id}`, TokenResponse),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.tokens() }),
  });
}

// ---- users (admin)

export const usersQuery = () => queryOptions({ queryKey: authKeys.users(), queryFn: ({ signal }) => requestJson('GET', '/api/users', UsersResponse, { signal }) });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserRequest) => requestJson('POST', '/api/users', UserResponse, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.users() }),
  });
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => requestJson('DELETE', `/api/users/${encodeURIComponent(name)}`, UserResponse),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.users() }),
  });
}

// ---- audit log (everyone logged in)

export function auditPath(filter: AuditFilter, before: number | null): string {
  const params = new URLSearchParams({ limit: String(AUDIT_PAGE) });
  if (before !== null) params.set('before', String(before));
  for (const k of AUDIT_FILTER_KEYS) {
    const v = filter[k];
    if (v) params.set(k, v);
  }
  return `/api/audit?${params.toString()}`;
}

/** Newest first; each further page holds older entries. */
export const auditQuery = (filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: auditKey(filter),
    queryFn: ({ pageParam, signal }) => requestJson('GET', auditPath(filter, pageParam), AuditResponse, { signal }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });

export const auditActorsQuery = () =>
  queryOptions({ queryKey: [...apiKeys.all, 'audit-actors'] as const, queryFn: ({ signal }) => requestJson('GET', '/api/audit/actors', AuditActorsResponse, { signal }) });

// ---- own password (every logged-in user)

/** POST /api/password: 204; the user's other sessions end, this one stays. */
export function useChangePassword() {
  return useMutation({ mutationFn: (input: ChangePasswordRequest) => requestJson('POST', '/api/password', z.undefined(), { body: input }) });
}
