/** Enums shared by several domains: request-level error codes and per-image outcomes. */
import { registerEnumType } from 'type-graphql';
import { ErrorCodes } from '../../../face-api-contract';
import { ERROR_CODES, type ErrorCode as ErrorCodeName } from '../../error-codes';

export const ErrorCode = Object.fromEntries(Object.keys(ERROR_CODES).map((code) => [code, code])) as { [C in ErrorCodeName]: C };
export type ErrorCode = ErrorCodeName;

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description:
    'The `extensions.code` of a request-level GraphQL error (and `AddFeatureResult.errorCode`). ' +
    'Any error without one of these codes reaches clients as INTERNAL_SERVER_ERROR.',
  valuesConfig: Object.fromEntries(Object.entries(ERROR_CODES).map(([code, description]) => [code, { description }])),
});

/** What happened to one image; `ImageResult.code` keeps the upstream's number. */
export enum ImageOutcome {
  SUCCESS = 'SUCCESS',
  INVALID_IMAGE_DATA = 'INVALID_IMAGE_DATA',
  UNSUPPORTED_IMAGE_FORMAT = 'UNSUPPORTED_IMAGE_FORMAT',
  IMAGE_TOO_LARGE = 'IMAGE_TOO_LARGE',
  NO_FACE = 'NO_FACE',
  FACE_TOO_SMALL = 'FACE_TOO_SMALL',
  INVALID_RECTANGLE = 'INVALID_RECTANGLE',
  DATABASE_FULL = 'DATABASE_FULL',
  NOT_PROCESSED = 'NOT_PROCESSED',
  OTHER = 'OTHER',
}

const OUTCOME_BY_CODE = new Map<number, ImageOutcome>([
  [ErrorCodes.SUCCESS, ImageOutcome.SUCCESS],
  [ErrorCodes.INVALID_IMAGE_DATA, ImageOutcome.INVALID_IMAGE_DATA],
  [ErrorCodes.UNSUPPORTED_IMAGE_FORMAT, ImageOutcome.UNSUPPORTED_IMAGE_FORMAT],
  [ErrorCodes.IMAGE_TOO_LARGE, ImageOutcome.IMAGE_TOO_LARGE],
  [ErrorCodes.NO_FACE, ImageOutcome.NO_FACE],
  [ErrorCodes.FACE_TOO_SMALL, ImageOutcome.FACE_TOO_SMALL],
  [ErrorCodes.INVALID_RECTANGLE, ImageOutcome.INVALID_RECTANGLE],
  [ErrorCodes.DATABASE_FULL, ImageOutcome.DATABASE_FULL],
  [-1, ImageOutcome.NOT_PROCESSED],
]);

export function outcomeOf(code: number): ImageOutcome {
  return OUTCOME_BY_CODE.get(code) ?? ImageOutcome.OTHER;
}

registerEnumType(ImageOutcome, {
  name: 'ImageOutcome',
  description: 'What happened to one image, as an enum to switch on (`code` has the number, `message` the upstream text).',
  valuesConfig: {
    SUCCESS: { description: 'code 0: the image was used.' },
    INVALID_IMAGE_DATA: { description: 'code 1001: the data is not valid base64 or cannot be decoded.' },
    UNSUPPORTED_IMAGE_FORMAT: { description: 'code 1002: not an image format the Face API reads (JPG, PNG, BMP, TIFF, GIF).' },
    IMAGE_TOO_LARGE: { description: 'code 1003: the image is 8 MB or larger.' },
    NO_FACE: { description: 'code 1004: no face was found.' },
    FACE_TOO_SMALL: { description: 'code 1005: the largest face is smaller than the minimum (32×32 pixels on the local Face API).' },
    INVALID_RECTANGLE: { description: 'code 1006: the rectangle lies outside the image.' },
    DATABASE_FULL: { description: 'code 1007: the database holds maxSize features already.' },
    NOT_PROCESSED: { description: 'code -1: the image was not processed (its upstream batch failed: see errorCode) or the upstream reported nothing for it.' },
    OTHER: { description: 'An upstream code this gateway does not know; `code` and `message` say more.' },
  },
});
