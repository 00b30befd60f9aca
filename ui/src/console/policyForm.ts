/**
 * The site policy form's state and rules, kept free of React so they can be tested on their own.
 *
 * The rule that matters: a policy can never make face the only way in (nobody may be forced to use their face), so
 * the last ticked non-biometric method cannot be unticked. The server enforces the same rule (400 policy_invalid);
 * the form just makes the invalid state unreachable and explains why.
 *
 * And each face method runs under one purpose of its kind, chosen here: the gate then checks the subject's consent to
 * exactly that purpose (a consent to another purpose of the same kind opens nothing).
 */
import type { Problem } from '../common/api';
import type { Outlook } from './operatingPoints';

export type Method = 'FACE_1_1' | 'FACE_1_N' | 'PIN' | 'QR' | 'CARD' | 'GUARD';
export type ClaimType = 'CARD' | 'QR' | 'SUBJECT_REF';
export type Day = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

export const FACE_METHODS: readonly Method[] = ['FACE_1_1', 'FACE_1_N'];
export const OTHER_METHODS: readonly Method[] = ['PIN', 'QR', 'CARD', 'GUARD'];
export const CLAIM_TYPES: readonly ClaimType[] = ['SUBJECT_REF', 'CARD', 'QR'];
export const DAYS: readonly Day[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
export const MAX_ATTEMPTS = 10;
export const MAX_WINDOWS = 28;

export const isFace = (m: Method) => FACE_METHODS.includes(m);

/** The purpose kind each face method runs under. */
export const PURPOSE_KIND: Record<'FACE_1_1' | 'FACE_1_N', string> = { FACE_1_1: 'FACE_VERIFICATION', FACE_1_N: 'FACE_IDENTIFICATION' };
export interface PurposeOption { code: string; title: string; kind: string }

/** The live purposes a face method may run under. */
export const purposesFor = (m: 'FACE_1_1' | 'FACE_1_N', purposes: readonly PurposeOption[]) =>
  purposes.filter((p) => p.kind === PURPOSE_KIND[m]);

export interface OpeningWindow { days: Day[]; from: string; to: string }

/** What the api answers for GET/PUT …/sites/{id}/policy. Times are "HH:MM:SS". */
export interface PolicyView {
  siteId: string;
  methods: Method[];
  faceClaimTypes: ClaimType[];
  verificationPurpose: string | null;
  identificationPurpose: string | null;
  livenessRequired: boolean;
  livenessThreshold: number;
  targetFar: number;
  matchThreshold: number;
  /** FACE_1_N only: the false-positive identification rate the site aims for, and the misses it accepts at most. */
  targetFpir?: number | null;
  maxFnir?: number | null;
  /** FACE_1_N only: what identification can promise for the tenant's gallery as it is now. */
  identification?: Outlook | null;
  modelPack: string;
  faceAttemptsBeforeFallback: number;
  openingHours: OpeningWindow[];
  updatedAt: string;
}

/** Numbers stay text while edited, so a half-typed value is shown as typed and flagged, not silently replaced. */
export interface PolicyForm {
  methods: Method[];
  faceClaimTypes: ClaimType[];
  /** '' while none is chosen */
  verificationPurpose: string;
  identificationPurpose: string;
  livenessRequired: boolean;
  livenessThreshold: string;
  targetFar: number;
  targetFpir: number;
  /** Empty: the model pack's own ceiling. */
  maxFnir: string;
  faceAttemptsBeforeFallback: string;
  openingHours: OpeningWindow[];
}

/** A FACE_1_N policy aims at one non-member in a hundred unless the admin chooses otherwise. */
export const DEFAULT_FPIR = 0.01;

export type Field = 'methods' | 'faceClaimTypes' | 'verificationPurpose' | 'identificationPurpose' | 'livenessThreshold' | 'targetFar'
  | 'targetFpir' | 'maxFnir' | 'faceAttemptsBeforeFallback' | 'openingHours' | 'form';

/** Client-side findings as message keys (translated by the caller); per window for opening hours. */
export interface Findings {
  fields: Partial<Record<Exclude<Field, 'form'>, FindingKey>>;
  windows: Record<number, FindingKey>;
}
export type FindingKey =
  | 'policy.err.noAlternative'
  | 'policy.err.claims'
  | 'policy.err.purpose'
  | 'policy.err.liveness'
  | 'policy.err.far'
  | 'policy.err.fpir'
  | 'policy.err.maxFnir'
  | 'policy.err.attempts'
  | 'policy.err.windowDays'
  | 'policy.err.windowOrder'
  | 'policy.err.windowCount';

const hhmm = (t: string) => t.slice(0, 5);

export function fromView(v: PolicyView): PolicyForm {
  return {
    methods: sortMethods(v.methods),
    faceClaimTypes: CLAIM_TYPES.filter((c) => v.faceClaimTypes.includes(c)),
    verificationPurpose: v.verificationPurpose ?? '',
    identificationPurpose: v.identificationPurpose ?? '',
    livenessRequired: v.livenessRequired,
    livenessThreshold: String(v.livenessThreshold),
    targetFar: v.targetFar,
    targetFpir: v.targetFpir ?? DEFAULT_FPIR,
    maxFnir: v.maxFnir == null ? '' : String(v.maxFnir),
    faceAttemptsBeforeFallback: String(v.faceAttemptsBeforeFallback),
    openingHours: v.openingHours.map((w) => ({ days: DAYS.filter((d) => w.days.includes(d)), from: hhmm(w.from), to: hhmm(w.to) })),
  };
}

function sortMethods(ms: readonly Method[]): Method[] {
  return [...FACE_METHODS, ...OTHER_METHODS].filter((m) => ms.includes(m));
}

/** True when unticking {@code m} would leave no way in without a face. */
export function isLocked(form: PolicyForm, m: Method): boolean {
  if (isFace(m) || !form.methods.includes(m)) return false;
  return form.methods.filter((x) => !isFace(x)).length === 1;
}

/**
 * Ticks or unticks a method. Unticking the last non-biometric method is refused (the form is returned unchanged).
 * Dropping 1:1 face verification drops its claim types (they mean nothing without it); ticking the first face method
 * turns liveness on, the safe default.
 */
export function toggleMethod(form: PolicyForm, m: Method): PolicyForm {
  if (isLocked(form, m)) return form;
  const on = !form.methods.includes(m);
  const methods = sortMethods(on ? [...form.methods, m] : form.methods.filter((x) => x !== m));
  const next: PolicyForm = { ...form, methods };
  if (m === 'FACE_1_1' && !on) {
    next.faceClaimTypes = [];
    next.verificationPurpose = '';
  }
  if (m === 'FACE_1_N' && !on) next.identificationPurpose = '';
  if (on && isFace(m) && !form.methods.some(isFace)) next.livenessRequired = true;
  return next;
}

export function toggleClaim(form: PolicyForm, c: ClaimType): PolicyForm {
  const on = !form.faceClaimTypes.includes(c);
  return { ...form, faceClaimTypes: CLAIM_TYPES.filter((x) => (x === c ? on : form.faceClaimTypes.includes(x))) };
}

export const usesFace = (form: PolicyForm) => form.methods.some(isFace);

function parseNumber(s: string): number | null {
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(s)) return null;
  return Number(s);
}

/**
 * What the server would refuse, found before sending. {@code fars}: the per-pair rates the model pack is calibrated
 * for (1:1); {@code fpirs}: its identification rates (1:N).
 */
export function validate(form: PolicyForm, fars: readonly number[], fpirs: readonly number[] = []): Findings {
  const fields: Findings['fields'] = {};
  const windows: Findings['windows'] = {};
  if (!form.methods.some((m) => !isFace(m))) fields.methods = 'policy.err.noAlternative';
  if (form.methods.includes('FACE_1_1') && form.faceClaimTypes.length === 0) fields.faceClaimTypes = 'policy.err.claims';
  if (form.methods.includes('FACE_1_1') && !form.verificationPurpose) fields.verificationPurpose = 'policy.err.purpose';
  if (form.methods.includes('FACE_1_N') && !form.identificationPurpose) fields.identificationPurpose = 'policy.err.purpose';
  if (usesFace(form)) {
    const live = parseNumber(form.livenessThreshold);
    if (form.livenessRequired && (live === null || live < 0 || live > 1)) fields.livenessThreshold = 'policy.err.liveness';
    if (fars.length > 0 && !fars.includes(form.targetFar)) fields.targetFar = 'policy.err.far';
    if (form.methods.includes('FACE_1_N')) {
      if (fpirs.length > 0 && !fpirs.includes(form.targetFpir)) fields.targetFpir = 'policy.err.fpir';
      const max = form.maxFnir.trim() === '' ? null : parseNumber(form.maxFnir);
      if (form.maxFnir.trim() !== '' && (max === null || max <= 0 || max > 1)) fields.maxFnir = 'policy.err.maxFnir';
    }
    const attempts = parseNumber(form.faceAttemptsBeforeFallback);
    if (attempts === null || !Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS) {
      fields.faceAttemptsBeforeFallback = 'policy.err.attempts';
    }
  }
  if (form.openingHours.length > MAX_WINDOWS) fields.openingHours = 'policy.err.windowCount';
  form.openingHours.forEach((w, i) => {
    if (w.days.length === 0) windows[i] = 'policy.err.windowDays';
    else if (!(w.from < w.to)) windows[i] = 'policy.err.windowOrder';
  });
  return { fields, windows };
}

export const hasFindings = (f: Findings) => Object.keys(f.fields).length > 0 || Object.keys(f.windows).length > 0;

/**
 * The PUT body. Face settings are only sent when a face method is ticked (the server would ignore them otherwise);
 * an untouched threshold keeps its value when liveness is switched off, so switching back restores it.
 */
export function toRequest(form: PolicyForm) {
  const face = usesFace(form);
  return {
    methods: form.methods,
    faceClaimTypes: form.methods.includes('FACE_1_1') ? form.faceClaimTypes : [],
    ...(form.methods.includes('FACE_1_1') ? { verificationPurpose: form.verificationPurpose } : {}),
    ...(form.methods.includes('FACE_1_N') ? { identificationPurpose: form.identificationPurpose } : {}),
    livenessRequired: face && form.livenessRequired,
    ...(face
      ? {
          ...(parseNumber(form.livenessThreshold) === null ? {} : { livenessThreshold: Number(form.livenessThreshold) }),
          targetFar: form.targetFar,
          ...(form.methods.includes('FACE_1_N')
            ? { targetFpir: form.targetFpir, ...(form.maxFnir.trim() === '' ? {} : { maxFnir: Number(form.maxFnir) }) }
            : {}),
          faceAttemptsBeforeFallback: Number(form.faceAttemptsBeforeFallback),
        }
      : {}),
    openingHours: form.openingHours.map((w) => ({ days: w.days, from: w.from, to: w.to })),
  };
}

/** Server errors placed next to the field they concern; what cannot be placed goes to the top of the form. */
export type ServerErrors = Partial<Record<Field, string>>;

const FIELD_NAMES: [RegExp, Field][] = [
  [/verificationPurpose/, 'verificationPurpose'],
  [/identificationPurpose/, 'identificationPurpose'],
  [/faceClaimTypes|FACE_1_1 compares/, 'faceClaimTypes'],
  [/livenessThreshold|livenessRequired/, 'livenessThreshold'],
  [/targetFar/, 'targetFar'],
  [/targetFpir/, 'targetFpir'],
  [/maxFnir/, 'maxFnir'],
  [/faceAttemptsBeforeFallback/, 'faceAttemptsBeforeFallback'],
  [/openingHours|opening window/i, 'openingHours'],
  [/only way in|methods/, 'methods'],
];

export function fieldOf(text: string): Field {
  for (const [re, field] of FIELD_NAMES) if (re.test(text)) return field;
  return 'form';
}

/**
 * policy_invalid carries one sentence naming the rule (and usually the field); validation_failed / invalid_value
 * carry field errors. Either way the server's own words are shown, next to the field when one is named.
 */
export function serverErrors(p: Problem): ServerErrors {
  const out: ServerErrors = {};
  const body = (p.body ?? {}) as { errors?: { field: string; message: string }[] };
  const add = (field: Field, text: string) => (out[field] = out[field] ? `${out[field]} ${text}` : text);
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    for (const e of body.errors) add(fieldOf(e.field), `${e.field}: ${e.message}`);
  } else {
    add(fieldOf(p.message), p.message);
  }
  return out;
}

/** "1,000" for 0.001: the FAR is offered as "1 false accept in N impostor attempts". */
export function oneIn(far: number, lang: string): string {
  return Math.round(1 / far).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
}
