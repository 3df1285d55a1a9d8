import type { ApolloServerOptions } from '@apollo/server';
import type { DatabaseLister } from './list-databases';

/** The one-resolver schema of the Apollo Server contenders: the gateway's `databases` query, nothing else. */

const typeDefs = /* GraphQL */ `
  type FeatureDatabase {
    id: ID!
    name: String!
  }
  type Query {
    databases: [FeatureDatabase!]!
  }
`;

export function oneResolverSchema(lister: DatabaseLister): ApolloServerOptions<object> {
  return { typeDefs, resolvers: { Query: { databases: () => lister.list() } } };
}
