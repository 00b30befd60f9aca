/**
 * What the model pack's measurements say about a chosen operating point, for the policy form, the engine view and
 * the dashboard. Pure functions over the calibration data the api serves (GET …/engine/calibration), tested in
 * operatingPoints.test.ts.
 */

/** One calibrated 1:N point: for galleries of up to {@code gallerySize} templates. */
export interface Cell { gallerySize: number; threshold: number; expectedFnir: number; provisional: boolean }
export interface IdentificationRate { fpir: number; cells: Cell[]; largestGallerySize: number }
export interface IdentificationCalibration { calibrationId: string; fnirCeiling: number; refusalRate: number; rates: IdentificationRate[] }

/** The pack's liveness measurement: BPCER and APCER (worst attack species, and per species) by threshold. */
export interface LivenessCurve {
  packId: string;
  data: string;
  packThreshold: number;
  bonaFide: number;
  attacks: Record<string, number>;
  eer: { rate: number; threshold: number };
  curve: { threshold: number[]; bpcer: number[]; apcerMax: number[]; apcer: Record<string, number[]> };
}

/** What the api's policy view says identification can promise for the gallery as it is now. */
export interface Outlook {
  targetFpir: number;
  maxFnir: number | null;
  gallerySize: number;
  meetable: boolean;
  reason: string | null;
  threshold: number | null;
  expectedFnir: number | null;
  largestGallerySize: number;
  fnirCeiling: number;
  calibrationId: string;
  cells: Cell[];
}

/**
 * The cell a search of {@code gallerySize} templates uses: the smallest calibrated size at or above it (a larger
 * gallery needs a stricter threshold, so rounding up is the safe side). Undefined beyond the calibrated sizes.
 */
export function cellFor(cells: readonly Cell[], gallerySize: number): Cell | undefined {
  return [...cells].sort((a, b) => a.gallerySize - b.gallerySize).find((c) => c.gallerySize >= gallerySize);
}

export interface LivenessAt { threshold: number; bpcer: number; apcerMax: number; apcer: Record<string, number> }

/**
 * Error rates at a liveness threshold: the measured point at or just below it (the curve is a step function of the
 * threshold; a threshold between two points behaves like the lower one for the scores measured). Null when the
 * threshold is outside 0..1 or the curve is empty.
 */
export function livenessAt(l: LivenessCurve, threshold: number): LivenessAt | null {
  const ts = l.curve.threshold;
  if (!(threshold >= 0 && threshold <= 1) || ts.length === 0) return null;
  let i = 0;
  for (let j = 0; j < ts.length; j++) if (ts[j] <= threshold + 1e-12) i = j;
  const apcer: Record<string, number> = {};
  for (const [species, values] of Object.entries(l.curve.apcer)) apcer[species] = values[i];
  return { threshold: ts[i], bpcer: l.curve.bpcer[i], apcerMax: l.curve.apcerMax[i], apcer };
}

/** "1 in 100" for 0.01: how a target FPIR reads to an admin (one non-member in N taken for a member). */
export function oneInN(rate: number, lang: string): string {
  return Math.round(1 / rate).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
}
