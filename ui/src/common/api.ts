/** An RFC 9457 problem from the api, with its stable code. */
export class Problem extends Error {
  constructor(public status: number, public code: string, detail: string, public body?: unknown) {
    super(detail);
  }
}

export async function toProblem(res: Response): Promise<Problem> {
  let body: any = undefined;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const code = body?.code ?? body?.type?.split('/').pop() ?? `http_${res.status}`;
  return new Problem(res.status, code, body?.detail ?? body?.title ?? res.statusText, body);
}

export async function call<T>(input: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(input, init);
  if (!res.ok) throw await toProblem(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

/** The tenant in /consent/{tenant} or /console/{tenant}. */
export function tenantFromPath(pathname: string): string | null {
  const m = /^\/(?:consent|console)\/([a-z0-9][a-z0-9-]*)\/?/.exec(pathname);
  return m ? m[1] : null;
}

/** Reads #invitation=… or #personal=… from the link; the fragment never reaches a server log. */
export function linkToken(hash: string): { kind: 'invitation' | 'personal'; token: string } | null {
  const m = /^#(invitation|personal)=([A-Za-z0-9_\-.~]+)$/.exec(hash);
  return m ? { kind: m[1] as 'invitation' | 'personal', token: m[2] } : null;
}

export function formatTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
