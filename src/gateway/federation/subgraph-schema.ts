/**
 * Subgraph mode (GATEWAY_SUBGRAPH=on): the same type-graphql schema served as an Apollo Federation 2 subgraph.
 *
 * type-graphql builds the schema (resolvers, scope checks, validation as usual); its SDL, with the `@key`
 * directives of the entity classes, goes through @apollo/subgraph's buildSubgraphSchema, which adds
 * `_service { sdl }`, `_entities` and the `_Any`/`_Entity` types, and the resolvers are carried over with
 * type-graphql's createResolversMap (the pattern of type-graphql's apollo-federation-2 example).
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLError, parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import { scopeChecker } from '../access/auth-checker';
import type { GatewayContext } from '../context';
import { badUserInput } from '../errors';
import { buildGatewaySchema } from '../schema';
import { referenceResolvers } from './references';

/** Federation 2 and the directives this subgraph uses. */
const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

const ONE_OF_DEFINITION = 'directive @oneOf on INPUT_OBJECT\n\n';

/** Entities per `_entities` call: a router's batch of one query plan step, bounded so one request's cost is too. */
export const MAX_REPRESENTATIONS = 1000;

export interface SubgraphOptions {
  /** false (GRAPHQL_INTROSPECTION=off): `_service { sdl }` is refused like introspection; compose from a file */
  serveSdl: boolean;
}

const ENTITY_TYPES = Object.keys(referenceResolvers);

type Resolver = GraphQLFieldResolver<unknown, GatewayContext, Record<string, unknown>>;

/**
 * `_entities` is a root field type-graphql never sees, so no `@Authorized` applies to it: it gets the read
 * scope check of the root queries here (a router is no way around a key's scopes), and a bound on its list.
 */
function guardEntities(resolve: Resolver): Resolver {
  return (source, args, context, info) => {
    scopeChecker({ root: source, args, context, info }, ['read']);
    const representations = args.representations as unknown[];
    if (representations.length > MAX_REPRESENTATIONS) {
      throw badUserInput(`_entities takes at most ${MAX_REPRESENTATIONS} representations, got ${representations.length}`, {
        argument: 'representations',
      });
    }
    const unknown = representations.findIndex((representation) => !ENTITY_TYPES.includes((representation as { __typename?: unknown })?.__typename as string));
    if (unknown >= 0) {
      throw badUserInput(`representations[${unknown}]: __typename must be one of ${ENTITY_TYPES.join(', ')}`, { argument: 'representations' });
    }
    return resolve(source, args, context, info);
  };
}

function refuseSdl(): never {
  throw new GraphQLError('The subgraph SDL is not served with GRAPHQL_INTROSPECTION=off; compose from its schema file instead', {
    extensions: { code: 'FORBIDDEN' },
  });
}

export async function buildSubgraphGatewaySchema(options: SubgraphOptions): Promise<GraphQLSchema> {
  const schema = await buildGatewaySchema();
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) Object.assign(resolvers[typeName], reference);
  const sdl = printSchemaWithDirectives(schema);
  // graphql-js knows @oneOf (ImageInput: a file or base64) without a definition, Federation's parser does not;
  // with one, composition keeps it in the supergraph and the subgraph's own schema still enforces it
  const oneOf = /@oneOf\b/.test(sdl) ? ONE_OF_DEFINITION : '';
  const subgraph = buildSubgraphSchema({ typeDefs: parse(`${FEDERATION_LINK}\n\n${oneOf}${sdl}`), resolvers });
  const rootFields = subgraph.getQueryType()!.getFields();
  rootFields._entities.resolve = guardEntities(rootFields._entities.resolve as Resolver);
  if (!options.serveSdl) rootFields._service.resolve = refuseSdl;
  return subgraph;
}
