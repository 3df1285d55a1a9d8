/**
 * Percentiles of exact samples, one definition for the bench, the scripts and the tests: the nearest-rank method
 * (the smallest sample with at least p% of the samples at or below it: rank ceil(p/100 · n), 1-based).
 * Every figure printed as "p50"/"p99" is therefore a measured sample, never an interpolation.
 */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The nearest-rank median of unsorted values (for an odd count, the middle one). */
export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
