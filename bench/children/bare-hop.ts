import { createServer, type IncomingMessage } from 'node:http';
import type { Upstream } from '../lib/rest';
import { serveAsChild } from '../lib/ipc';
import { createDatabaseLister } from './list-databases';
import { listenOnLoopback } from './listen';
import { probeHandlers } from './probe';

/**
 * The physical limit of a proxy: a plain node:http server that answers any POST with the databases in
 * GraphQL's response shape, after the same signed upstream call as the gateway. No GraphQL at all.
 */

export interface ServerUnderTestOptions {
  upstream: Upstream;
  /** keep-alive connections of the upstream pool (and the gateway's in-flight cap): the same for every contender */
  upstreamConnections: number;
  /** the gateway only: its own pool defaults instead of upstreamConnections */
  defaults?: boolean;
  /** accepted by the gateway; the others ignore the Authorization header */
  clientApiKey: string;
}

const drain = (req: IncomingMessage) =>
  new Promise<void>((resolve, reject) => {
    req.on('data', () => undefined);
    req.on('end', resolve);
    req.on('error', reject);
  });

serveAsChild<ServerUnderTestOptions, { url: string }>(async ({ upstream, upstreamConnections }) => {
  const lister = createDatabaseLister(upstream, upstreamConnections);
  const server = createServer(async (req, res) => {
    try {
      await drain(req);
      const body = JSON.stringify({ data: { databases: await lister.list() } });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  });
  const listening = await listenOnLoopback(server);
  return {
    info: { url: listening.url },
    handlers: probeHandlers(),
    async close() {
      await listening.close();
      await lister.close();
    },
  };
});
