import { connect, createServer, type Socket } from 'node:net';
import { serveAsChild } from '../lib/ipc';
import { probeHandlers } from './probe';

/**
 * The stand-in for a cloud API's network in scenario (a): a TCP relay in front of the local Face API that
 * holds every chunk from the client for a fixed delay before passing it on (one upstream connection per client
 * connection; answers flow back at once). It adds the latency the way a network does, without parsing HTTP:
 * the HTTP fault proxy costs about as much CPU per call as a bare hop, so on a 2-core machine it capped the
 * direct call and the servers together and the validity check measured the proxy (docs/benchmarks.md).
 */

serveAsChild<{ target: string }, { origin: string }>(async ({ target }) => {
  const { hostname, port } = new URL(target);
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    track(client);
    track(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // timers of one duration fire in the order they were set, so the byte order is kept
    client.on('data', (chunk) => {
      if (delayMs === 0) upstream.write(chunk);
      else setTimeout(() => upstream.destroyed || upstream.write(chunk), delayMs);
    });
    upstream.pipe(client);
    client.once('end', () => setTimeout(() => upstream.end(), delayMs));
    client.once('error', () => upstream.destroy());
    upstream.once('error', () => client.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    info: { origin: `http://127.0.0.1:${address.port}` },
    handlers: { ...probeHandlers(), setDelay: (ms) => void (delayMs = ms as number) },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
});
