/**
 * What Apollo Server 5 does to a response that its package does not export, restated for the fast path
 * (fast-path.ts) so that both paths answer byte for byte alike: error normalisation and formatError, the
 * BAD_USER_INPUT conversion of variable coercion errors, the response content type, the empty cache policy.
 * Each is a copy of Apollo's own (requestPipeline.ts, errorNormalize.ts, runHttpQuery.ts, ApolloServer.ts,
 * cachePolicy.ts); test/gateway/execution/fast-path.test.ts compares the two paths answer by answer.
 */
import { HeaderMap, type BaseContext, type GraphQLRequestContext, type HTTPGraphQLHead } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';

type CachePolicy = GraphQLRequestContext<BaseContext>['overallCachePolicy'];
type CacheHint = Parameters<CachePolicy['restrict']>[0];

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface ErrorFormatting {
  formatError?: FormatError;
  includeStacktraceInErrorResponses?: boolean;
}

export function ensureGraphQLError(maybeError: unknown): GraphQLError {
  const error = maybeError instanceof Error ? maybeError : new GraphQLError('Unexpected error value: ' + String(maybeError));
  return error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
}

export function mergeHead(target: HTTPGraphQLHead, source: Partial<HTTPGraphQLHead>): void {
  if (source.status) target.status = source.status;
  if (source.headers) for (const [name, value] of source.headers) target.headers.set(name, value);
}

function isPartialHead(value: unknown): value is Partial<HTTPGraphQLHead> {
  if (!value || typeof value !== 'object') return false;
  const head = value as { status?: unknown; headers?: unknown };
  return (!('status' in head) || typeof head.status === 'number') && (!('headers' in head) || head.headers instanceof Map);
}

/** Apollo's normalizeAndFormatErrors: a code on every error, `extensions.http` moved into the response head. */
export function formatErrors(errors: readonly unknown[], options: ErrorFormatting): { formattedErrors: GraphQLFormattedError[]; httpFromErrors: HTTPGraphQLHead } {
  const httpFromErrors: HTTPGraphQLHead = { status: undefined, headers: new HeaderMap() };
  const enrich = (maybeError: unknown): GraphQLFormattedError => {
    const graphqlError = ensureGraphQLError(maybeError);
    const extensions: Record<string, unknown> = { ...graphqlError.extensions, code: graphqlError.extensions.code ?? ApolloServerErrorCode.INTERNAL_SERVER_ERROR };
    if (isPartialHead(extensions.http)) {
      mergeHead(httpFromErrors, { headers: new HeaderMap(), ...extensions.http });
      delete extensions.http;
    }
    if (options.includeStacktraceInErrorResponses) extensions.stacktrace = graphqlError.stack?.split('\n');
    return { ...graphqlError.toJSON(), extensions };
  };
  const formatError = options.formatError ?? ((formatted: GraphQLFormattedError) => formatted);
  const formattedErrors = errors.map((error) => {
    try {
      return formatError(enrich(error), error);
    } catch (formattingError) {
      if (options.includeStacktraceInErrorResponses) return enrich(formattingError);
      return { message: 'Internal server error', extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR } };
    }
  });
  return { formattedErrors, httpFromErrors };
}

/** graphql-js's variable coercion errors, which Apollo answers with BAD_USER_INPUT (and 400 when there is no data). */
export function isVariableCoercionError(error: GraphQLError): boolean {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION) return false;
  const variable = `Variable "$${node.variable.name.value}"`;
  return ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '].some((rest) => error.message.startsWith(`${variable} ${rest}`));
}

export function asUserInputError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code: ApolloServerErrorCode.BAD_USER_INPUT },
  });
}

const JSON_TYPE = 'application/json; charset=utf-8';
const SINGLE_RESULT_TYPES = [JSON_TYPE, 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];

/** Accept headers seen, with their answer; bounded, since a client may send any header it likes. */
const contentTypeByAccept = new LRUCache<string, string | false>({ max: 256 });

/** The content type of a single result for this Accept header; null where Apollo answers 406. */
export function singleResultContentType(accept: string | undefined): string | null {
  if (!accept) return JSON_TYPE;
  let type = contentTypeByAccept.get(accept);
  if (type === undefined) {
    type = new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_TYPES) ?? false;
    contentTypeByAccept.set(accept, type);
  }
  return type || null;
}

/** Apollo's newCachePolicy: no hint yet. */
export function newCachePolicy(): CachePolicy {
  return {
    maxAge: undefined,
    scope: undefined,
    restrict(hint: CacheHint) {
      if (hint.maxAge !== undefined && (this.maxAge === undefined || hint.maxAge < this.maxAge)) this.maxAge = hint.maxAge;
      if (hint.scope !== undefined && this.scope !== 'PRIVATE') this.scope = hint.scope;
    },
    replace(hint: CacheHint) {
      if (hint.maxAge !== undefined) this.maxAge = hint.maxAge;
      if (hint.scope !== undefined) this.scope = hint.scope;
    },
    policyIfCacheable() {
      if (this.maxAge === undefined || this.maxAge === 0) return null;
      return { maxAge: this.maxAge, scope: this.scope ?? 'PUBLIC' };
    },
  };
}
