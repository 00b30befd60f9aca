/**
 * The site-rights form's state and rules, free of React so they can be tested on their own.
 *
 * A site lists the groups that may enter and when (weekly windows in the site's time zone; no window = at any time),
 * plus dated exceptions (closed all day, or other hours for everyone that day). No group listed = open to every
 * subject of the tenant. The server checks the same rules (400 rights_invalid, errors[] per field); the form finds them
 * first and names the row, so nothing half-valid is ever sent.
 */
import type { Problem } from '../common/api';
import { DAYS, type Day } from './policyForm';

export interface Window { days: Day[]; from: string; to: string }
export interface Range { from: string; to: string }
export interface GroupRightForm { groupId: string; weekly: Window[] }
export interface ExceptionForm { date: string; closed: boolean; hours: Range[]; note: string }
export interface RightsForm { groups: GroupRightForm[]; exceptions: ExceptionForm[] }

export interface RightsView {
  siteId: string; siteName: string; timeZone: string; restricted: boolean;
  groups: { groupId: string; groupName: string | null; weekly: { days: Day[]; from: string; to: string }[] }[];
  exceptions: { date: string; closed: boolean; hours: Range[]; note: string | null }[];
}

export interface GroupOption { id: string; name: string }

const hhmm = (t: string) => t.slice(0, 5);
/** Minutes of the day; an end of 00:00 is midnight at the end of the day. */
export const minutes = (t: string, end = false): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(t);
  if (!m) return NaN;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return end && v === 0 ? 24 * 60 : v;
};

export function fromView(v: RightsView): RightsForm {
  return {
    groups: v.groups.map((g) => ({ groupId: g.groupId, weekly: g.weekly.map((w) => ({ days: DAYS.filter((d) => w.days.includes(d)), from: hhmm(w.from), to: hhmm(w.to) })) })),
    exceptions: v.exceptions.map((e) => ({ date: e.date, closed: e.closed, hours: e.hours.map((h) => ({ from: hhmm(h.from), to: hhmm(h.to) })), note: e.note ?? '' })),
  };
}

export function toRequest(f: RightsForm) {
  return {
    groups: f.groups.map((g) => ({ groupId: g.groupId, weekly: g.weekly.map((w) => ({ days: w.days, from: w.from, to: w.to })) })),
    exceptions: f.exceptions.map((e) => ({ date: e.date, closed: e.closed, hours: e.closed ? [] : e.hours, note: e.note.trim() || null })),
  };
}

/** A finding: which row, and the message key (with variables) that explains it. */
export interface Finding { field: string; key: string; vars?: Record<string, string | number> }

function rangeFinding(field: string, from: string, to: string): Finding | null {
  const a = minutes(from);
  const b = minutes(to, true);
  if (Number.isNaN(a) || Number.isNaN(b)) return { field, key: 'rights.err.time' };
  if (b <= a) return { field, key: 'rights.err.crossesMidnight', vars: { from, to } };
  return null;
}

function overlapFinding(field: string, ranges: { day: string; from: number; to: number }[]): Finding | null {
  const sorted = [...ranges].sort((x, y) => (x.day === y.day ? x.from - y.from : x.day < y.day ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].day === sorted[i - 1].day && sorted[i].from < sorted[i - 1].to) return { field, key: 'rights.err.overlap' };
  }
  return null;
}

/** Every problem of the form, in order; empty when it can be saved. */
export function validate(f: RightsForm): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  f.groups.forEach((g, i) => {
    if (!g.groupId) out.push({ field: `groups[${i}].groupId`, key: 'rights.err.group' });
    else if (seen.has(g.groupId)) out.push({ field: `groups[${i}].groupId`, key: 'rights.err.groupTwice' });
    seen.add(g.groupId);
    const ranges: { day: string; from: number; to: number }[] = [];
    g.weekly.forEach((w, j) => {
      const field = `groups[${i}].weekly[${j}]`;
      if (w.days.length === 0) { out.push({ field, key: 'rights.err.days' }); return; }
      const r = rangeFinding(field, w.from, w.to);
      if (r) { out.push(r); return; }
      w.days.forEach((d) => ranges.push({ day: d, from: minutes(w.from), to: minutes(w.to, true) }));
    });
    const o = overlapFinding(`groups[${i}].weekly`, ranges);
    if (o) out.push(o);
  });
  const dates = new Set<string>();
  f.exceptions.forEach((e, i) => {
    const field = `exceptions[${i}]`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date)) { out.push({ field: `${field}.date`, key: 'rights.err.date' }); return; }
    if (dates.has(e.date)) out.push({ field: `${field}.date`, key: 'rights.err.dateTwice', vars: { date: e.date } });
    dates.add(e.date);
    if (e.closed) return;
    if (e.hours.length === 0) { out.push({ field: `${field}.hours`, key: 'rights.err.hours' }); return; }
    const ranges: { day: string; from: number; to: number }[] = [];
    e.hours.forEach((h, j) => {
      const r = rangeFinding(`${field}.hours[${j}]`, h.from, h.to);
      if (r) out.push(r);
      else ranges.push({ day: '', from: minutes(h.from), to: minutes(h.to, true) });
    });
    const o = overlapFinding(`${field}.hours`, ranges);
    if (o) out.push(o);
  });
  return out;
}

/** The server's field errors (400 rights_invalid), as findings with the server's own sentence. */
export function serverFindings(p: Problem): Finding[] {
  const body = (p.body ?? {}) as { errors?: { field: string; message: string }[] };
  if (Array.isArray(body.errors) && body.errors.length > 0) return body.errors.map((e) => ({ field: e.field, key: '', vars: { message: e.message } }));
  return [{ field: 'form', key: '', vars: { message: p.message } }];
}

export const addGroup = (f: RightsForm, groupId: string): RightsForm =>
  ({ ...f, groups: [...f.groups, { groupId, weekly: [{ days: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], from: '07:00', to: '19:00' }] }] });
export const removeGroup = (f: RightsForm, i: number): RightsForm => ({ ...f, groups: f.groups.filter((_, j) => j !== i) });
export const setGroup = (f: RightsForm, i: number, g: GroupRightForm): RightsForm => ({ ...f, groups: f.groups.map((x, j) => (j === i ? g : x)) });
export const toggleDay = (w: Window, d: Day): Window =>
  ({ ...w, days: w.days.includes(d) ? w.days.filter((x) => x !== d) : DAYS.filter((x) => x === d || w.days.includes(x)) });
export const addException = (f: RightsForm, date: string): RightsForm =>
  ({ ...f, exceptions: [...f.exceptions, { date, closed: true, hours: [], note: '' }].sort((a, b) => a.date.localeCompare(b.date)) });
export const setException = (f: RightsForm, i: number, e: ExceptionForm): RightsForm =>
  ({ ...f, exceptions: f.exceptions.map((x, j) => (j === i ? e : x)) });
export const removeException = (f: RightsForm, i: number): RightsForm => ({ ...f, exceptions: f.exceptions.filter((_, j) => j !== i) });

/** "Mon–Fri 07:00–19:00; Sat 09:00–12:00" (or the caller's "any time" when there is no window). */
export function describeWeekly(weekly: { days: Day[]; from: string; to: string }[], dayName: (d: Day) => string, anyTime: string): string {
  if (weekly.length === 0) return anyTime;
  return weekly.map((w) => `${dayRuns(DAYS.filter((d) => w.days.includes(d)), dayName)} ${hhmm(w.from)}–${hhmm(w.to) === '00:00' ? '24:00' : hhmm(w.to)}`).join('; ');
}

/** Consecutive days as runs: Mon–Fri, Sun. */
export function dayRuns(days: Day[], dayName: (d: Day) => string): string {
  const idx = days.map((d) => DAYS.indexOf(d)).sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j] + 1) j++;
    runs.push(j - i >= 2 ? `${dayName(DAYS[idx[i]])}–${dayName(DAYS[idx[j]])}` : idx.slice(i, j + 1).map((k) => dayName(DAYS[k])).join(', '));
    i = j + 1;
  }
  return runs.join(', ');
}
