/**
 * Occlusion per face part, measured on the aligned analysis chip. A pixel counts as covered when its
 * neighbourhood is flat (no facial texture) and its colour is far from the face's own skin tone: a grey block,
 * a dark lens, a white or blue mask. Each part's value is the covered share of that part's area (0..1).
 */
import type { WireOcclusion, WirePoint } from '../../../face-api-contract';
import type { RgbImage } from '../geometry/image';
import { BROW_LEFT, BROW_RIGHT, EYE_LEFT, EYE_RIGHT, JAW } from '../geometry/landmarks';

/** luma standard deviation (5×5) under which a patch has no texture */
const FLAT_STD = 5;
/** chroma distance (Cb/Cr units) from the skin tone above which a pixel is not skin */
const FOREIGN_CHROMA = 9;
const RADIUS = 2;

export function occlusionOf(chip: RgbImage, points: WirePoint[], faceMask: Uint8Array): WireOcclusion {
  const size = chip.width;
  const { luma, cb, cr } = toYCbCr(chip);
  const parts = {
    eye: union(size, boxAround(points, EYE_RIGHT, 0.5, 1.0), boxAround(points, EYE_LEFT, 0.5, 1.0)),
    eyebrow: union(size, boxAround(points, BROW_RIGHT, 0.15, 1.2), boxAround(points, BROW_LEFT, 0.15, 1.2)),
    nose: union(size, noseBox(points)),
    mouth: union(size, boxAround(points, range(48, 60), 0.15, 0.3)),
    face_line: nearPolyline(size, JAW.map((i) => points[i]), size * 0.05),
  };
  const skinMask = new Uint8Array(faceMask);
  for (const m of [parts.eye, parts.eyebrow, parts.mouth]) m.forEach((v, i) => v && (skinMask[i] = 0));
  const skin = { cb: median(cb, skinMask), cr: median(cr, skinMask) };
  const covered = new Uint8Array(size * size);
  for (let y = RADIUS; y < size - RADIUS; y++) {
    for (let x = RADIUS; x < size - RADIUS; x++) {
      const i = y * size + x;
      const chroma = Math.hypot(cb[i] - skin.cb, cr[i] - skin.cr);
      covered[i] = chroma > FOREIGN_CHROMA && localStd(luma, size, x, y) < FLAT_STD ? 1 : 0;
    }
  }
  const share = (mask: Uint8Array) => {
    let n = 0;
    let c = 0;
    mask.forEach((v, i) => {
      if (v) {
        n++;
        c += covered[i];
      }
    });
    return n ? Math.round((c / n) * 1000) / 1000 : 0;
  };
  return {
    occlusion_total: share(faceMask),
    eye: share(parts.eye),
    nose: share(parts.nose),
    mouth: share(parts.mouth),
    eyebrow: share(parts.eyebrow),
    face_line: share(parts.face_line),
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Bounding box of the points, grown by a share of its width (sideways) and of its height (up and down). */
function boxAround(points: WirePoint[], indices: number[], growX: number, growY: number): Box {
  const xs = indices.map((i) => points[i].x);
  const ys = indices.map((i) => points[i].y);
  const w = Math.max(...xs) - Math.min(...xs);
  const h = Math.max(Math.max(...ys) - Math.min(...ys), w * 0.2);
  return { x0: Math.min(...xs) - w * growX, x1: Math.max(...xs) + w * growX, y0: Math.min(...ys) - h * growY, y1: Math.max(...ys) + h * growY };
}

/** From the bridge between the eyes (27) down to the nostrils, as wide as the nostrils. */
function noseBox(points: WirePoint[]): Box {
  const xs = [31, 32, 33, 34, 35].map((i) => points[i].x);
  const w = Math.max(...xs) - Math.min(...xs);
  const top = (points[28].y + points[29].y) / 2;
  return { x0: Math.min(...xs) - w * 0.1, x1: Math.max(...xs) + w * 0.1, y0: top, y1: points[33].y + w * 0.1 };
}

function union(size: number, ...boxes: Box[]): Uint8Array {
  const mask = new Uint8Array(size * size);
  for (const b of boxes) {
    for (let y = Math.max(0, Math.ceil(b.y0)); y <= Math.min(size - 1, Math.floor(b.y1)); y++) {
      for (let x = Math.max(0, Math.ceil(b.x0)); x <= Math.min(size - 1, Math.floor(b.x1)); x++) mask[y * size + x] = 1;
    }
  }
  return mask;
}

function nearPolyline(size: number, line: WirePoint[], distance: number): Uint8Array {
  const mask = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let k = 1; k < line.length; k++) {
        if (segmentDistance({ x, y }, line[k - 1], line[k]) <= distance) {
          mask[y * size + x] = 1;
          break;
        }
      }
    }
  }
  return mask;
}

function segmentDistance(p: WirePoint, a: WirePoint, b: WirePoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

function toYCbCr(image: RgbImage) {
  const n = image.width * image.height;
  const luma = new Float32Array(n);
  const cb = new Float32Array(n);
  const cr = new Float32Array(n);
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const [r, g, b] = [image.data[p], image.data[p + 1], image.data[p + 2]];
    luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    cb[i] = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    cr[i] = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  return { luma, cb, cr };
}

function localStd(luma: Float32Array, size: number, x: number, y: number): number {
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let dy = -RADIUS; dy <= RADIUS; dy++) {
    for (let dx = -RADIUS; dx <= RADIUS; dx++) {
      const v = luma[(y + dy) * size + x + dx];
      sum += v;
      sq += v * v;
      n++;
    }
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
}

function median(values: Float32Array, mask: Uint8Array): number {
  const picked: number[] = [];
  mask.forEach((v, i) => v && picked.push(values[i]));
  if (picked.length === 0) return 128;
  picked.sort((a, b) => a - b);
  return picked[picked.length >> 1];
}
