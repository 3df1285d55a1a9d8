/**
 * The HTTP server: express 5 + Apollo Server 5, multipart uploads, GET /healthz and POST /graphql.
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { GraphQLError } from 'graphql';
import { graphqlUploadExpress } from 'graphql-upload-minimal';
import type { UploadConfig, UpstreamConfig } from '../config';
import { FaceApiClient } from '../upstream/client';
import { authenticate, type AccessSettings } from './access/authenticate';
import type { Principal } from './access/scopes';
import { createContext, type GatewayContext } from './context';
import { DEFAULT_OPERATION_LIMITS, operationLimits, type OperationLimits } from './limits/operation-limits';
import { MAX_IMAGE_BYTES } from '../upstream/contract';
import { buildGatewaySchema } from './schema';
import { buildSubgraphGatewaySchema } from './federation/subgraph-schema';
import { compiledExecution } from './execution/compiled-executor';
import { noStoreWithoutCacheHints } from './execution/cache-policy';
import { internalErrorMessage, maskUnexpectedErrors, reportUnexpected } from './error-masking';

export interface GatewayConfig {
  port: number;
  /** default: all interfaces */
  host?: string;
  upstream: UpstreamConfig;
  uploads: UploadConfig;
  /** default: auth off (every caller has every scope) */
  access?: AccessSettings;
  /** default: on */
  introspection?: boolean;
  /** default: DEFAULT_OPERATION_LIMITS */
  limits?: OperationLimits;
  /** default 'compiled' (graphql-jit); 'interpreted' runs graphql-js, the reference the tests compare with */
  execution?: 'compiled' | 'interpreted';
  /** GATEWAY_DEBUG_ERRORS: stack traces in error responses; default off (unexpected errors are masked either way) */
  debugErrors?: boolean;
  /** GATEWAY_SUBGRAPH: serve the same schema as a Federation 2 subgraph (`_service`, `_entities`); default off */
  subgraph?: boolean;
}

const AUTH_OFF: AccessSettings = { enabled: false, apiKeys: [], jwt: null };

export interface RunningGateway {
  /** the GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  close(): Promise<void>;
}

function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Apollo's CSRF prevention, applied before the multipart parser so a rejected upload is never read.
 * Apollo's own check stays on behind it.
 */
const requirePreflightForMultipart: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) return next();
  if (req.get('apollo-require-preflight') || req.get('x-apollo-operation-name')) return next();
  res
    .status(400)
    .json(
      errorBody(
        'Multipart requests must send a non-empty "Apollo-Require-Preflight" header (CSRF prevention).',
        'BAD_REQUEST',
      ),
    );
};

/**
 * Once the answer is sent, read and discard whatever the client is still uploading (files a failed
 * request never consumed); otherwise the paused parser would hold the connection forever.
 */
const drainUnreadBody: RequestHandler = (req, res, next) => {
  res.once('finish', () => {
    if (req.complete) return;
    req.unpipe();
    req.resume();
  });
  next();
};

/**
 * Client authentication before any body is parsed: a caller without a valid key cannot make the gateway
 * read megabytes of JSON or files. The principal travels to the GraphQL context in res.locals.
 */
function authenticateFirst(access: AccessSettings): RequestHandler {
  return (req, res, next) => {
    authenticate(access, req.get('authorization')).then(
      (principal) => {
        res.locals.principal = principal;
        next();
      },
      (error: GraphQLError) => {
        res.status(401).set('www-authenticate', 'Bearer').json({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      },
    );
  };
}

/** Upload and body-parser failures as GraphQL-shaped JSON with their HTTP status; a 5xx is masked and logged. */
const jsonErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = Number(error?.status ?? error?.statusCode) || 500;
  if (status >= 500) {
    const errorId = reportUnexpected(error);
    if (!res.headersSent) res.status(status).json({ errors: [{ message: internalErrorMessage(errorId), extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } }] });
    return;
  }
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  if (!res.headersSent) res.status(status).json(errorBody(String(error?.message ?? 'Bad request'), code));
};

const READY_CACHE_MS = 2000;

/** Shares one probe among the readiness checks of the next READY_CACHE_MS. */
function cachedProbe<T>(probe: () => Promise<T>): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > READY_CACHE_MS) last = { at: Date.now(), result: probe() };
    return last.result;
  };
}

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const client = new FaceApiClient(config.upstream);
  const introspection = config.introspection ?? true;
  const schema = config.subgraph ? await buildSubgraphGatewaySchema({ serveSdl: introspection }) : await buildGatewaySchema();
  const app = express();
  const httpServer: Server = createServer(app);
  // depth, aliases, directives, tokens and cost are checked during validation, before any resolver runs
  const limits = operationLimits({ ...DEFAULT_OPERATION_LIMITS, blockFieldSuggestions: !introspection, ...config.limits });
  const access = config.access ?? AUTH_OFF;
  const apollo = new ApolloServer<GatewayContext>({
    // Apollo parses, validates and caches; each document then runs compiled (graphql-jit), not interpreted
    ...(config.execution === 'interpreted' ? { schema } : { gateway: compiledExecution(schema) }),
    csrfPrevention: true,
    // a JSON array body is refused with 400 (one operation per request: the limits apply per request)
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: config.debugErrors ?? false,
    formatError: maskUnexpectedErrors(config.debugErrors ?? false),
    introspection,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // main.ts owns the signals: it drains the gateway, then closes the upstream and the database
    stopOnTerminationSignals: false,
    plugins: [...limits.plugins, ...noStoreWithoutCacheHints(), ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // healthz: this process is up; readyz: the upstream answers too (probed at most once per READY_CACHE_MS)
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const readiness = cachedProbe(() => client.probe());
  app.get('/readyz', async (_req, res) => {
    const probe = await readiness();
    res.status(probe.ok ? 200 : 503).json(probe.ok ? { status: 'ready' } : { status: 'unavailable', reason: probe.reason });
  });
  app.use(
    '/graphql',
    drainUnreadBody,
    authenticateFirst(access),
    requirePreflightForMultipart,
    // busboy flags a file as truncated once it reaches maxFileSize, so this limit means "< 8 MB", the contract's rule
    graphqlUploadExpress({ maxFileSize: MAX_IMAGE_BYTES, maxFiles: config.uploads.maxFiles }),
    express.json({ limit: config.uploads.maxJsonBodyBytes }),
    expressMiddleware(apollo, { context: async ({ res }) => createContext(client, res.locals.principal as Principal) }),
  );
  app.use(jsonErrors);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    close() {
      // Apollo's drain plugin stops accepting, lets in-flight operations finish, then closes the server
      closing ??= apollo.stop().then(() => client.close());
      return closing;
    },
  };
}
