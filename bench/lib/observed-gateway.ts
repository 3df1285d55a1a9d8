import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { OperationsOptions } from '../../src/gateway/operations';
import { createLogger } from '../../src/observability/logger';
import { createTracing } from '../../src/observability/tracing';

/**
 * The production logger (its level, fields, formatters and redaction: createLogger), writing to /dev/null
 * instead of the bench's output, so the log line of every request costs what it costs in production.
 */
export function devNullLogger() {
  return createLogger({ LOG_LEVEL: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
}

/**
 * The gateway's logs, metrics and traces as production has them, with the output kept off the terminal: log
 * lines serialised and written to /dev/null (the same work as to a pipe), spans exported over OTLP/HTTP to a
 * sink in the same process (which costs the child's CPU: an upper bound on the exporter's cost).
 */
export async function productionObservability(parts: { logs: boolean; traces: boolean } = { logs: true, traces: true }): Promise<{ operations: OperationsOptions; close(): Promise<void> }> {
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const tracing = parts.traces ? createTracing('face-graphql-gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }) : undefined;
  return {
    operations: { logger: parts.logs ? devNullLogger() : pino({ level: 'silent' }), tracing },
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
  };
}
