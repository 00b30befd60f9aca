import { periodRequest } from './groupsForm';

describe('membership period', () => {
  it('sends empty fields as open ends and local times as instants', () => {
    expect(periodRequest('', ' ')).toEqual({ validFrom: null, validUntil: null });
    const p = periodRequest('2026-12-10T08:00', '');
    expect(p.validUntil).toBeNull();
    expect(new Date(p.validFrom as string).getTime()).toBe(new Date('2026-12-10T08:00').getTime());
  });
});
