import type { WireFeature, WireSearchHit } from '../face-api-contract';
import type { AddOutcome, FeatureStore, NewEmbedding } from './store';
import { VectorIndex } from './vector-index';

/**
 * The feature databases as the routes see them: durable storage (SQLite) plus the in-memory search matrices,
 * kept in sync here and only here. Every change is committed to SQLite first, then mirrored in memory.
 */
export class FaceLibrary {
  private readonly index: VectorIndex;

  constructor(
    readonly store: FeatureStore,
    embeddingSize: number,
    /** monotonic map from cosine to the calibrated score */
    private readonly calibrate: (cosine: number) => number,
  ) {
    this.index = new VectorIndex(embeddingSize, (dbId) => store.loadEmbeddings(dbId));
  }

  deleteDatabase(dbId: string): boolean {
    const deleted = this.store.deleteDatabase(dbId);
    this.index.dropped(dbId);
    return deleted;
  }

  /** undefined when the database does not exist. */
  addFeatures(dbId: string, features: NewEmbedding[]): AddOutcome[] | undefined {
    const outcomes = this.store.addFeatures(dbId, features);
    if (!outcomes) return undefined;
    const stored = outcomes.flatMap((outcome, i) =>
      'feature' in outcome ? [{ featureId: outcome.feature.feature_id, embedding: features[i].embedding }] : [],
    );
    this.index.added(dbId, stored);
    return outcomes;
  }

  deleteFeature(dbId: string, featureId: string): boolean {
    const deleted = this.store.deleteFeature(dbId, featureId);
    if (deleted) this.index.removed(dbId, featureId);
    return deleted;
  }

  /**
   * The `topK` features of `dbIds` most similar to `probe` with a calibrated score ≥ `minScore`, best first.
   * The calibration is monotonic, so the top by cosine is the top by score.
   */
  search(dbIds: string[], probe: Float32Array, topK: number, minScore: number): WireSearchHit[] {
    const candidates = this.index
      .search(dbIds, probe, topK)
      .map((candidate) => ({ featureId: candidate.featureId, score: this.calibrate(candidate.cosine) }))
      .filter((candidate) => candidate.score >= minScore);
    const features = this.store.getFeatures(candidates.map((candidate) => candidate.featureId));
    return candidates.flatMap(({ featureId, score }) => {
      const feature: WireFeature | undefined = features.get(featureId);
      return feature ? [{ feature, score }] : [];
    });
  }
}
