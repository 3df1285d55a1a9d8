/** The executable schema, built from the resolver classes of every domain. */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { scopeChecker } from '../access/auth-checker';
import { DatabaseResolver } from './databases/resolver';
import { DetectResolver } from './detect/resolver';
import { DatabaseFeaturesResolver, FeatureResolver } from './features/resolver';
import { IdentifyResolver } from './identify/resolver';
import { QualityResolver } from './quality/resolver';
import { SearchResolver } from './search/resolver';

export const RESOLVERS = [
  DatabaseResolver,
  DatabaseFeaturesResolver,
  FeatureResolver,
  QualityResolver,
  SearchResolver,
  DetectResolver,
  IdentifyResolver,
] as const;

export function buildGatewaySchema(): Promise<GraphQLSchema> {
  // @Authorized('read' | 'write' | 'admin') on root fields; the checker throws FORBIDDEN for a missing scope
  return buildSchema({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false, authChecker: scopeChecker, authMode: 'error' });
}
