/** Similarity transforms and image warping: landmark crops and dlib-style aligned face chips. */
import type { WirePoint } from '../../../face-api-contract';
import type { RgbImage } from './image';

/** x' = a·x − b·y + tx, y' = b·x + a·y + ty (rotation + uniform scale + translation) */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export function apply(t: Similarity, p: WirePoint): WirePoint {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

export function inverse(t: Similarity): Similarity {
  const d = t.a * t.a + t.b * t.b;
  const a = t.a / d;
  const b = -t.b / d;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** Least-squares similarity mapping `from[i]` onto `to[i]`. */
export function fitSimilarity(from: WirePoint[], to: WirePoint[]): Similarity {
  const mean = (ps: WirePoint[]) => ({
    x: ps.reduce((s, p) => s + p.x, 0) / ps.length,
    y: ps.reduce((s, p) => s + p.y, 0) / ps.length,
  });
  const mf = mean(from);
  const mt = mean(to);
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < from.length; i++) {
    const fx = from[i].x - mf.x;
    const fy = from[i].y - mf.y;
    const tx = to[i].x - mt.x;
    const ty = to[i].y - mt.y;
    dot += fx * tx + fy * ty;
    cross += fx * ty - fy * tx;
    norm += fx * fx + fy * fy;
  }
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: mt.x - (a * mf.x - b * mf.y), ty: mt.y - (b * mf.x + a * mf.y) };
}

/**
 * Output image of `size`² whose pixel (u, v) shows the source at `chipToImage(u, v)`. When one output pixel covers
 * several source pixels, a small grid of samples is averaged so that shrinking does not alias.
 */
export function warp(image: RgbImage, chipToImage: Similarity, size: number): RgbImage {
  const { a, b, tx, ty } = chipToImage;
  const grid = Math.min(4, Math.max(1, Math.round(Math.hypot(a, b))));
  const samples = grid * grid;
  const out = new Uint8Array(size * size * 3);
  const rgb = [0, 0, 0];
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      rgb[0] = rgb[1] = rgb[2] = 0;
      for (let j = 0; j < grid; j++) {
        const cy = v + (j + 0.5) / grid - 0.5;
        for (let i = 0; i < grid; i++) {
          const cx = u + (i + 0.5) / grid - 0.5;
          addBilinear(image, a * cx - b * cy + tx, b * cx + a * cy + ty, rgb);
        }
      }
      const o = (v * size + u) * 3;
      out[o] = Math.round(rgb[0] / samples);
      out[o + 1] = Math.round(rgb[1] / samples);
      out[o + 2] = Math.round(rgb[2] / samples);
    }
  }
  return { width: size, height: size, data: out };
}

/** Adds the bilinear sample of all three channels at (x, y) to `rgb`; outside the image reads as black. */
function addBilinear(image: RgbImage, x: number, y: number, rgb: number[]): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const { width, height, data } = image;
  const weights = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy];
  const xs = [x0, x0 + 1, x0, x0 + 1];
  const ys = [y0, y0, y0 + 1, y0 + 1];
  for (let k = 0; k < 4; k++) {
    if (xs[k] < 0 || ys[k] < 0 || xs[k] >= width || ys[k] >= height || weights[k] === 0) continue;
    const p = (ys[k] * width + xs[k]) * 3;
    rgb[0] += data[p] * weights[k];
    rgb[1] += data[p + 1] * weights[k];
    rgb[2] += data[p + 2] * weights[k];
  }
}

/** Axis-aligned square crop (centre, side in source pixels) resampled to `size`². */
export function squareCrop(image: RgbImage, centre: WirePoint, side: number, size: number): RgbImage {
  const s = side / size;
  return warp(image, { a: s, b: 0, tx: centre.x - side / 2 + s / 2, ty: centre.y - side / 2 + s / 2 }, size);
}

export function mirror(image: RgbImage): RgbImage {
  const out = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + x) * 3;
      const to = (y * image.width + (image.width - 1 - x)) * 3;
      out[to] = image.data[from];
      out[to + 1] = image.data[from + 1];
      out[to + 2] = image.data[from + 2];
    }
  }
  return { width: image.width, height: image.height, data: out };
}
