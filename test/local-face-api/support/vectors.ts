/** Random L2-normalised vectors, as the engine's embeddings are (seeded so failures reproduce). */

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomUnitVector(dim: number, random: () => number): Float32Array {
  const vector = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    vector[i] = random() * 2 - 1;
    norm += vector[i] * vector[i];
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dim; i++) vector[i] *= scale;
  return vector;
}
