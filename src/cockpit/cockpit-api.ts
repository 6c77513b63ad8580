/**
 * The part of Cockpit's page API (base1/cockpit.js, loaded by index.html before this bundle)
 * poolwatch uses, as Cockpit 287 (Debian 12) implements it. Cockpit's promises are jQuery-style:
 * `then(ok, fail)` passes every argument of the settlement (an HTTP error and the body).
 */
export interface CockpitPromise<T> {
  then(ok: (value: T) => void, fail?: (error: CockpitError, body?: string) => void): unknown;
}

export interface CockpitError {
  /** HTTP status of a non-2xx answer; absent when the channel itself failed. */
  status?: number;
  reason?: string;
  /** Channel problem: access-denied (socket permissions), not-found (no socket), disconnected … */
  problem?: string | null;
  message?: string;
}

export interface CockpitHttpRequest extends CockpitPromise<string> {
  response(callback: (status: number, headers: Record<string, string>) => void): CockpitHttpRequest;
  stream(callback: (chunk: string) => void): CockpitHttpRequest;
  close(problem?: string): void;
}

export interface CockpitHttp {
  request(options: { method: string; path: string; headers?: Record<string, string>; body: string }): CockpitHttpRequest;
  close(): void;
}

export interface CockpitUser {
  id: number;
  name: string;
  full_name: string;
  groups: string[];
}

export interface CockpitPermission {
  /** null until known; true when Cockpit's administrative access (superuser) is on. */
  allowed: boolean | null;
  addEventListener(type: 'changed', listener: () => void): void;
}

export interface Cockpit {
  http(unixSocket: string, options?: { superuser?: 'require' | 'try'; headers?: Record<string, string> }): CockpitHttp;
  user(): CockpitPromise<CockpitUser>;
  permission(options: { admin: true }): CockpitPermission;
  message(error: CockpitError): string;
}

export function cockpitApi(): Cockpit | null {
  return (globalThis as { cockpit?: Cockpit }).cockpit ?? null;
}
