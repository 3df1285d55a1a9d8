/** An 8-bit RGB raster, row-major, 3 bytes per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Luma (0..255) of every pixel. */
export function toGrey(image: RgbImage): Float32Array {
  const grey = new Float32Array(image.width * image.height);
  for (let i = 0, p = 0; i < grey.length; i++, p += 3) {
    grey[i] = 0.299 * image.data[p] + 0.587 * image.data[p + 1] + 0.114 * image.data[p + 2];
  }
  return grey;
}

/** The image turned clockwise by 90, 180 or 270 degrees. */
export function rotateClockwise(image: RgbImage, degrees: number): RgbImage {
  const quarter = ((Math.round(degrees / 90) % 4) + 4) % 4;
  if (quarter === 0) return image;
  const { width: w, height: h } = image;
  const out: RgbImage = quarter === 2 ? { width: w, height: h, data: new Uint8Array(image.data.length) } : { width: h, height: w, data: new Uint8Array(image.data.length) };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = rotatePoint({ x, y }, w, h, quarter * 90);
      const from = (y * w + x) * 3;
      const to = (p.y * out.width + p.x) * 3;
      out.data[to] = image.data[from];
      out.data[to + 1] = image.data[from + 1];
      out.data[to + 2] = image.data[from + 2];
    }
  }
  return out;
}

/** Where pixel (x, y) of a w×h image lands after a clockwise rotation by 0/90/180/270 degrees. */
export function rotatePoint(p: { x: number; y: number }, w: number, h: number, degrees: number): { x: number; y: number } {
  switch (((degrees % 360) + 360) % 360) {
    case 90:
      return { x: h - 1 - p.y, y: p.x };
    case 180:
      return { x: w - 1 - p.x, y: h - 1 - p.y };
    case 270:
      return { x: p.y, y: w - 1 - p.x };
    default:
      return p;
  }
}
