import { call } from '../common/api';

/**
 * The console talks to the api through its backend-for-frontend session: an HttpOnly cookie set by
 * /console/{tenant}/callback. No token ever reaches JavaScript. The marker header is required by the
 * server for cookie-authenticated calls (a cross-site form cannot set it: CSRF defence besides SameSite).
 */
export const CONSOLE_HEADER = 'X-Consentry-Console';

export interface Session { tenant: string; username: string; roles: string[]; expiresAt: string }

export function consoleApi(tenant: string) {
  const base = `/api/v1/tenants/${tenant}`;
  const req = <T,>(path: string, init: RequestInit = {}) =>
    call<T>(`${base}${path}`, {
      credentials: 'same-origin',
      ...init,
      headers: { ...(init.headers ?? {}), [CONSOLE_HEADER]: '1' },
    });
  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    session: () => call<Session>(`/console/${tenant}/session`, { credentials: 'same-origin', headers: { [CONSOLE_HEADER]: '1' } }),
    logout: () => call<void>(`/console/${tenant}/logout`, { method: 'POST', credentials: 'same-origin', headers: { [CONSOLE_HEADER]: '1' } }),
    get: <T,>(path: string) => req<T>(path),
    post: <T,>(path: string, body?: unknown) => req<T>(path, body === undefined ? { method: 'POST' } : json('POST', body)),
    put: <T,>(path: string, body: unknown) => req<T>(path, json('PUT', body)),
    del: <T,>(path: string) => req<T>(path, { method: 'DELETE' }),
    /** Sends a file as the raw request body (the engine view's test photo); the browser sets Content-Length. */
    upload: <T,>(path: string, file: Blob) =>
      req<T>(path, { method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file }),
    raw: (path: string) => fetch(`${base}${path}`, { credentials: 'same-origin', headers: { [CONSOLE_HEADER]: '1' } }),
  };
}
export type ConsoleApi = ReturnType<typeof consoleApi>;

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
