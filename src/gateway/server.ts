/**
 * The gateway: Apollo Server 5 behind a thin node:http layer (./http: routes, CORS, bodies, hooks).
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { FaceApiClient } from '../upstream/client';
import type { UpstreamConfig } from '../upstream/settings';
import type { AccessSettings } from './access/authenticate';
import { createContext, type GatewayContext } from './context';
import { DEFAULT_OPERATION_LIMITS, operationLimits, type OperationLimits } from './limits/operation-limits';
import { buildGatewaySchema } from './schema';
import { buildSubgraphGatewaySchema } from './federation/subgraph-schema';
import { compiledExecution } from './execution/compiled-executor';
import { FastPath } from './execution/fast-path';
import { KnownOperations } from './execution/known-operations';
import { noStoreWithoutCacheHints } from './execution/cache-policy';
import { maskUnexpectedErrors } from './error-masking';
import type { CorsOrigins } from './http/cors';
import { graphqlRoute } from './http/graphql-route';
import { healthRoutes } from './http/health';
import { requestListener } from './http/listener';
import type { RequestHook } from './http/request-hooks';
import type { Route } from './http/routes';
import { setUpOperations, type OperationsOptions } from './operations';
import type { UploadConfig } from './settings';

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
  limits?: Partial<OperationLimits>;
  /** default 'compiled' (graphql-jit); 'interpreted' runs graphql-js, the reference the tests compare with */
  execution?: 'compiled' | 'interpreted';
  /** default on with compiled execution: JSON requests of operations that already ran skip Apollo's request pipeline (execution/fast-path.ts) */
  fastPath?: boolean;
  /** GATEWAY_DEBUG_ERRORS: stack traces in error responses; default off (unexpected errors are masked either way) */
  debugErrors?: boolean;
  /** GATEWAY_SUBGRAPH: serve the same schema as a Federation 2 subgraph (`_service`, `_entities`); default off */
  subgraph?: boolean;
  /** CORS_ORIGINS: origins whose pages may call the gateway; default none (same origin only) */
  corsOrigins?: CorsOrigins;
  /** routes tried before the gateway's own (GraphQL, health): static assets, metrics, an IDE page */
  routes?: readonly Route[];
  /** called for every request, and when its answer is done (logging, metrics, tracing) */
  requestHooks?: readonly RequestHook[];
  /** logs, metrics (METRICS_PORT), tracing, rate limits, Redis, trusted documents; default: logs and /metrics only */
  operations?: OperationsOptions;
}

const AUTH_OFF: AccessSettings = { enabled: false, apiKeys: [], jwt: null };

export interface RunningGateway {
  /** the GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** where GET /metrics is served */
  metricsUrl: string;
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const client = new FaceApiClient(config.upstream);
  const introspection = config.introspection ?? true;
  const schema = config.subgraph ? await buildSubgraphGatewaySchema({ serveSdl: introspection }) : await buildGatewaySchema();
  const httpServer: Server = createServer();
  // depth, aliases, directives, tokens and cost are checked during validation, before any resolver runs
  const limits = operationLimits({ ...DEFAULT_OPERATION_LIMITS, blockFieldSuggestions: !introspection, ...config.limits });
  const access = config.access ?? AUTH_OFF;
  const operations = await setUpOperations(client, config.operations);
  const { observability } = operations;
  const compiled = config.execution !== 'interpreted';
  const known = compiled && config.fastPath !== false ? new KnownOperations() : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    // Apollo parses, validates and caches; each document then runs compiled (graphql-jit), not interpreted
    ...(compiled ? { gateway: compiledExecution(schema, known) } : { schema }),
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
    ...(operations.apqCache ? { persistedQueries: { cache: operations.apqCache } } : {}),
    plugins: [
      ...operations.plugins,
      ...limits.plugins,
      ...noStoreWithoutCacheHints(),
      // Apollo turns on federated (ftv1) resolver traces for any caller that asks when it sees a subgraph schema
      // (and they would turn the fast path off): this gateway serves no Apollo Studio traces
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's landing page loads from a CDN (blank offline); browsers get the bundled GraphiQL (http/web.ts)
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const fastPath = known && new FastPath(apollo, schema, known);

  const routes: Route[] = [
    ...(operations.metricsServer ? [] : [{ method: 'GET', path: '/metrics', handle: operations.serveMetrics }]),
    ...(config.routes ?? []),
    ...healthRoutes(() => client.probe()),
    // every method: Apollo answers GET and POST, and 405 with Allow for the others
    {
      method: '*',
      path: '/graphql',
      handle: graphqlRoute({
        apollo,
        fastPath,
        access,
        maxJsonBodyBytes: config.uploads.maxJsonBodyBytes,
        maxFiles: config.uploads.maxFiles,
        context: (principal, req, res) => {
          const record = observability.recordOf(req);
          const context = createContext(client, principal, record && { record, observer: observability.observerFor(record) });
          // answered (or the client left): the operation's deadline timer is no longer needed
          res.once('close', () => context.client.endOperation());
          return context;
        },
      }),
    },
  ];
  const hooks = [...operations.requestHooks, ...(config.requestHooks ?? [])];
  httpServer.on('request', requestListener({ routes, corsOrigins: config.corsOrigins ?? [], hooks }));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | undefined;
  const metricsAddress = operations.metricsServer?.address() as AddressInfo | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    metricsUrl: `http://${host}:${metricsAddress?.port ?? port}/metrics`,
    close() {
      // Apollo's drain plugin stops accepting, lets in-flight operations finish, then closes the server
      fastPath?.disable('the gateway is closing');
      closing ??= apollo.stop().then(() => Promise.all([client.close(), operations.close()])).then(() => undefined);
      return closing;
    },
  };
}
