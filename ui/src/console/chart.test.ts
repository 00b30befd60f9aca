import { bars, linear, log, logTicks, percent, polyline, ticks } from './chart';

describe('chart geometry', () => {
  it('maps linearly and logarithmically, zero rates at the floor', () => {
    const x = linear([-0.3, 1], [0, 130]);
    expect(x(-0.3)).toBe(0);
    expect(x(1)).toBeCloseTo(130);
    expect(x(0.35)).toBeCloseTo(65);
    const y = log([1e-4, 1], [200, 0]);
    expect(y(1)).toBeCloseTo(0);
    expect(y(1e-2)).toBeCloseTo(100);
    expect(y(0)).toBeCloseTo(200);
  });

  it('makes round ticks', () => {
    expect(ticks(-0.3, 1, 6)).toEqual([-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(-5.05, 14.65, 5)).toEqual([-5, 0, 5, 10]);
    expect(logTicks(1e-4)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });

  it('draws histogram bars as fractions, side by side', () => {
    const b = bars([1, 3, 0, 4], 0, 1, 8, linear([0, 1], [0, 100]), linear([0, 1], [50, 0]));
    expect(b.map((r) => r.value)).toEqual([0.125, 0.375, 0, 0.5]);
    expect(b.map((r) => r.x)).toEqual([0, 25, 50, 75]);
    expect(b[3]).toMatchObject({ y: 25, height: 25, width: 25 });
    expect(b[2].height).toBe(0);
  });

  it('joins curve points and formats rates', () => {
    expect(polyline([0, 0.5, 1], [1, 0.5, 0], linear([0, 1], [0, 10]), linear([0, 1], [10, 0]))).toBe('0.0,0.0 5.0,5.0 10.0,10.0');
    expect(percent(0.001)).toBe('0.1 %');
    expect(percent(0.01)).toBe('1 %');
    expect(percent(0.0001)).toBe('0.01 %');
  });
});
