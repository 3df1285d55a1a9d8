/**
 * Cost analysis that knows this schema: what an operation may cost upstream is estimated from its arguments
 * (a page's `limit`, a search's `topK`, the number of images) before any resolver runs, and an operation
 * above `maxCost` is refused with COST_ESTIMATED_TOO_EXPENSIVE (Apollo Router's code for the same check).
 *
 * cost of a field = UPSTREAM_CALL_COST × upstream calls it makes + list size × (1 per object + its selection);
 * scalars are free. graphql-query-complexity walks the document (fragments, aliases, @skip/@include, variables).
 * The estimate is a static upper bound: the per-request DataLoaders make repeated lookups cheaper in practice,
 * and the hard cap on upstream calls per operation (GATEWAY_MAX_UPSTREAM_CALLS) holds whatever the estimate says.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, isCompositeType, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_IMAGES_PER_BATCH, MAX_TOP_K } from '../../face-api-contract';

/** An upstream call weighs as much as ten objects in the answer. */
export const UPSTREAM_CALL_COST = 10;
/** Assumed length of a list no argument bounds (the app's databases). */
const UNBOUNDED_LIST = 10;

type Args = Record<string, unknown>;
const count = (list: unknown): number => (Array.isArray(list) ? list.length : 1);
const batches = (list: unknown): number => Math.max(1, Math.ceil(count(list) / MAX_IMAGES_PER_BATCH));

interface FieldCost {
  /** upstream calls the field makes */
  calls?: (args: Args) => number;
  /** how many times its selection is produced */
  size?: (args: Args) => number;
}

const FIELD_COSTS: Record<string, FieldCost> = {
  'Query.databases': { calls: () => 1, size: () => UNBOUNDED_LIST },
  'Query.database': { calls: () => 1 },
  'Query.feature': { calls: () => 1 },
  'FeatureDatabase.features': { calls: () => 1, size: (args) => Number(args.limit ?? DEFAULT_PAGE_SIZE) },
  'Mutation.detectFaces': { calls: (args) => batches(args.images), size: (args) => count(args.images) },
  'Mutation.addFeatures': { calls: (args) => batches(args.features), size: (args) => count(args.features) },
  'Mutation.searchFaces': { calls: () => 1, size: (args) => Number(args.topK ?? MAX_TOP_K) },
  'Mutation.compareFaces': { calls: () => 1 },
  'Mutation.checkQuality': { calls: () => 1 },
  'Mutation.createDatabase': { calls: () => 1 },
  'Mutation.deleteDatabase': { calls: () => 1 },
  'Mutation.updateFeature': { calls: () => 1 },
  'Mutation.deleteFeature': { calls: () => 1 },
};

const schemaAwareCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const known = FIELD_COSTS[`${type.name}.${field.name}`] ?? {};
  const object = isCompositeType(getNamedType(field.type)) ? 1 : 0;
  const size = Math.max(0, known.size?.(args) ?? 1);
  return UPSTREAM_CALL_COST * (known.calls?.(args) ?? 0) + size * (object + childComplexity);
};

/** The estimated cost of one operation of `document` (exported for tests and docs). */
export function operationCost(schema: GraphQLSchema, query: DocumentNode, operationName?: string, variables?: Args): number {
  return getComplexity({ schema, query, operationName, variables, estimators: [schemaAwareCost] });
}

/**
 * Costs of operations without variables, per document object (Apollo's document cache hands out the same
 * object per query text): their cost cannot change, and walking the document took ~5 % of a cheap request's CPU.
 */
const constantCosts = new WeakMap<DocumentNode, Map<string, number>>();

function costOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode | undefined, operationName?: string, variables?: Args): number {
  if (!operation || (operation.variableDefinitions?.length ?? 0) > 0) return operationCost(schema, document, operationName, variables);
  let byName = constantCosts.get(document);
  if (!byName) constantCosts.set(document, (byName = new Map()));
  const key = operationName ?? '';
  let cost = byName.get(key);
  if (cost === undefined) byName.set(key, (cost = operationCost(schema, document, operationName)));
  return cost;
}

/** Refuses an operation whose estimated cost is above `maxCost`, before it runs. */
export function costLimit(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          let cost: number;
          try {
            cost = costOf(schema, document, operation, request.operationName ?? undefined, request.variables);
          } catch {
            return; // variables that do not coerce: execution answers them with BAD_USER_INPUT
          }
          if (cost <= maxCost) return;
          throw new GraphQLError(`Operation cost ${cost} is above the limit of ${maxCost}: ask for smaller pages, fewer images or less nesting`, {
            extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', cost, maxCost, http: { status: 400 } },
          });
        },
      };
    },
  };
}
