/**
 * Replicas sharing state through a real redis-server (REDIS_URL): two gateway processes in front of one real
 * local Face API hold one rate limit together, share the automatic-persisted-query cache, keep answering
 * when Redis is killed (the documented policy: limits fall back to each replica's memory, logged and counted)
 * and share their limits again once Redis is back. Skipped, with a message, without redis-server or REDIS_URL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { startLocalFaceApi, type RunningLocalFaceApi } from '../../src/local-face-api/server';
import { API_BASE_PATH } from '../../src/face-api-contract';
import { CREDENTIALS } from '../gateway/support/stack';
import { eventually, sample, startMain, type GatewayProcess } from './support';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const available = hasRedisServer || Boolean(process.env.REDIS_URL);
if (!available) console.warn('replica tests skipped: neither redis-server (apt-get install redis-server) nor REDIS_URL is available');
const describeWithRedis = available ? describe : describe.skip;

const KEYS = { alpha: 'alpha-key-0123456789', beta: 'beta-key-0123456789', gamma: 'gamma-key-0123456789' };
const LIMIT = 10;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A throwaway redis-server (no persistence), or the one REDIS_URL names. */
class RedisUnderTest {
  private process?: ChildProcess;
  constructor(readonly port: number) {}
  get url(): string {
    return process.env.REDIS_URL && !hasRedisServer ? process.env.REDIS_URL : `redis://127.0.0.1:${this.port}`;
  }
  get owned(): boolean {
    return hasRedisServer;
  }
  async start(): Promise<void> {
    if (!this.owned) return;
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    await eventually('redis-server to answer', async () => (await probe.ping().catch(() => '')) === 'PONG');
    probe.disconnect();
  }
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

async function graphql(url: string, key: string, body: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

describeWithRedis('two gateway replicas sharing Redis', () => {
  let redis: RedisUnderTest;
  let faceApi: RunningLocalFaceApi;
  let dataDir: string;
  const replicas: GatewayProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    redis = new RedisUnderTest(await freePort());
    await redis.start();
    dataDir = mkdtempSync(join(tmpdir(), 'ops-replicas-'));
    faceApi = await startLocalFaceApi({ port: 0, dataDir, ...CREDENTIALS });
    for (let i = 0; i < 2; i++) {
      const replica = startMain({
        PORT: '0',
        FACE_API_URL: `${new URL(faceApi.url).origin}${API_BASE_PATH}`,
        FACE_APP_ID: CREDENTIALS.appId,
        FACE_ACCESS_KEY: CREDENTIALS.accessKey,
        FACE_SECRET_KEY: CREDENTIALS.secretKey,
        GATEWAY_API_KEYS: Object.entries(KEYS).map(([name, key]) => `${name}=${key}:read+write+admin`).join(','),
        GATEWAY_RATE_LIMIT: `${LIMIT}/minute`,
        REDIS_URL: redis.url,
        LOG_LEVEL: 'info',
      });
      replicas.push(replica);
    }
    for (const replica of replicas) urls.push((await replica.waitFor(/GraphQL gateway: (\S+)/))[1]);
    for (const replica of replicas) await replica.waitFor(/Redis at \S+ ready/);
  }, 120_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await faceApi?.close();
    await redis?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test(`a limit of ${LIMIT} per minute holds across both replicas together`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await graphql(urls[i % 2], KEYS.alpha, { query: '{ databases { id } }' })).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.slice(LIMIT)).toEqual(Array(16 - LIMIT).fill(429));
  });

  test('a persisted query registered through one replica is found by the other', async () => {
    const query = '{ databases { id name } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const unknown = await graphql(urls[1], KEYS.gamma, { extensions: { persistedQuery } });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await graphql(urls[0], KEYS.gamma, { query, extensions: { persistedQuery } })).body.errors).toBeUndefined();
    const found = await graphql(urls[1], KEYS.gamma, { extensions: { persistedQuery } });
    expect(found.body.errors).toBeUndefined();
    expect(Array.isArray(found.body.data.databases)).toBe(true);
  });

  test('Redis killed: both keep answering within per-replica limits, logged and counted; Redis back: shared again', async () => {
    if (!redis.owned) return console.warn('Redis outage test skipped: it needs a redis-server of its own (REDIS_URL is not killed)');
    await redis.kill();
    // per-replica fallback: each replica alone allows the limit, so together up to twice it
    const during: number[] = [];
    for (let i = 0; i < 2 * LIMIT + 2; i++) during.push((await graphql(urls[i % 2], KEYS.beta, { query: '{ databases { id } }' })).status);
    expect(during.filter((status) => status === 200)).toHaveLength(2 * LIMIT);
    expect(during.slice(-2)).toEqual([429, 429]);
    // the persisted-query cache: a miss, and the full query still answers (the APQ protocol's fallback)
    const query = '{ databases { id name } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    expect((await graphql(urls[0], KEYS.gamma, { extensions: { persistedQuery } })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await graphql(urls[0], KEYS.gamma, { query, extensions: { persistedQuery } })).body.errors).toBeUndefined();
    const apqErrors = sample(await (await fetch(urls[0].replace('/graphql', '/metrics'))).text(), 'gateway_redis_errors_total', { use: 'apq' });
    expect(apqErrors).toBeGreaterThanOrEqual(2);
    for (const [i, replica] of replicas.entries()) {
      expect(replica.stdout()).toMatch(/"level":"warn".*Redis unavailable: rate limits are enforced per replica until it is back/);
      const metrics = await (await fetch(urls[i].replace('/graphql', '/metrics'))).text();
      expect(sample(metrics, 'gateway_redis_errors_total', { use: 'rate_limit' })).toBeGreaterThanOrEqual(LIMIT);
    }

    await redis.start(); // the same port, empty
    for (const [i, replica] of replicas.entries()) {
      // ioredis reconnects on its own; the first operation through Redis logs the recovery
      await eventually(
        'the replica to use Redis again',
        async () => {
          await graphql(urls[i], KEYS.gamma, { query: '{ databases { id } }' });
          return /Redis is back: rate limits are shared by the replicas again/.test(replica.stdout());
        },
        30_000,
      );
    }
    const shared: number[] = [];
    for (let i = 0; i < 14; i++) shared.push((await graphql(urls[i % 2], KEYS.alpha, { query: '{ databases { id } }' })).status);
    // Redis restarted empty: alpha's window starts afresh, and is one window for both replicas again
    expect(shared.filter((status) => status === 200)).toHaveLength(LIMIT);
  }, 120_000);
});
