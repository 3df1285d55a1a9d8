/** The small pieces behind the log line and the metrics: bounded labels, endpoint templates, ids, scrubbing. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { GatewayMetrics } from '../../src/observability/metrics';
import { requestIdFrom } from '../../src/observability/request-record';
import { endpointOf, imagesIn } from '../../src/gateway/observability/upstream-observer';
import { createLogger } from '../../src/observability/logger';

test('client-chosen operation names: at most 200 series, then "other"', () => {
  const metrics = new GatewayMetrics(() => ({ inFlight: 0, queued: 0, breaker: 'closed' }));
  for (let i = 0; i < 200; i++) expect(metrics.operationLabel(`Op${i}`)).toBe(`Op${i}`);
  expect(metrics.operationLabel('Op0')).toBe('Op0');
  expect(metrics.operationLabel('OneMore')).toBe('other');
  expect(metrics.operationLabel(undefined)).toBe('anonymous');
});

test('upstream endpoints are templates: ids never become label values', () => {
  expect(endpointOf('POST', '/databases/search')).toBe('POST /databases/search');
  expect(endpointOf('GET', '/databases')).toBe('GET /databases');
  expect(endpointOf('DELETE', '/databases/db%2F1')).toBe('DELETE /databases/{db_id}');
  expect(endpointOf('POST', '/databases/abc/features')).toBe('POST /databases/{db_id}/features');
  expect(endpointOf('GET', '/databases/abc/features/f-9')).toBe('GET /databases/{db_id}/features/{feature_id}');
  expect(imagesIn({ images: [{}, {}, {}] })).toBe(3);
  expect(imagesIn({ one: {}, another: {} })).toBe(2);
  expect(imagesIn({ image: {}, db_ids: ['a'] })).toBe(1);
  expect(imagesIn(undefined)).toBe(0);
});

test("a client's X-Request-Id is kept only when it is a plain token", () => {
  expect(requestIdFrom('abc-123.x:y_z')).toBe('abc-123.x:y_z');
  for (const bad of ['has space', 'a'.repeat(65), 'quote"', 'new\nline', ['a', 'b']]) {
    expect(requestIdFrom(bad as string)).toMatch(/^[0-9a-f-]{36}$/);
  }
});

test('an error whose message carries a long token or base64 run is logged without it', () => {
  let written = '';
  const sink = new Writable({ write: (chunk, _encoding, done) => ((written += chunk), done()) });
  const logger = createLogger({ LOG_LEVEL: 'info' });
  const capture = pino({ serializers: (logger as unknown as { [key: symbol]: unknown })[pino.symbols.serializersSym] as pino.LoggerOptions['serializers'] }, sink);
  const base64 = Buffer.alloc(300, 7).toString('base64');
  capture.error({ err: new Error(`could not decode ${base64}`) }, 'unexpected');
  expect(written).toContain('could not decode [long token removed]');
  expect(written).not.toContain(base64.slice(0, 48));
});

test('LOG_LEVEL picks the level; an unknown one falls back to info', () => {
  expect(createLogger({ LOG_LEVEL: 'debug' }).level).toBe('debug');
  expect(createLogger({ LOG_LEVEL: 'loud' }).level).toBe('info');
});
