/**
 * The fast path: a JSON POST of an operation that has already run compiled (known-operations.ts) is answered
 * here instead of by Apollo's executeHTTPGraphQLRequest, which for every request copies the headers, runs
 * three content negotiations, hashes the query, looks the document up and awaits a dozen promises (≈ 0.13 ms
 * of CPU per request on the bench's machine, a fifth of what the gateway costs). What it keeps is everything a
 * client or a plugin can observe: every installed plugin's requestDidStart, didResolveSource,
 * didResolveOperation, didEncounterErrors and willSendResponse, in Apollo's order and with the same request
 * context; formatError; status codes; headers; the body, byte for byte (apollo-semantics.ts).
 *
 * Everything else goes to Apollo: other methods and bodies, unknown or first-seen documents, APQ
 * registrations, batches, bodies Apollo would refuse, Accept headers it would answer 406. A plugin whose
 * request listener has a hook the fast path does not run (executionDidStart, responseForOperation: usage
 * reporting, say) turns the fast path off for good, and that request is answered by Apollo too (its plugins
 * then see requestDidStart twice, once: the price of not knowing a listener's hooks before it is created).
 */
import type { ApolloServer, ApolloServerPlugin, BaseContext, GraphQLRequest, GraphQLRequestContext, GraphQLRequestListener, HTTPGraphQLRequest, HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { FormattedExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { logger } from '../../observability/logger';
import { asUserInputError, ensureGraphQLError, formatErrors, isVariableCoercionError, mergeHead, newCachePolicy, singleResultContentType, type FormatError } from './apollo-semantics';
import { runCompiled } from './compiled-executor';
import type { KnownOperation, KnownOperations } from './known-operations';

/** What the fast path reads of Apollo's private state: the installed plugins (implicit ones included) and settings. */
interface ApolloInternals<Context extends BaseContext> {
  plugins: ApolloServerPlugin<Context>[];
  formatError?: FormatError;
  includeStacktraceInErrorResponses?: boolean;
  status400ForVariableCoercionErrors?: boolean;
  persistedQueries?: unknown;
  stringifyResult: (result: FormattedExecutionResult) => string | Promise<string>;
}

function internalsOf<Context extends BaseContext>(apollo: ApolloServer<Context>): ApolloInternals<Context> | undefined {
  const internals = (apollo as unknown as { internals?: Partial<ApolloInternals<Context>> }).internals;
  if (!Array.isArray(internals?.plugins) || typeof internals.stringifyResult !== 'function') return undefined;
  return internals as ApolloInternals<Context>;
}

/** Request listener hooks that the fast path does not run; parsing and validation hooks are not run by Apollo either for a cached document. */
const UNSUPPORTED_HOOKS = ['responseForOperation', 'executionDidStart'] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type RequestContext<Context extends BaseContext> = Mutable<GraphQLRequestContext<Context>>;
type Listener<Context extends BaseContext> = GraphQLRequestListener<Context>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptionalRecord = (value: unknown) => value === undefined || value === null || isRecord(value);

/** The request of a body the fast path may take, and the known text it names; undefined: Apollo answers. */
function fastRequestOf(body: unknown, known: KnownOperations, persistedQueries: boolean): { request: GraphQLRequest; source: string } | undefined {
  if (!isRecord(body)) return undefined;
  const { query, operationName, variables, extensions } = body;
  if (!(query === undefined || typeof query === 'string') || !isOptionalRecord(variables) || !isOptionalRecord(extensions)) return undefined;
  if (!(operationName === undefined || operationName === null || typeof operationName === 'string')) return undefined;
  let source = query;
  const persisted = extensions?.persistedQuery;
  if (persisted !== undefined) {
    // only the hash of a text already known; a registration (text and hash) goes to Apollo's APQ cache
    if (!persistedQueries || query !== undefined || !isRecord(persisted) || persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') return undefined;
    source = known.sourceOf(persisted.sha256Hash);
  }
  if (source === undefined || !known.get(source, operationName ?? undefined)) return undefined;
  const request: GraphQLRequest = {
    query,
    operationName: operationName ?? undefined,
    variables: (variables ?? undefined) as GraphQLRequest['variables'],
    extensions: (extensions ?? undefined) as GraphQLRequest['extensions'],
  };
  return { request, source };
}

export class FastPath<Context extends BaseContext> {
  private off: string | undefined;

  constructor(
    private readonly apollo: ApolloServer<Context>,
    private readonly schema: GraphQLSchema,
    private readonly known: KnownOperations,
  ) {
    if (!internalsOf(apollo)) this.off = 'this version of Apollo Server has no readable plugin list';
  }

  get enabled(): boolean {
    return this.off === undefined;
  }

  /** Off for good (the gateway is closing: Apollo answers the draining requests). */
  disable(reason: string): void {
    this.off ??= reason;
  }

  /** The answer to a parsed JSON POST body, or undefined when Apollo must answer it. */
  async run(body: unknown, http: HTTPGraphQLRequest, contextValue: Context): Promise<HTTPGraphQLResponse | undefined> {
    if (this.off !== undefined) return undefined;
    const internals = internalsOf(this.apollo)!;
    const fast = fastRequestOf(body, this.known, Boolean(internals.persistedQueries));
    const contentType = fast && singleResultContentType(http.headers.get('accept'));
    if (!fast || !contentType) return undefined;
    const { request } = fast;
    request.http = http;
    const context: RequestContext<Context> = {
      logger: this.apollo.logger,
      cache: this.apollo.cache,
      schema: this.schema,
      request,
      response: { http: { status: undefined, headers: new HeaderMap() } },
      contextValue,
      metrics: { persistedQueryHit: false, persistedQueryRegister: false },
      overallCachePolicy: newCachePolicy(),
      requestIsBatched: false,
    };
    const listeners: Listener<Context>[] = [];
    for (const started of await Promise.all(internals.plugins.map((plugin) => plugin.requestDidStart?.(context)))) if (started) listeners.push(started);
    const unsupported = listeners.flatMap((listener) => UNSUPPORTED_HOOKS.filter((hook) => typeof listener[hook] === 'function'));
    if (unsupported.length > 0) {
      this.disable(`a plugin's request listener has ${unsupported.join(', ')}`);
      logger.warn({ component: 'gateway' }, `[gateway] fast path off: ${this.off}; Apollo answers every request`);
      return undefined;
    }
    // a plugin may have swapped the text (trusted documents put the listed text in place of its hash)
    const persisted = request.extensions?.persistedQuery as { sha256Hash: string } | undefined;
    // (a text and a hash, or a text not known: Apollo answers, and this request's requestDidStart ran twice)
    if (persisted && request.query !== undefined) return undefined;
    const source = request.query ?? fast.source;
    const operation = this.known.get(source, request.operationName);
    if (!operation) return undefined;
    context.metrics.persistedQueryHit = Boolean(persisted);
    return this.answer(context, listeners, operation, internals, contentType);
  }

  private async answer(context: RequestContext<Context>, listeners: Listener<Context>[], known: KnownOperation, internals: ApolloInternals<Context>, contentType: string) {
    const call = (hook: (listener: Listener<Context>) => unknown) => Promise.all(listeners.map(hook));
    const didEncounterErrors = async (errors: readonly GraphQLError[]) => {
      context.errors = errors;
      await call((listener) => listener.didEncounterErrors?.(context as never));
    };
    const respond = async (result: FormattedExecutionResult): Promise<HTTPGraphQLResponse> => {
      context.response.body = { kind: 'single', singleResult: result };
      await call((listener) => listener.willSendResponse?.(context as never));
      const { headers, status } = context.response.http;
      if (!headers.get('content-type')) headers.set('content-type', contentType);
      const ordered = { errors: result.errors, data: result.data, extensions: result.extensions };
      return { status, headers, body: { kind: 'complete', string: await internals.stringifyResult(ordered) } };
    };
    const refuse = async (errors: GraphQLError[]) => {
      await didEncounterErrors(errors);
      const { formattedErrors, httpFromErrors } = formatErrors(errors, internals);
      mergeHead(context.response.http, httpFromErrors);
      context.response.http.status ??= 500;
      return respond({ errors: formattedErrors });
    };

    context.queryHash = known.queryHash;
    context.source = known.source;
    await call((listener) => listener.didResolveSource?.(context as never));
    context.document = known.document;
    context.operation = known.operation;
    context.operationName = known.operation.name?.value ?? null;
    try {
      await call((listener) => listener.didResolveOperation?.(context as never));
    } catch (error) {
      return refuse([ensureGraphQLError(error)]);
    }
    let result;
    try {
      result = await runCompiled(this.schema, known.compiled, known.operation, context.request.variables ?? {}, context.contextValue);
    } catch (error) {
      return refuse([ensureGraphQLError(error)]);
    }
    const errors = result.errors?.map((error) => (isVariableCoercionError(error) && error.extensions?.code == null ? asUserInputError(error) : error));
    if (!errors) return respond(result);
    await didEncounterErrors(errors);
    const { formattedErrors, httpFromErrors } = formatErrors(errors, internals);
    if (internals.status400ForVariableCoercionErrors !== false && errors.length > 0 && result.data === undefined && !httpFromErrors.status) httpFromErrors.status = 400;
    mergeHead(context.response.http, httpFromErrors);
    return respond({ ...result, errors: formattedErrors });
  }
}
