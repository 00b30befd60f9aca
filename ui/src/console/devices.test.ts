import { ago, presence } from './devices';

describe('device presence', () => {
  const now = Date.parse('2026-11-27T10:00:00Z');
  it('is online within the heartbeat window, offline after it, never without a heartbeat', () => {
    expect(presence({ status: 'ACTIVE', lastSeenAt: '2026-11-27T09:56:00Z' }, now)).toBe('online');
    expect(presence({ status: 'ACTIVE', lastSeenAt: '2026-11-27T09:54:59Z' }, now)).toBe('offline');
    expect(presence({ status: 'ACTIVE', lastSeenAt: null }, now)).toBe('never');
    expect(presence({ status: 'REVOKED', lastSeenAt: '2026-11-27T09:59:00Z' }, now)).toBe('revoked');
  });
  it('says how long ago in the largest whole unit', () => {
    expect(ago('2026-11-27T09:57:00Z', now, 'en')).toBe('3 minutes ago');
    expect(ago('2026-11-27T07:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(ago('2026-11-26T10:00:00Z', now, 'en')).toBe('yesterday');
    expect(ago('2026-11-27T09:59:50Z', now, 'zh')).toContain('10');
  });
});
