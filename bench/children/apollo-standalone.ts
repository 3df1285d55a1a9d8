import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { serveAsChild } from '../lib/ipc';
import { oneResolverSchema } from './apollo-schema';
import type { ServerUnderTestOptions } from './bare-hop';
import { createDatabaseLister } from './list-databases';
import { probeHandlers } from './probe';

/** Apollo Server 5's own node:http server (startStandaloneServer) with one resolver doing the gateway's upstream call. */

serveAsChild<ServerUnderTestOptions, { url: string }>(async ({ upstream, upstreamConnections }) => {
  const lister = createDatabaseLister(upstream, upstreamConnections);
  const apollo = new ApolloServer(oneResolverSchema(lister));
  const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
  return {
    info: { url: new URL('/graphql', url).toString() },
    handlers: probeHandlers(),
    async close() {
      await apollo.stop();
      await lister.close();
    },
  };
});
