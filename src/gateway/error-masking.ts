/**
 * What a client may see of an error, decided in one place (Apollo's formatError). Resolvers let the upstream
 * layer's errors propagate; here they get their typed code (errors.ts). Typed errors (a GraphQLError with a code
 * this gateway or Apollo gives on purpose) reach the client as they are; anything else — a bug, a non-null
 * violation, an unexpected throw in a library — becomes INTERNAL_SERVER_ERROR with a generic message and an error
 * id, and is logged server-side with the same id. No stack, upstream internals, secrets or file paths leave the
 * process that way.
 */
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { logger } from '../observability/logger';
import { ERROR_CODES } from './error-codes';
import { toGraphQLError } from './errors';

/** Codes whose message is written for the client: every published code but INTERNAL_SERVER_ERROR. */
const TYPED_CODES = new Set<string>(Object.keys(ERROR_CODES).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR));

export type ErrorLogger = (message: string, error: unknown) => void;

const logError: ErrorLogger = (message, error) => logger.error({ component: 'gateway', err: error }, message);

/** A new id for an unexpected error, logged with it and given to the client. */
export function reportUnexpected(error: unknown, log: ErrorLogger = logError): string {
  const errorId = randomUUID();
  log(`[gateway] unexpected error ${errorId}:`, error);
  return errorId;
}

export function internalErrorMessage(errorId: string): string {
  return `Internal server error (error id ${errorId})`;
}

/**
 * Apollo's formatError. `debug` (GATEWAY_DEBUG_ERRORS) keeps Apollo's stacktrace extension on every error;
 * without it Apollo adds none (includeStacktraceInErrorResponses is set from the same flag).
 */
export function maskUnexpectedErrors(debug: boolean, log: ErrorLogger = logError) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const where = { locations: formatted.locations, path: formatted.path };
    // an upstream failure, an unusable image or id: its typed code and message
    const converted = toGraphQLError(original);
    if (converted !== original) {
      const typed = converted as GraphQLError;
      return { message: typed.message, ...where, extensions: { ...typed.extensions, ...stack(formatted, debug) } };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && TYPED_CODES.has(code)) return formatted;
    // Apollo refuses some requests with a 4xx but no code (an APQ hash that does not match its query): the client's fault
    if (isUncodedClientError(original)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    const errorId = reportUnexpected(original, log);
    return {
      message: internalErrorMessage(errorId),
      ...where,
      extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, errorId, ...stack(formatted, debug) },
    };
  };
}

function stack(formatted: GraphQLFormattedError, debug: boolean): { stacktrace?: unknown } {
  return debug && formatted.extensions?.stacktrace ? { stacktrace: formatted.extensions.stacktrace } : {};
}

function isUncodedClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 0;
  return status >= 400 && status < 500;
}

const SUGGESTION = /Did you mean [^?]*\?/g;

/**
 * "Did you mean …?" hints reveal the schema; hidden where introspection is off. Applied to the formatted
 * errors of the response (plain objects), never by assigning to an error's `message`: graphql-jit's errors
 * have a read-only `message`, and graphql-armor's plugin that assigned to it turned every error of a
 * document's second (compiled) run into a 500.
 */
export function hideFieldSuggestions(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const result = response.body.singleResult;
          result.errors = result.errors!.map((error) => {
            const message = error.message.replace(SUGGESTION, '[Suggestion hidden]');
            return message === error.message ? error : { ...error, message };
          });
        },
      };
    },
  };
}
