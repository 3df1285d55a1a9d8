/**
 * The local Face API's log line per request and its Prometheus metrics (GET /metrics on its own port):
 * requests by route and status, their latency, the engine's queue and busy workers, and the time each
 * analysis spends waiting for a worker ("queue") and in it (by operation).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { logger, type Logger } from '../observability/logger';
import type { FaceEngine } from './engine';

const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface FinishedRequest {
  traceId: string;
  method: string;
  /** the matched route's pattern (`databases/:db_id/features`), or null */
  route: string | null;
  status: number;
  durationMs: number;
}

export class FaceApiObservability {
  readonly registry = new Registry();
  private readonly log: Logger;
  private readonly requests = new Counter({
    name: 'face_api_requests_total',
    help: 'REST requests by route and HTTP status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'face_api_request_duration_seconds',
    help: 'REST request latency by route',
    labelNames: ['method', 'route'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly stages = new Histogram({
    name: 'face_api_engine_stage_duration_seconds',
    help: 'Face engine time per stage: "queue" (waiting for a worker), then the analysis (detect, embedLargest, quality)',
    labelNames: ['stage'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  constructor(
    engine: FaceEngine,
    private readonly parent: Logger = logger,
  ) {
    this.log = parent.child({ component: 'local-face-api' });
    collectDefaultMetrics({ register: this.registry });
    const monitor = engine.monitor;
    if (!monitor) return;
    new Gauge({
      name: 'face_api_engine_queue_length',
      help: 'Images waiting for a face engine worker',
      registers: [this.registry],
      collect() {
        this.set(monitor.queueLength());
      },
    });
    new Gauge({
      name: 'face_api_engine_busy_workers',
      help: 'Face engine workers analysing an image now',
      registers: [this.registry],
      collect() {
        this.set(monitor.busyWorkers());
      },
    });
    new Gauge({ name: 'face_api_engine_workers', help: 'Face engine workers', registers: [this.registry] }).set(monitor.workers);
    monitor.onJob((method, waitMs, runMs) => {
      this.stages.observe({ stage: 'queue' }, waitMs / 1000);
      this.stages.observe({ stage: method }, runMs / 1000);
    });
  }

  finished({ traceId, method, route, status, durationMs }: FinishedRequest, path: string): void {
    const label = route ?? 'unmatched';
    this.requests.inc({ method, route: label, status: String(status) });
    this.duration.observe({ method, route: label }, durationMs / 1000);
    const level = status >= 500 ? 'error' : path === '/healthz' || path === '/metrics' ? 'debug' : 'info';
    if (!this.log.isLevelEnabled(level)) return;
    this.log[level]({ traceId, method, path, route, status, durationMs: Math.round(durationMs * 100) / 100 }, 'request');
  }

  unexpected(traceId: string, error: unknown): void {
    this.parent.error({ component: 'local-face-api', traceId, err: error }, 'internal error');
  }
}
