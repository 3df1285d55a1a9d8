/** Test images built in code from the face photos @vladmandic/face-api ships (never from the datasets). */
import * as path from 'path';
import sharp from 'sharp';

export const SAMPLES = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
export const sample = (n: number) => path.join(SAMPLES, `sample${n}.jpg`);

/** One near-frontal face (sample6, third from the left) centred in a 380×380 PNG. */
export async function portrait(): Promise<Buffer> {
  return sharp(sample(6)).extract({ left: 1083, top: 275, width: 380, height: 380 }).png().toBuffer();
}

/** A different person's face (sample6, second from the left) cut the same way. */
export async function otherPortrait(): Promise<Buffer> {
  return sharp(sample(6)).extract({ left: 594, top: 314, width: 380, height: 380 }).png().toBuffer();
}

/** Solid grey rectangle composited over the image (coordinates in pixels). */
export async function greyBlock(image: Buffer, box: { left: number; top: number; width: number; height: number }): Promise<Buffer> {
  const block = await sharp({ create: { width: Math.round(box.width), height: Math.round(box.height), channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .png()
    .toBuffer();
  return sharp(image)
    .composite([{ input: block, left: Math.round(box.left), top: Math.round(box.top) }])
    .png()
    .toBuffer();
}

/** 24-bit BMP of an image (bmp-js takes A, B, G, R bytes per pixel). */
export async function toBmp(image: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const abgr = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0, o = 0; i < data.length; i += 3, o += 4) {
    abgr[o + 1] = data[i + 2];
    abgr[o + 2] = data[i + 1];
    abgr[o + 3] = data[i];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bmp = require('bmp-js') as { encode(img: { data: Buffer; width: number; height: number }): { data: Buffer } };
  return bmp.encode({ data: abgr, width: info.width, height: info.height }).data;
}

/** A plain image of one colour in the given format. */
export function plain(width: number, height: number, colour = { r: 200, g: 180, b: 160 }) {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}
