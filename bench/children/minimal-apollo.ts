import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serveAsChild } from '../lib/ipc';
import type { ServerUnderTestOptions } from './bare-hop';
import { createDatabaseLister } from './list-databases';
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
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  server.keepAliveTimeout = 30_000;
  const { port } = server.address() as AddressInfo;
  return {
    info: { url: `http://127.0.0.1:${port}/graphql` },
    handlers: probeHandlers(),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await apollo.stop();
      await lister.close();
    },
  };
});
