/** Device status as the console shows it. Pure functions, tested in devices.test.ts. */

export interface Device {
  id: string;
  siteId: string;
  name: string;
  clientId: string;
  status: 'ACTIVE' | 'REVOKED';
  createdAt: string;
  secretRotatedAt?: string | null;
  revokedAt?: string | null;
  lastSeenAt?: string | null;
  softwareVersion?: string | null;
  health?: 'OK' | 'DEGRADED' | 'FAILING' | null;
  healthDetail?: string | null;
  tokenEndpoint?: string;
  /** Only in the answer that registered the device or rotated its secret. */
  clientSecret?: string;
}

/** The dashboard's default (consentry.dashboard.device-online-window, PT5M). */
export const ONLINE_WINDOW_MS = 5 * 60_000;

export type Presence = 'revoked' | 'online' | 'offline' | 'never';

export function presence(d: Pick<Device, 'status' | 'lastSeenAt'>, now: number, windowMs = ONLINE_WINDOW_MS): Presence {
  if (d.status === 'REVOKED') return 'revoked';
  if (!d.lastSeenAt) return 'never';
  return now - Date.parse(d.lastSeenAt) <= windowMs ? 'online' : 'offline';
}

/** "3 minutes ago" / "3分钟前", in the largest unit that is at least 1. */
export function ago(iso: string, now: number, lang: string): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const fmt = new Intl.RelativeTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return fmt.format(Math.trunc(seconds / size), unit);
  return fmt.format(seconds, 'second');
}
