import { describe, expect, it } from 'vitest';
import { cellFor, livenessAt, oneInN, type Cell, type LivenessCurve } from './operatingPoints';

const cells: Cell[] = [
  { gallerySize: 100, threshold: 0.41, expectedFnir: 0.03, provisional: false },
  { gallerySize: 10, threshold: 0.33, expectedFnir: 0.015, provisional: false },
  { gallerySize: 1000, threshold: 0.47, expectedFnir: 0.06, provisional: false },
];

describe('cellFor', () => {
  it('rounds a gallery up to the next calibrated size, the stricter side', () => {
    expect(cellFor(cells, 61)?.gallerySize).toBe(100);
    expect(cellFor(cells, 100)?.gallerySize).toBe(100);
    expect(cellFor(cells, 0)?.gallerySize).toBe(10);
  });
  it('has nothing beyond the calibrated sizes', () => {
    expect(cellFor(cells, 1001)).toBeUndefined();
  });
});

const curve: LivenessCurve = {
  packId: 'p', data: 'd', packThreshold: 0.52, bonaFide: 90, attacks: { print: 72, screen: 72 }, eer: { rate: 0.25, threshold: 0.97 },
  curve: { threshold: [0, 0.5, 0.52, 0.6, 1], bpcer: [0, 0.03, 0.033, 0.04, 1], apcerMax: [1, 0.63, 0.62, 0.6, 0],
    apcer: { print: [1, 0.06, 0.056, 0.05, 0], screen: [1, 0.63, 0.62, 0.6, 0] } },
};

describe('livenessAt', () => {
  it('reads the measured point at or below the threshold', () => {
    expect(livenessAt(curve, 0.52)).toMatchObject({ threshold: 0.52, bpcer: 0.033, apcerMax: 0.62, apcer: { print: 0.056 } });
    expect(livenessAt(curve, 0.55)?.threshold).toBe(0.52);
  });
  it('refuses thresholds outside 0..1', () => {
    expect(livenessAt(curve, 1.2)).toBeNull();
    expect(livenessAt(curve, Number.NaN)).toBeNull();
  });
});

describe('oneInN', () => {
  it('reads a rate as one in N', () => {
    expect(oneInN(0.01, 'en')).toBe('100');
    expect(oneInN(0.001, 'en')).toBe('1,000');
  });
});
