import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/** The proxy is a test tool; these checks make sure each fault really happens, so tests built on it can fail. */
describe('fault proxy', () => {
  let upstream: Server;
  let proxy: FaultProxy;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url, padding: 'x'.repeat(1000) }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    proxy = await startFaultProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });
  beforeEach(() => proxy.setRules([]));

  it('forwards and counts calls', async () => {
    const res = await request(`${proxy.origin}/a?b=1`);
    expect(await res.body.json()).toMatchObject({ path: '/a?b=1' });
    expect(proxy.calls).toContain('GET /a?b=1');
  });

  it('answers a configured status', async () => {
    proxy.setRules([{ fault: { kind: 'status', status: 503, body: '<html>down</html>', contentType: 'text/html' } }]);
    const res = await request(`${proxy.origin}/x`);
    expect(res.statusCode).toBe(503);
    expect(await res.body.text()).toContain('down');
  });

  it('resets connections and truncates bodies', async () => {
    proxy.setRules([{ fault: { kind: 'reset' } }]);
    await expect(request(`${proxy.origin}/x`)).rejects.toThrow();
    proxy.setRules([{ fault: { kind: 'truncate' } }]);
    await expect(request(`${proxy.origin}/x`).then((res) => res.body.text())).rejects.toThrow();
  });

  it('kills the upstream after N calls', async () => {
    proxy.setRules([{ match: (method) => method === 'GET', fault: { kind: 'kill-after', passes: 1 } }]);
    expect((await request(`${proxy.origin}/1`)).statusCode).toBe(200);
    await expect(request(`${proxy.origin}/2`)).rejects.toThrow();
  });

  it('resets the first N calls, then forwards', async () => {
    proxy.setRules([{ fault: { kind: 'reset-first', resets: 1 } }]);
    await expect(request(`${proxy.origin}/1`)).rejects.toThrow();
    expect((await request(`${proxy.origin}/2`)).statusCode).toBe(200);
  });

  it('counts the calls it holds', async () => {
    proxy.setRules([{ fault: { kind: 'hang' } }]);
    const controller = new AbortController();
    const held = request(`${proxy.origin}/held`, { signal: controller.signal }).catch(() => 'aborted');
    while (proxy.hanging() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await held).toBe('aborted');
    while (proxy.hanging() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('adds latency', async () => {
    proxy.setDelay(50);
    const started = Date.now();
    await (await request(`${proxy.origin}/slow`)).body.text();
    proxy.setDelay(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
