import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createServer } from 'node:http';
import { serveAsChild } from '../lib/ipc';
import { oneResolverSchema } from './apollo-schema';
import type { ServerUnderTestOptions } from './bare-hop';
import { createDatabaseLister } from './list-databases';
import { listenOnLoopback } from './listen';
import { probeHandlers } from './probe';

/** Apollo Server 5 on express 5 (@as-integrations/express5) with one resolver doing the gateway's upstream call. */

serveAsChild<ServerUnderTestOptions, { url: string }>(async ({ upstream, upstreamConnections }) => {
  const lister = createDatabaseLister(upstream, upstreamConnections);
  const apollo = new ApolloServer(oneResolverSchema(lister));
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
  const listening = await listenOnLoopback(createServer(app));
  return {
    info: { url: listening.url },
    handlers: probeHandlers(),
    async close() {
      await listening.close();
      await apollo.stop();
      await lister.close();
    },
  };
});
