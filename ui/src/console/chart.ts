/**
 * Geometry for the engine view's SVG charts (no chart library: two small charts do not justify the bundle weight).
 * Pure functions, tested in chart.test.ts.
 */

export type Scale = (v: number) => number;

export function linear([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Log10 scale; values at or below {@code floor} (zero rates included) are drawn at the floor. */
export function log([floor, top]: [number, number], range: [number, number]): Scale {
  const s = linear([Math.log10(floor), Math.log10(top)], range);
  return (v) => s(Math.log10(Math.max(v, floor)));
}

/** Round tick values (1, 2 or 5 times a power of ten) covering [lo, hi] with about {@code count} steps. */
export function ticks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const p = 10 ** Math.floor(Math.log10((hi - lo) / (count + 1)));
  const step = [1, 2, 5, 10, 20].map((m) => m * p).find((s) => (hi - lo) / s <= count + 1) ?? 20 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** Powers of ten from {@code floor} up to 1. */
export function logTicks(floor: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(floor) - 1e-9); e <= 0; e++) out.push(Number(`1e${e}`));
  return out;
}

export interface Bar { x: number; y: number; width: number; height: number; value: number }

/**
 * Histogram bars of counts over [lo, hi] in equal bins, as fractions of {@code total} (so two sets of different
 * size compare). {@code x} and {@code y} map score and fraction to pixels.
 */
export function bars(counts: readonly number[], lo: number, hi: number, total: number, x: Scale, y: Scale): Bar[] {
  const w = (hi - lo) / counts.length;
  return counts.map((c, i) => {
    const value = total > 0 ? c / total : 0;
    const x0 = x(lo + i * w), x1 = x(lo + (i + 1) * w);
    return { x: x0, y: y(value), width: x1 - x0, height: y(0) - y(value), value };
  });
}

/** SVG polyline points for y(xs[i]) … with one decimal. */
export function polyline(xs: readonly number[], ys: readonly number[], x: Scale, y: Scale): string {
  return xs.map((v, i) => `${x(v).toFixed(1)},${y(ys[i]).toFixed(1)}`).join(' ');
}

/** "0.1 %" for 0.001, "1 %" for 0.01, "0.01 %" for 0.0001. */
export function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))} %`;
}
