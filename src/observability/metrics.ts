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

  readonly graphqlRequests = this.counter('gateway_graphql_requests_total', 'GraphQL requests by operation name, type and outcome (success, error, rate_limited)', ['operation', 'type', 'outcome']);
  readonly graphqlErrors = this.counter('gateway_graphql_errors_total', 'GraphQL errors by extensions.code', ['code']);
  readonly graphqlDuration = this.histogram('gateway_graphql_request_duration_seconds', 'Time from the start of a GraphQL request to its response', ['operation', 'type']);
  readonly upstreamCalls = this.counter(
    'gateway_upstream_requests_total',
    'Calls to the Face API by endpoint and status (HTTP status, or TIMEOUT / UNAVAILABLE without one)',
    ['endpoint', 'status'],
  );
  readonly upstreamDuration = this.histogram('gateway_upstream_request_duration_seconds', 'Latency of calls to the Face API by endpoint', ['endpoint']);
  readonly imagesSent = this.counter('gateway_upstream_images_sent_total', 'Images sent to the Face API by endpoint (the unit the cloud bills)', ['endpoint']);
  readonly rateLimited = this.counter('gateway_rate_limited_total', 'Operations refused with RATE_LIMITED, by the limit that refused them', ['limit']);
  readonly sharedStoreErrors = this.counter(
    'gateway_redis_errors_total',
    'Redis failures by use (rate_limit: the local fallback limit applied; apq: treated as a cache miss)',
    ['use'],
  );

  constructor(upstream: () => UpstreamState) {
    collectDefaultMetrics({ register: this.registry });
    this.gauge('gateway_upstream_in_flight', 'Calls to the Face API in flight', () => upstream().inFlight);
    this.gauge('gateway_upstream_queued', 'Calls to the Face API waiting for a free slot (UPSTREAM_MAX_IN_FLIGHT)', () => upstream().queued);
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

  private counter<const L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<const L extends string>(name: string, help: string, labelNames: readonly L[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets: SECONDS, registers: [this.registry] });
  }

  /** A gauge read when scraped. */
  private gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
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
