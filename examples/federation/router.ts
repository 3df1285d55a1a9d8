/**
 * Hive Gateway serving a composed supergraph: `SUPERGRAPH` (a supergraph SDL file), `PORT` (default 4000, 0 = any).
 *
 * Headers from the client reach every subgraph call (queries, mutations and the entity fetches of a plan):
 * `authorization` (the faces subgraph checks the client's key and scopes itself) and the CSRF preflight headers
 * the faces subgraph requires on multipart uploads. With `multipart: true`, Hive Gateway accepts uploads and
 * forwards them to the subgraph as multipart requests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';

/** Forwarded as the client sent them; nothing is added (the router does not vouch for a CSRF preflight). */
export const FORWARDED_HEADERS = ['authorization', 'apollo-require-preflight', 'x-apollo-operation-name'];

const supergraph = process.env.SUPERGRAPH;
if (!supergraph) throw new Error('SUPERGRAPH (path of a supergraph SDL file) is required');

const gateway = createGatewayRuntime({
  supergraph,
  // off by default in Hive Gateway: without it a multipart upload is answered 415
  multipart: true,
  logging: (process.env.ROUTER_LOG ?? 'warn') as 'debug' | 'info' | 'warn' | 'error',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) =>
      Object.fromEntries(FORWARDED_HEADERS.map((name) => [name, request.headers.get(name)]).filter(([, value]) => value !== null)),
  },
});

const server = createServer(gateway);
server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Hive Gateway (router): http://127.0.0.1:${port}/graphql`);
});
const stop = () => void Promise.resolve(gateway.dispose()).then(() => server.close(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
