/**
 * POST and GET /graphql, in this order: client auth (before any body is read), the multipart CSRF check
 * (before any file is read), the body, then Apollo Server's own HTTP handling (CSRF prevention, GET queries,
 * batching refusal, status codes) through executeHTTPGraphQLRequest, or the fast path (../execution/fast-path.ts)
 * for a JSON body of an operation that has already run.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { authenticate, type AccessSettings } from '../access/authenticate';
import type { Principal } from '../access/scopes';
import { bodyKind, readJsonBody, readMultipartBody } from './request-body';
import { errorBody, sendError, sendJson } from './respond';
import type { RouteHandler } from './routes';
import { documentIdAsPersistedQuery } from '../limits/trusted-documents';
import type { FastPath } from '../execution/fast-path';

export interface GraphQLRouteOptions<Context extends object> {
  apollo: ApolloServer<Context>;
  /** answers JSON bodies of known operations without Apollo's request pipeline; absent: Apollo answers all */
  fastPath?: FastPath<Context>;
  access: AccessSettings;
  maxJsonBodyBytes: number;
  maxFiles: number;
  /** `req` identifies the request to the per-request hooks (its log line, metrics and spans); `res` tells when it is over */
  context: (principal: Principal, req: IncomingMessage, res: ServerResponse) => Context;
}

const PREFLIGHT_REQUIRED = 'Multipart requests must send a non-empty "Apollo-Require-Preflight" header (CSRF prevention).';

/** Apollo's CSRF rule for multipart, applied before the parser so a refused upload is never read. */
function hasPreflightHeader(req: IncomingMessage): boolean {
  return Boolean(req.headers['apollo-require-preflight'] || req.headers['x-apollo-operation-name']);
}

/**
 * Once the answer is sent, read and discard whatever the client is still uploading (files a failed request
 * never consumed, a body never read); otherwise the paused parser would hold the connection forever.
 */
function drainAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    if (req.complete) return;
    req.unpipe();
    req.resume();
  });
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function writeApolloResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') return void res.end(response.body.string);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function graphqlRoute<Context extends object>(options: GraphQLRouteOptions<Context>): RouteHandler {
  const { apollo, access, fastPath } = options;
  return async (req, res, { search }) => {
    drainAfterAnswer(req, res);
    let principal: Principal;
    try {
      principal = await authenticate(access, req.headersDistinct.authorization);
    } catch (error) {
      return sendJson(res, 401, errorBody((error as GraphQLError).message, 'UNAUTHENTICATED'), { 'www-authenticate': 'Bearer' });
    }
    try {
      let body: unknown;
      const kind = req.method === 'POST' ? bodyKind(req) : 'other';
      if (kind === 'multipart') {
        if (!hasPreflightHeader(req)) return sendJson(res, 400, errorBody(PREFLIGHT_REQUIRED, 'BAD_REQUEST'));
        body = await readMultipartBody(req, res, { maxFiles: options.maxFiles });
      } else if (kind === 'json') {
        body = documentIdAsPersistedQuery(await readJsonBody(req, options.maxJsonBodyBytes));
      }
      const httpGraphQLRequest = { method: req.method ?? 'GET', headers: headerMap(req), search, body };
      const context = options.context(principal, req, res);
      const fast = kind === 'json' ? await fastPath?.run(body, httpGraphQLRequest, context) : undefined;
      const response = fast ?? (await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context }));
      await writeApolloResponse(res, response);
    } catch (error) {
      sendError(res, error);
    }
  };
}
