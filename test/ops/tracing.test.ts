/**
 * OpenTelemetry: the gateway (a real process, src/main.ts) configured by the standard OTEL_* variables exports over OTLP/HTTP (JSON) to a real
 * receiver started here, which decodes what arrives. A client's W3C traceparent is the parent of the HTTP
 * span; the GraphQL operation and each upstream call are spans below it; the traceparent sent upstream (seen
 * by a proxy in front of the real local Face API) names the upstream call's span; the upstream's trace_id is
 * on that span. Without an exporter configured, tracing is off.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalFaceApi, type RunningLocalFaceApi } from '../../src/local-face-api/server';
import { createTracing } from '../../src/observability/tracing';
import { API_BASE_PATH } from '../../src/face-api-contract';
import { CREDENTIALS } from '../gateway/support/stack';
import { eventually, startMain, type GatewayProcess } from './support';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value && Object.values(value)[0];
};

/** An OTLP/HTTP receiver: POST /v1/traces with JSON bodies, spans collected as decoded. */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; services: string[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const services: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || req.headers['content-type'] !== 'application/json') {
        res.writeHead(415).end();
        return;
      }
      const decoded = JSON.parse(body);
      for (const resourceSpans of decoded.resourceSpans) {
        const name = resourceSpans.resource.attributes.find((a: { key: string }) => a.key === 'service.name')?.value.stringValue;
        services.push(name);
        for (const scope of resourceSpans.scopeSpans) spans.push(...scope.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, services, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Forwards to the real local Face API and remembers the traceparent of each call. */
async function startTraceparentProxy(target: string): Promise<{ origin: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer(async (req, res) => {
    seen.push(String(req.headers.traceparent ?? ''));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let proxy: Awaited<ReturnType<typeof startTraceparentProxy>>;
let faceApi: RunningLocalFaceApi;
let gateway: GatewayProcess;
let url: string;
const KEY = 'tracer-key-0123456789';
let dataDir: string;

beforeAll(async () => {
  receiver = await startReceiver();
  dataDir = mkdtempSync(join(tmpdir(), 'ops-tracing-'));
  faceApi = await startLocalFaceApi({ port: 0, dataDir, ...CREDENTIALS });
  proxy = await startTraceparentProxy(new URL(faceApi.url).origin);
  gateway = startMain({
    PORT: '0',
    FACE_API_URL: `${proxy.origin}${API_BASE_PATH}`,
    FACE_APP_ID: CREDENTIALS.appId,
    FACE_ACCESS_KEY: CREDENTIALS.accessKey,
    FACE_SECRET_KEY: CREDENTIALS.secretKey,
    GATEWAY_API_KEYS: `tracer=${KEY}:read+write+admin`,
    // the standard variables, as a deployment sets them
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: 'gateway-under-test',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });
  [, url] = await gateway.waitFor(/GraphQL gateway: (\S+)/);
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await proxy?.close();
  await faceApi?.close();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('without an exporter in the OTEL_* variables, tracing is off', () => {
  expect(createTracing('x', {})).toBeUndefined();
  expect(createTracing('x', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  expect(createTracing('x', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
});

test('HTTP request → GraphQL operation → upstream calls, under the client traceparent, exported over OTLP/HTTP', async () => {
  const post = (query: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` },
      body: JSON.stringify({ query }),
    });
  const created = (await (await post('mutation MakeDb { createDatabase(name: "traced", maxSize: 10) { id } }')).json()) as any;
  expect(created.data.createDatabase.id).toBeTruthy();
  // an upstream failure: the error's traceId must be the one on the upstream span
  const missing = (await (await post('mutation DropDb { deleteDatabase(id: "no-such-db") }')).json()) as any;
  const upstreamTraceId = missing.errors[0].extensions.traceId;
  expect(upstreamTraceId).toBeTruthy();

  const spans = await eventually('the spans of both requests', () => receiver.spans.length >= 6 && receiver.spans);
  expect(receiver.services).toContain('gateway-under-test');
  expect(spans.every((span) => span.traceId === CLIENT_TRACE)).toBe(true);

  const http = spans.filter((span) => span.name === 'POST /graphql');
  expect(http).toHaveLength(2);
  for (const span of http) {
    expect(span.parentSpanId).toBe(CLIENT_SPAN);
    expect(span.kind).toBe(2); // SERVER
  }
  const operation = spans.find((span) => span.name === 'mutation DropDb')!;
  expect(http.map((span) => span.spanId)).toContain(operation.parentSpanId);
  expect(attribute(operation, 'graphql.operation.name')).toBe('DropDb');

  const upstream = spans.find((span) => span.name === 'DELETE /databases/{db_id}')!;
  expect(upstream.parentSpanId).toBe(operation.spanId);
  expect(upstream.kind).toBe(3); // CLIENT
  expect(attribute(upstream, 'face_api.trace_id')).toBe(upstreamTraceId);
  expect(String(attribute(upstream, 'http.response.status_code'))).toBe('404');
  // the W3C traceparent the Face API received names exactly this span
  expect(proxy.seen).toContain(`00-${CLIENT_TRACE}-${upstream.spanId}-01`);
  expect(spans.find((span) => span.name === 'POST /databases')!.parentSpanId).toBe(spans.find((span) => span.name === 'mutation MakeDb')!.spanId);
}, 60_000);
