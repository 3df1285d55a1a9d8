/** The executable schema, built from the resolver classes of every domain. */
import 'reflect-metadata';
import { GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
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

/** Input types whose fields are exclusive (`@oneOf`, enforced by graphql-js validation and variable coercion). */
const ONE_OF_INPUTS = ['ImageInput'];

/** What type-graphql 2 cannot declare: `@oneOf` inputs and descriptions of the root types. */
function completeSchema(schema: GraphQLSchema): GraphQLSchema {
  for (const name of ONE_OF_INPUTS) {
    const type = schema.getType(name);
    if (!(type instanceof GraphQLInputObjectType)) throw new Error(`@oneOf input ${name} is not in the schema`);
    type.isOneOf = true;
  }
  schema.getQueryType()!.description = 'Reads: feature databases and stored features.';
  schema.getMutationType()!.description =
    'Writes, and every operation that carries an image (client caches key queries by variables, and a File serialises to {}).';
  return schema;
}

export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  // @Authorized('read' | 'write' | 'admin') on root fields; the checker throws FORBIDDEN for a missing scope
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false, authChecker: scopeChecker, authMode: 'error' });
  return completeSchema(schema);
}
