declare module 'bmp-js' {
  /** Decoded BMP: `data` holds 4 bytes per pixel in A, B, G, R order. */
  export function decode(buffer: Buffer): { width: number; height: number; data: Buffer };
}
