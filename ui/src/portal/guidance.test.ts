import { analyse, isSkin } from './guidance';

function frame(w: number, h: number, fill: (x: number, y: number) => [number, number, number]) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [r, g, b] = fill(x, y);
      data.set([r, g, b, 255], (y * w + x) * 4);
    }
  return { width: w, height: h, data };
}
const SKIN: [number, number, number] = [200, 150, 120];
const WALL: [number, number, number] = [90, 110, 140];
const inBox = (x: number, y: number, x0: number, x1: number, y0: number, y1: number) => x >= x0 && x < x1 && y >= y0 && y < y1;

describe('selfie guidance', () => {
  it('recognises typical skin tones and rejects a blue wall', () => {
    expect(isSkin(...SKIN)).toBe(true);
    expect(isSkin(120, 80, 60)).toBe(true);
    expect(isSkin(...WALL)).toBe(false);
  });
  it('says ok for a large, well lit face region', () => {
    expect(analyse(frame(100, 100, (x, y) => (inBox(x, y, 25, 75, 15, 85) ? SKIN : WALL))).guidance).toBe('ok');
  });
  it('says too far for a small face region', () => {
    expect(analyse(frame(100, 100, (x, y) => (inBox(x, y, 45, 57, 40, 55) ? SKIN : WALL))).guidance).toBe('tooFar');
  });
  it('says no face when there is no skin at all', () => {
    expect(analyse(frame(100, 100, () => WALL)).guidance).toBe('noFace');
  });
  it('says too dark before anything else', () => {
    expect(analyse(frame(100, 100, (x, y) => (inBox(x, y, 25, 75, 15, 85) ? [40, 30, 25] : [10, 10, 10]))).guidance).toBe('tooDark');
  });
  it('says too bright for a washed-out frame', () => {
    expect(analyse(frame(50, 50, () => [250, 250, 250])).guidance).toBe('tooBright');
  });
});
