/** Small arithmetic helpers of the bench; percentiles are in tools/stats.ts. */

/** a / b, or NaN when b is 0 or missing, so a ratio never looks better than it is */
export function ratio(a: number, b: number): number {
  return b ? a / b : NaN;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const MB = 1024 * 1024;
