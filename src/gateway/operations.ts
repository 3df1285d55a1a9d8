/**
 * Everything a gateway needs to be run in production, assembled in one place for server.ts: the per-request
 * observability (log line, metrics, spans), rate limits, trusted documents, and the Redis connection that
 * replicas share. server.ts adds the plugins, the request hooks and the /metrics endpoint.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type Redis from 'ioredis';
import type { OperationsConfig } from './settings';
import { logger as processLogger, type Logger } from '../observability/logger';
import type { Tracing } from '../observability/tracing';
import type { FaceApiClient } from '../upstream/client';
import type { GatewayContext } from './context';
import type { RequestHook } from './http/request-hooks';
import { GatewayObservability } from './observability/gateway-observability';
import { rateLimitPlugin } from './limits/rate-limit-plugin';
import { ClientRateLimiter } from './limits/rate-limiter';
import { trustedDocumentsPlugin } from './limits/trusted-documents';
import { RedisApqCache } from './shared-state/apq-cache';
import { connectRedis } from './shared-state/redis';

export interface OperationsOptions extends Partial<OperationsConfig> {
  /** false: no request log lines, GraphQL/upstream metrics or spans (the bench's baseline); default true */
  instrumentation?: boolean;
  logger?: Logger;
  /** default: from the OTEL_* variables */
  tracing?: Tracing;
}

export interface GatewayOperations {
  observability: GatewayObservability;
  /** the HTTP layer's per-request hooks (none with instrumentation off) */
  requestHooks: RequestHook[];
  logger: Logger;
  /** Apollo plugins, in order: trusted documents, observability, rate limits */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** the APQ cache: Redis when REDIS_URL is set, else Apollo's default (in memory) */
  apqCache?: KeyValueCache<string>;
  /** GET /metrics in Prometheus' text format */
  serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** METRICS_PORT: a server of its own for /metrics; undefined: /metrics is a route of the gateway */
  metricsServer?: Server;
  close(): Promise<void>;
}

export async function setUpOperations(client: FaceApiClient, options: OperationsOptions = {}): Promise<GatewayOperations> {
  const logger = options.logger ?? processLogger;
  const observability = new GatewayObservability(client, { logger, tracing: options.tracing });
  const { metrics } = observability;
  const redis: Redis | undefined = options.redisUrl ? await connectRedis(options.redisUrl, logger) : undefined;
  const limiter = new ClientRateLimiter(options.rateLimits ?? [], {
    redis,
    logger,
    onStoreError: () => metrics.sharedStoreErrors.inc({ use: 'rate_limit' }),
  });
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    ...(options.trustedDocuments ? [trustedDocumentsPlugin(options.trustedDocuments)] : []),
    ...(options.instrumentation === false ? [] : [observability.plugin()]),
    ...(limiter.enabled ? [rateLimitPlugin(limiter, metrics)] : []),
  ];
  const serveMetrics = async (_req: IncomingMessage, res: ServerResponse) => {
    const text = await metrics.text();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(text);
  };
  let metricsServer: Server | undefined;
  if (options.metricsPort !== undefined) {
    metricsServer = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) return void serveMetrics(req, res);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
    });
    await new Promise<void>((resolve, reject) => {
      metricsServer!.once('error', reject);
      metricsServer!.listen(options.metricsPort, () => resolve());
    });
    logger.info(`Metrics: http://localhost:${(metricsServer.address() as AddressInfo).port}/metrics`);
  }
  return {
    observability,
    requestHooks: options.instrumentation === false ? [] : [observability.requestHook],
    logger,
    plugins,
    apqCache: redis ? new RedisApqCache(redis, () => metrics.sharedStoreErrors.inc({ use: 'apq' })) : undefined,
    serveMetrics,
    metricsServer,
    async close() {
      if (metricsServer) await new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
      await observability.close();
      if (redis) redis.disconnect();
    },
  };
}
