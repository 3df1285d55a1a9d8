/**
 * What a person reads: every enum of the schema turned into a sentence. The switches are exhaustive, so a
 * value added to the schema fails the console's type check until it has its sentence.
 */
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { ErrorCode, ImageOutcome, QualityField } from '../gql/graphql';

function unreachable(value: never): never {
  throw new Error(`unhandled value ${String(value)}`);
}

export function outcomeMessage(outcome: ImageOutcome): string {
  switch (outcome) {
    case 'SUCCESS':
      return 'Done.';
    case 'INVALID_IMAGE_DATA':
    case 'UNSUPPORTED_IMAGE_FORMAT':
      return 'This is not an image we can read (use a JPG, PNG, BMP, TIFF or GIF photo).';
    case 'IMAGE_TOO_LARGE':
      return 'This photo is too large: it must be smaller than 8 MB.';
    case 'NO_FACE':
      return 'No face was found in this photo.';
    case 'FACE_TOO_SMALL':
      return 'The face is too small: use a photo where the face is at least 32 pixels wide.';
    case 'INVALID_RECTANGLE':
      return 'The selected region lies outside the photo.';
    case 'DATABASE_FULL':
      return 'The database is full: delete features or create a larger database.';
    case 'NOT_PROCESSED':
      return 'This photo was not processed (the service failed on its batch): try again.';
    case 'OTHER':
      return 'The face service could not use this photo.';
    default:
      return unreachable(outcome);
  }
}

export function errorCodeMessage(code: ErrorCode): string {
  switch (code) {
    case 'BAD_USER_INPUT':
      return 'Something in the request is not valid';
    case 'NOT_FOUND':
      return 'It does not exist (any more)';
    case 'UNAUTHENTICATED':
      return 'The gateway needs an API key: enter one at the top of the page';
    case 'FORBIDDEN':
      return 'Your API key is not allowed to do this';
    case 'PAYLOAD_TOO_LARGE':
    case 'COST_ESTIMATED_TOO_EXPENSIVE':
    case 'UPSTREAM_CALL_LIMIT':
      return 'Too much at once: send fewer or smaller photos';
    case 'BAD_REQUEST':
    case 'GRAPHQL_PARSE_FAILED':
    case 'GRAPHQL_VALIDATION_FAILED':
    case 'OPERATION_RESOLUTION_FAILURE':
    case 'PERSISTED_QUERY_NOT_FOUND':
    case 'PERSISTED_QUERY_NOT_SUPPORTED':
    case 'PERSISTED_QUERY_NOT_IN_LIST':
    case 'PERSISTED_QUERY_ID_REQUIRED':
      return 'The console sent a request the gateway does not accept (is the console older than the gateway? reload the page)';
    case 'UPSTREAM_UNAUTHENTICATED':
    case 'UPSTREAM_FORBIDDEN':
      return "The face service refused the gateway's credentials: the gateway is misconfigured";
    case 'UPSTREAM_PAYLOAD_TOO_LARGE':
      return 'The face service refused the photos as too large';
    case 'RATE_LIMITED':
    case 'UPSTREAM_RATE_LIMITED':
    case 'UPSTREAM_OVERLOADED':
      return 'The face service is busy: try again in a moment';
    case 'UPSTREAM_UNAVAILABLE':
      return 'The face service cannot be reached: try again later';
    case 'UPSTREAM_TIMEOUT':
      return 'The face service did not answer in time: check the result before trying again';
    case 'UPSTREAM_BAD_RESPONSE':
    case 'UPSTREAM_ERROR':
      return 'The face service answered with an error';
    case 'INTERNAL_SERVER_ERROR':
      return 'The gateway failed unexpectedly';
    default:
      return unreachable(code);
  }
}

/** An error thrown by Apollo Client, as one sentence (with the gateway's own message where it helps). */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = first?.extensions?.code as ErrorCode | undefined;
    if (!code) return first?.message ?? 'The gateway answered with an error';
    // invalid input: the gateway's message says what to fix
    return code === 'BAD_USER_INPUT' ? `${errorCodeMessage(code)}: ${first.message}` : `${errorCodeMessage(code)}.`;
  }
  if (ServerError.is(error)) return `The gateway answered HTTP ${error.statusCode}.`;
  if (error instanceof TypeError) return 'The gateway cannot be reached: is it running?';
  return error instanceof Error ? error.message : String(error);
}

export interface MeasureLabel {
  name: string;
  /** what a high or low value means, for the tooltip */
  hint: string;
}

export function measureLabel(field: QualityField): MeasureLabel {
  switch (field) {
    case 'ANGLE_YAW':
      return { name: 'Head turned', hint: 'degrees left or right' };
    case 'ANGLE_PITCH':
      return { name: 'Head tilted up/down', hint: 'degrees' };
    case 'ANGLE_ROLL':
      return { name: 'Head tilted sideways', hint: 'degrees' };
    case 'QUALITY_DISTANCE2CENTER':
      return { name: 'Face centred', hint: '0 far from the centre, 1 centred' };
    case 'QUALITY_ALIGN_SCORE':
      return { name: 'Landmarks found', hint: 'higher is better' };
    case 'QUALITY_BRIGHTNESS':
      return { name: 'Brightness', hint: 'dark (−) to bright (+)' };
    case 'QUALITY_SHARPNESS':
      return { name: 'Sharpness', hint: '0 blurred, 1 sharp' };
    case 'QUALITY_MOUTH_OPEN':
      return { name: 'Mouth open', hint: '0 closed, 1 open' };
    case 'QUALITY_MISSING':
      return { name: 'Face inside the photo', hint: 'share of the face in the picture' };
    case 'QUALITY_SIZE':
      return { name: 'Face size', hint: 'share of the photo' };
    case 'OCCLUSION_TOTAL':
      return { name: 'Face hidden', hint: 'share covered' };
    case 'OCCLUSION_EYE':
      return { name: 'Eyes hidden', hint: 'share covered' };
    case 'OCCLUSION_NOSE':
      return { name: 'Nose hidden', hint: 'share covered' };
    case 'OCCLUSION_MOUTH':
      return { name: 'Mouth hidden', hint: 'share covered' };
    case 'OCCLUSION_EYEBROW':
      return { name: 'Eyebrows hidden', hint: 'share covered' };
    case 'OCCLUSION_FACE_LINE':
      return { name: 'Face outline hidden', hint: 'share covered' };
    case 'RESULT_CODE':
      return { name: 'A face to analyse', hint: 'no face could be analysed' };
    default:
      return unreachable(field);
  }
}
