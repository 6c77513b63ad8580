/**
 * What the API client does when the server says the session is gone (401), without importing
 * the auth feature: by default a full-page trip to /login; the auth feature replaces that with
 * a router navigation once it is mounted (src/features/auth/require-session.tsx).
 */

/** Answers where a 401 is the expected "not logged in", not a sign the session ended. */
const AUTH_ENDPOINTS = ['/api/session', '/api/login', '/api/setup'];
/** Pages that already are the way back in. */
const AUTH_PAGES = ['/login', '/setup'];

function goToLogin(): void {
  if (typeof window === 'undefined' || AUTH_PAGES.includes(window.location.pathname)) return;
  const here = window.location.pathname + window.location.search;
  window.location.assign(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`);
}

let unauthorizedHandler: () => void = goToLogin;

export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler ?? goToLogin;
}

/** Called by the API client on every 401. */
export function notifyUnauthorized(path: string): void {
  if (AUTH_ENDPOINTS.some((p) => path === p || path.startsWith(`${p}?`))) return;
  unauthorizedHandler();
}
