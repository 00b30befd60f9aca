/**
 * A membership's period as the form has it (datetime-local fields, read in the browser's time zone) and as the api
 * takes it (instants). Empty fields are open ends; a period that ends before it starts is left to the server to
 * refuse (400 membership_invalid), which says so in a sentence.
 */
export function periodRequest(from: string, until: string): { validFrom: string | null; validUntil: string | null } {
  const instant = (local: string) => (local.trim() === '' ? null : new Date(local).toISOString());
  return { validFrom: instant(from), validUntil: instant(until) };
}
