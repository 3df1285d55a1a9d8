import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createServer } from 'node:http';
import { serveAsChild } from '../lib/ipc';
import type { ServerUnderTestOptions } from './bare-hop';
import { createDatabaseLister } from './list-databases';
import { listenOnLoopback } from './listen';
import { probeHandlers } from './probe';

/** The floor of this stack: Apollo Server 5 on express 5 with one resolver doing the gateway's upstream call. */

const typeDefs = /* GraphQL */ `
  type FeatureDatabase {
    id: ID!
    name: String!
  }
  type Query {
    databases: [FeatureDatabase!]!
  }
`;

serveAsChild<ServerUnderTestOptions, { url: string }>(async ({ upstream, upstreamConnections }) => {
  const lister = createDatabaseLister(upstream, upstreamConnections);
  const apollo = new ApolloServer({ typeDefs, resolvers: { Query: { databases: () => lister.list() } } });
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
