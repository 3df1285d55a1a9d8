/**
 * The gateway's Prometheus metrics (prom-client), one registry per gateway so tests can run several in one
 * process. Label values are bounded: operation names are client-chosen, so only the first MAX_OPERATIONS
 * distinct names get their own series and the rest count as "other".
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const MAX_OPERATIONS = 200;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What the gauges read when scraped (the client's live resilience state). */
export interface UpstreamState {
  inFlight: number;
  queued: number;
  breaker: 'closed' | 'open' | 'half-open';
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  readonly graphqlRequests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name, type and outcome (success, error, rate_limited)',
    labelNames: ['operation', 'type', 'outcome'],
    registers: [this.registry],
  });
  readonly graphqlErrors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'Time from the start of a GraphQL request to its response',
    labelNames: ['operation', 'type'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly upstreamCalls = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Calls to the Face API by endpoint and status (HTTP status, or TIMEOUT / UNAVAILABLE without one)',
    labelNames: ['endpoint', 'status'],
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Latency of calls to the Face API by endpoint',
    labelNames: ['endpoint'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly imagesSent = new Counter({
    name: 'gateway_upstream_images_sent_total',
    help: 'Images sent to the Face API by endpoint (the unit the cloud bills)',
    labelNames: ['endpoint'],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Operations refused with RATE_LIMITED, by the limit that refused them',
    labelNames: ['limit'],
    registers: [this.registry],
  });
  readonly sharedStoreErrors = new Counter({
    name: 'gateway_redis_errors_total',
    help: 'Redis failures by use (rate_limit: the local fallback limit applied; apq: treated as a cache miss)',
    labelNames: ['use'],
    registers: [this.registry],
  });

  constructor(upstream: () => UpstreamState) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'gateway_upstream_in_flight',
      help: 'Calls to the Face API in flight',
      registers: [this.registry],
      collect() {
        this.set(upstream().inFlight);
      },
    });
    new Gauge({
      name: 'gateway_upstream_queued',
      help: 'Calls to the Face API waiting for a free slot (UPSTREAM_MAX_IN_FLIGHT)',
      registers: [this.registry],
      collect() {
        this.set(upstream().queued);
      },
    });
    new Gauge({
      name: 'gateway_upstream_breaker_state',
      help: 'Circuit breaker towards the Face API: 1 for the current state',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const state = upstream().breaker;
        for (const each of ['closed', 'half-open', 'open']) this.set({ state: each }, each === state ? 1 : 0);
      },
    });
  }

  /** The label for a client-chosen operation name. */
  operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(name);
    return name;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
