import type { Key } from '../common/i18n';

/** The age fields of the subject forms: a birth date (yyyy-mm-dd) or an age band, never both. */
export interface AgeForm { birthDate: string; ageBand: '' | 'MINOR' | 'ADULT' }

/** Why the age cannot be saved as entered (the server refuses the same), or null. {@code today} as yyyy-mm-dd. */
export function ageProblem(form: AgeForm, today: string): Key | null {
  if (form.birthDate && form.ageBand) return 'subjects.ageBoth';
  if (form.birthDate && form.birthDate > today) return 'subjects.ageFuture';
  return null;
}

/** The request fields: empty inputs are sent as null (nothing declared). */
export function ageBody(form: AgeForm): { birthDate: string | null; ageBand: 'MINOR' | 'ADULT' | null } {
  return { birthDate: form.birthDate || null, ageBand: form.ageBand || null };
}

/** Today in the browser's own calendar, as a date input shows it. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
