import { ageBody, ageProblem, todayIso } from './ageForm';

describe('age fields of a subject', () => {
  it('takes a birth date or an age band, never both, and no birth date after today', () => {
    expect(ageProblem({ birthDate: '2015-03-01', ageBand: '' }, '2026-11-30')).toBeNull();
    expect(ageProblem({ birthDate: '', ageBand: 'MINOR' }, '2026-11-30')).toBeNull();
    expect(ageProblem({ birthDate: '', ageBand: '' }, '2026-11-30')).toBeNull();
    expect(ageProblem({ birthDate: '2015-03-01', ageBand: 'ADULT' }, '2026-11-30')).toBe('subjects.ageBoth');
    expect(ageProblem({ birthDate: '2026-12-01', ageBand: '' }, '2026-11-30')).toBe('subjects.ageFuture');
    expect(ageProblem({ birthDate: '2026-11-30', ageBand: '' }, '2026-11-30')).toBeNull();
  });

  it('sends empty fields as null', () => {
    expect(ageBody({ birthDate: '', ageBand: '' })).toEqual({ birthDate: null, ageBand: null });
    expect(ageBody({ birthDate: '2015-03-01', ageBand: '' })).toEqual({ birthDate: '2015-03-01', ageBand: null });
  });

  it('reads today in the local calendar', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
