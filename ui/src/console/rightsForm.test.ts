import { Problem } from '../common/api';
import {
  addException, addGroup, dayRuns, describeWeekly, fromView, removeGroup, serverFindings, toggleDay, toRequest, validate,
  type RightsForm, type RightsView,
} from './rightsForm';

const short = (d: string) => d.slice(0, 3).charAt(0) + d.slice(1, 3).toLowerCase();
const empty: RightsForm = { groups: [], exceptions: [] };

describe('site rights form', () => {
  it('an empty form is valid: the site is open to everyone', () => {
    expect(validate(empty)).toEqual([]);
    expect(toRequest(empty)).toEqual({ groups: [], exceptions: [] });
  });

  it('a new group starts with weekday hours; a group listed twice is refused', () => {
    const f = addGroup(addGroup(empty, 'g1'), 'g1');
    expect(f.groups[0].weekly).toEqual([{ days: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], from: '07:00', to: '19:00' }]);
    expect(validate(f)).toEqual([{ field: 'groups[1].groupId', key: 'rights.err.groupTwice' }]);
    expect(validate(removeGroup(f, 1))).toEqual([]);
  });

  it('refuses a range that crosses midnight but accepts one that ends at midnight', () => {
    const night: RightsForm = { groups: [{ groupId: 'g', weekly: [{ days: ['FRIDAY'], from: '22:00', to: '06:00' }] }], exceptions: [] };
    expect(validate(night)).toEqual([{ field: 'groups[0].weekly[0]', key: 'rights.err.crossesMidnight', vars: { from: '22:00', to: '06:00' } }]);
    const split: RightsForm = { groups: [{ groupId: 'g', weekly: [
      { days: ['FRIDAY'], from: '22:00', to: '00:00' }, { days: ['SATURDAY'], from: '00:00', to: '06:00' }] }], exceptions: [] };
    expect(validate(split)).toEqual([]);
  });

  it('refuses overlapping windows of one day, not adjacent ones or ones on other days', () => {
    const f = (b: { days: ('MONDAY' | 'TUESDAY')[]; from: string; to: string }): RightsForm =>
      ({ groups: [{ groupId: 'g', weekly: [{ days: ['MONDAY'], from: '08:00', to: '12:00' }, b] }], exceptions: [] });
    expect(validate(f({ days: ['TUESDAY', 'MONDAY'], from: '11:00', to: '13:00' }))).toEqual([{ field: 'groups[0].weekly', key: 'rights.err.overlap' }]);
    expect(validate(f({ days: ['MONDAY'], from: '12:00', to: '13:00' }))).toEqual([]);
    expect(validate(f({ days: ['TUESDAY'], from: '11:00', to: '13:00' }))).toEqual([]);
    expect(validate(f({ days: [], from: '11:00', to: '13:00' }))).toEqual([{ field: 'groups[0].weekly[1]', key: 'rights.err.days' }]);
  });

  it('an exception is closed all day or has hours; dates are unique', () => {
    let f = addException(addException(empty, '2026-12-25'), '2026-10-01');
    expect(f.exceptions.map((e) => e.date)).toEqual(['2026-10-01', '2026-12-25']);
    expect(validate(f)).toEqual([]);
    f = { ...f, exceptions: [{ ...f.exceptions[0], closed: false }, f.exceptions[1]] };
    expect(validate(f)).toEqual([{ field: 'exceptions[0].hours', key: 'rights.err.hours' }]);
    f = { ...f, exceptions: [{ ...f.exceptions[0], hours: [{ from: '09:00', to: '12:00' }] }, { ...f.exceptions[1], date: '2026-10-01' }] };
    expect(validate(f)).toEqual([{ field: 'exceptions[1].date', key: 'rights.err.dateTwice', vars: { date: '2026-10-01' } }]);
    // hours of a closed day are not sent
    expect(toRequest({ groups: [], exceptions: [{ date: '2026-12-25', closed: true, hours: [{ from: '09:00', to: '10:00' }], note: ' ' }] }).exceptions)
      .toEqual([{ date: '2026-12-25', closed: true, hours: [], note: null }]);
  });

  it('reads the server view (seconds dropped) and writes the same back', () => {
    const view: RightsView = { siteId: 's', siteName: 'Lobby', timeZone: 'Asia/Shanghai', restricted: true,
      groups: [{ groupId: 'g', groupName: 'Tower A', weekly: [{ days: ['FRIDAY', 'MONDAY'], from: '07:00:00', to: '19:00:00' }] }],
      exceptions: [{ date: '2026-12-03', closed: false, hours: [{ from: '09:00:00', to: '12:00:00' }], note: 'Short day' }] };
    const f = fromView(view);
    expect(f.groups[0].weekly[0]).toEqual({ days: ['MONDAY', 'FRIDAY'], from: '07:00', to: '19:00' });
    expect(toRequest(f)).toEqual({ groups: [{ groupId: 'g', weekly: [{ days: ['MONDAY', 'FRIDAY'], from: '07:00', to: '19:00' }] }],
      exceptions: [{ date: '2026-12-03', closed: false, hours: [{ from: '09:00', to: '12:00' }], note: 'Short day' }] });
  });

  it('toggles days in week order and describes the week briefly', () => {
    const w = toggleDay(toggleDay({ days: ['FRIDAY'], from: '07:00', to: '19:00' }, 'MONDAY'), 'FRIDAY');
    expect(w.days).toEqual(['MONDAY']);
    expect(dayRuns(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'SUNDAY'], short)).toBe('Mon–Wed, Sun');
    expect(dayRuns(['MONDAY', 'TUESDAY'], short)).toBe('Mon, Tue');
    expect(describeWeekly([{ days: ['SATURDAY'], from: '22:00:00', to: '00:00:00' }], short, 'any time')).toBe('Sat 22:00–24:00');
    expect(describeWeekly([], short, 'any time')).toBe('any time');
  });

  it('takes the server field errors as they are', () => {
    const p = new Problem(400, 'rights_invalid', 'x', { errors: [{ field: 'groups[0].groupId', message: 'There is no group' }] });
    expect(serverFindings(p)).toEqual([{ field: 'groups[0].groupId', key: '', vars: { message: 'There is no group' } }]);
  });
});
