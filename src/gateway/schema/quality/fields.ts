/** The QualityField enum: each bounded measure by name; its internal value is the path in QualityReport. */
import { registerEnumType } from 'type-graphql';
import { QUALITY_FIELDS, RESULT_CODE, type QualityField as QualityPath } from './policy';

const PATHS = [...(Object.keys(QUALITY_FIELDS) as QualityPath[]), RESULT_CODE] as const;
type Path = (typeof PATHS)[number];

/** 'quality.alignScore' → 'QUALITY_ALIGN_SCORE' */
const enumName = (path: Path) => path.replace('.', '_').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

export const QualityField = Object.fromEntries(PATHS.map((path) => [enumName(path), path])) as Record<string, Path>;

registerEnumType(QualityField, {
  name: 'QualityField',
  description: 'A bounded quality measure (its path in QualityReport is `QualityCheck.path`).',
  valuesConfig: Object.fromEntries(
    PATHS.map((path) => [
      enumName(path),
      { description: path === RESULT_CODE ? 'no face was analysed (result.code is not 0): nothing can be vouched for' : `\`${path}\`` },
    ]),
  ),
});
