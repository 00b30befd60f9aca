/**
 * Live selfie guidance before upload. This is a deliberately simple heuristic, not a face detector (the
 * server's engine decides): mean luma for exposure, and a skin-tone mask (YCbCr box, robust across skin
 * tones) for "face found" and "too far". Its job is to stop obviously unusable photos early, nothing more.
 */
export type Guidance = 'ok' | 'noFace' | 'tooDark' | 'tooBright' | 'tooFar';

export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray | number[]; // RGBA
}

export interface Analysis {
  guidance: Guidance;
  brightness: number; // 0..255 mean luma
  skinFraction: number; // share of skin-tone pixels in the whole frame
  skinWidthFraction: number; // width of the skin region / frame width
}

export const DARK = 55;
export const BRIGHT = 225;
export const MIN_SKIN = 0.04;
export const MIN_WIDTH = 0.22;

export function isSkin(r: number, g: number, b: number): boolean {
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
  const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  return y > 40 && cb >= 77 && cb <= 127 && cr >= 133 && cr <= 173;
}

export function analyse(img: Pixels, step = 2): Analysis {
  const { width, height, data } = img;
  let luma = 0;
  let n = 0;
  let skin = 0;
  // column histogram of skin pixels to measure the width of the face region
  const cols = new Array<number>(width).fill(0);
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * 4;
      const r = data[i], g = data[i + 1], b = data[i + 2];
      luma += 0.299 * r + 0.587 * g + 0.114 * b;
      n++;
      if (isSkin(r, g, b)) {
        skin++;
        cols[x]++;
      }
    }
  }
  const brightness = n ? luma / n : 0;
  const skinFraction = n ? skin / n : 0;
  const rows = Math.ceil(height / step);
  // columns where at least 15 % of the sampled rows are skin form the face's horizontal extent
  const dense = cols.map((c, x) => (x % step === 0 && c >= rows * 0.15 ? 1 : 0));
  const first = dense.indexOf(1);
  const last = dense.lastIndexOf(1);
  const skinWidthFraction = first < 0 ? 0 : (last - first + step) / width;

  let guidance: Guidance = 'ok';
  if (brightness < DARK) guidance = 'tooDark';
  else if (brightness > BRIGHT) guidance = 'tooBright';
  else if (skinFraction < MIN_SKIN / 4) guidance = 'noFace';
  else if (skinFraction < MIN_SKIN || skinWidthFraction < MIN_WIDTH) guidance = 'tooFar';
  return { guidance, brightness, skinFraction, skinWidthFraction };
}
