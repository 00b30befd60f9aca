import { call } from '../common/api';

/** One tenant's usage on one day (UTC), as GET /api/v1/platform/usage answers it. */
export interface UsageRow {
  tenant: string;
  day: string;
  verifications: number;
  identifications: number;
  alternativeDecisions: number;
  enrolments: number;
  /** a snapshot when the day was recorded: not summed over days */
  storedTemplates: number;
  /** a snapshot when the day was recorded: not summed over days */
  objectStoreBytes: number;
}

export interface UsageQuery { from: string; to: string; tenant?: string }

/** How the operator app reaches the api (its session headers, e.g. the console marker); plain same-origin by default. */
export type Getter = <T>(path: string, accept?: string) => Promise<T>;

const defaultGetter: Getter = <T,>(path: string, accept = 'application/json') =>
  call<T>(path, { credentials: 'same-origin', headers: { Accept: accept } });

export const USAGE_PATH = '/api/v1/platform/usage';

export function usagePath(q: UsageQuery): string {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  if (q.tenant) p.set('tenant', q.tenant);
  return `${USAGE_PATH}?${p.toString()}`;
}

export function usageApi(get: Getter = defaultGetter) {
  return {
    list: (q: UsageQuery) => get<UsageRow[]>(usagePath(q)),
    csv: (q: UsageQuery) => get<string>(usagePath(q), 'text/csv'),
  };
}
export type UsageApi = ReturnType<typeof usageApi>;

export interface TenantTotals {
  tenant: string;
  days: UsageRow[];
  verifications: number;
  identifications: number;
  alternativeDecisions: number;
  enrolments: number;
  /** the latest day's snapshot */
  storedTemplates: number;
  /** the latest day's snapshot */
  objectStoreBytes: number;
}

/**
 * Rows grouped per tenant (by slug, days in order) with totals: the counts of the days are summed, the snapshots
 * (templates, bytes) are the latest day's, since a template stored on Monday is still the same one on Tuesday.
 */
export function byTenant(rows: UsageRow[]): { tenants: TenantTotals[]; total: Omit<TenantTotals, 'tenant' | 'days'> } {
  const groups = new Map<string, UsageRow[]>();
  for (const r of rows) groups.set(r.tenant, [...(groups.get(r.tenant) ?? []), r]);
  const tenants = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tenant, list]) => {
    const days = [...list].sort((a, b) => a.day.localeCompare(b.day));
    const last = days[days.length - 1];
    const sum = (k: 'verifications' | 'identifications' | 'alternativeDecisions' | 'enrolments') =>
      days.reduce((n, d) => n + d[k], 0);
    return {
      tenant, days, verifications: sum('verifications'), identifications: sum('identifications'),
      alternativeDecisions: sum('alternativeDecisions'), enrolments: sum('enrolments'),
      storedTemplates: last.storedTemplates, objectStoreBytes: last.objectStoreBytes,
    };
  });
  const add = (k: keyof Omit<TenantTotals, 'tenant' | 'days'>) => tenants.reduce((n, t) => n + t[k], 0);
  return {
    tenants,
    total: {
      verifications: add('verifications'), identifications: add('identifications'),
      alternativeDecisions: add('alternativeDecisions'), enrolments: add('enrolments'),
      storedTemplates: add('storedTemplates'), objectStoreBytes: add('objectStoreBytes'),
    },
  };
}

/** 1536 → "1.5 KiB": object-store bytes as a person reads them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** YYYY-MM-DD of a date in UTC (usage days are UTC days). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
