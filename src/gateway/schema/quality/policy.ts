/**
 * Acceptance of a quality report against bounds. The default is the passport-like reference table of the
 * Face Identification quickstart (advice, not rules: callers pass their own bounds).
 */
import type { QualityOutcome } from '../../../upstream/parse';

export interface Bounds {
  min?: number | null;
  max?: number | null;
}

/** Field paths as they appear in the GraphQL QualityReport. */
export const QUALITY_FIELDS = {
  'angle.yaw': (q: QualityOutcome) => q.angle?.yaw,
  'angle.pitch': (q: QualityOutcome) => q.angle?.pitch,
  'angle.roll': (q: QualityOutcome) => q.angle?.roll,
  'quality.distance2center': (q: QualityOutcome) => q.quality?.distance2center,
  'quality.alignScore': (q: QualityOutcome) => q.quality?.alignScore,
  'quality.brightness': (q: QualityOutcome) => q.quality?.brightness,
  'quality.sharpness': (q: QualityOutcome) => q.quality?.sharpness,
  'quality.mouthOpen': (q: QualityOutcome) => q.quality?.mouthOpen,
  'quality.missing': (q: QualityOutcome) => q.quality?.missing,
  'quality.size': (q: QualityOutcome) => q.quality?.size,
  'occlusion.total': (q: QualityOutcome) => q.occlusion?.total,
  'occlusion.eye': (q: QualityOutcome) => q.occlusion?.eye,
  'occlusion.nose': (q: QualityOutcome) => q.occlusion?.nose,
  'occlusion.mouth': (q: QualityOutcome) => q.occlusion?.mouth,
  'occlusion.eyebrow': (q: QualityOutcome) => q.occlusion?.eyebrow,
  'occlusion.faceLine': (q: QualityOutcome) => q.occlusion?.faceLine,
} as const;

export type QualityField = keyof typeof QUALITY_FIELDS;
export type QualityPolicy = Partial<Record<QualityField, Bounds>>;

export const DEFAULT_QUALITY_POLICY: Required<QualityPolicy> = {
  'angle.yaw': { min: -10, max: 10 },
  'angle.pitch': { min: -15, max: 15 },
  'angle.roll': { min: -10, max: 10 },
  'quality.distance2center': { min: 0.2, max: 1 },
  'quality.alignScore': { min: 1 },
  'quality.brightness': { min: -0.5, max: 0.5 },
  'quality.sharpness': { min: 0.8, max: 1 },
  'quality.mouthOpen': { min: 0, max: 0.4 },
  'quality.missing': { min: 0.9, max: 1 },
  'quality.size': { min: 0, max: 0.85 },
  'occlusion.total': { min: 0, max: 0.02 },
  'occlusion.eye': { min: 0, max: 0 },
  'occlusion.nose': { min: 0, max: 0 },
  'occlusion.mouth': { min: 0, max: 0.4 },
  'occlusion.eyebrow': { min: 0, max: 0 },
  'occlusion.faceLine': { min: 0, max: 0.1 },
};

/** One bounded measure against its bounds. */
export interface QualityCheckModel {
  /** a QUALITY_FIELDS path, or 'result.code' when no face was analysed */
  field: QualityField | typeof RESULT_CODE;
  /** null when the upstream did not report the measure */
  value: number | null;
  min: number | null;
  max: number | null;
  passed: boolean;
}

/** The check that stands for every measure when no face was analysed. */
export const RESULT_CODE = 'result.code';

/** Every bounded field against its bounds (a missing measure fails: it cannot be vouched for). */
export function assess(report: QualityOutcome, policy: QualityPolicy): QualityCheckModel[] {
  const checks: QualityCheckModel[] = [];
  for (const [field, bounds] of Object.entries(policy) as Array<[QualityField, Bounds]>) {
    const min = bounds.min ?? null;
    const max = bounds.max ?? null;
    if (min === null && max === null) continue;
    const value = QUALITY_FIELDS[field](report) ?? null;
    const passed = value !== null && (min === null || value >= min) && (max === null || value <= max);
    checks.push({ field, value, min, max, passed });
  }
  return checks;
}
