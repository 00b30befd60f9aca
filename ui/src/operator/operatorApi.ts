import { call } from '../common/api';
import { CONSOLE_HEADER, type Session } from '../console/consoleApi';
import { usageApi } from './usageApi';

/**
 * The operator console talks to the platform routes through its backend-for-frontend session (cookie set by
 * /operator/callback, against the platform realm); like the tenant console, no token reaches JavaScript.
 */
export function operatorApi() {
  const req = <T,>(path: string, init: RequestInit = {}) =>
    call<T>(`/api/v1/platform${path}`, {
      credentials: 'same-origin',
      ...init,
      headers: { ...(init.headers ?? {}), [CONSOLE_HEADER]: '1' },
    });
  return {
    session: () => call<Session>('/operator/session', { credentials: 'same-origin', headers: { [CONSOLE_HEADER]: '1' } }),
    logout: () => call<void>('/operator/logout', { method: 'POST', credentials: 'same-origin', headers: { [CONSOLE_HEADER]: '1' } }),
    get: <T,>(path: string) => req<T>(path),
    post: <T,>(path: string, body?: unknown) =>
      req<T>(path, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  };
}
export type OperatorApi = ReturnType<typeof operatorApi>;

/** The usage view's reads through the operator session (the marker header lends the session's token). */
export function operatorUsageApi() {
  return usageApi(<T,>(path: string, accept = 'application/json') =>
    call<T>(path, { credentials: 'same-origin', headers: { Accept: accept, [CONSOLE_HEADER]: '1' } }));
}
