/**
 * Compiled execution: each validated document that is executed again is compiled once with graphql-jit into
 * a plain JS function, then every request with that document runs it instead of graphql-js's interpreter.
 *
 * Plugged in through Apollo Server's gateway interface, the only executor hook Apollo 5 offers: Apollo
 * still parses, validates (with every validation rule, results cached per document), builds the context,
 * runs the plugins and formats errors; only `execute` is replaced.
 *
 * graphql-jit's own variable messages differ from graphql-js's and carry no node: see runCompiled.
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, getVariableValues, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { KnownOperations } from './known-operations';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/** Not compiled yet: the first execution of a document is interpreted. */
const SEEN_ONCE = 'seen once';

/**
 * Compiled queries, per document object (Apollo's document cache hands out the same object per query).
 * A document is compiled on its second execution: compiling costs ≈ 0.9 ms, more than parsing and
 * validating it, so one-off documents (or a flood of unique ones) cost no more than with graphql-js.
 */
export class CompiledQueryCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult | typeof SEEN_ONCE>>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** The compiled query, the errors that prevent compiling it (e.g. an unknown operation name), or undefined on first sight. */
  get(document: DocumentNode, operationName: string | undefined): CompiledQuery | ExecutionResult | undefined {
    let byOperation = this.byDocument.get(document);
    if (!byOperation) this.byDocument.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    const known = byOperation.get(key);
    if (known === undefined) {
      byOperation.set(key, SEEN_ONCE);
      return undefined;
    }
    if (known !== SEEN_ONCE) return known;
    const compiled = compileQuery(this.schema, document, operationName);
    byOperation.set(key, compiled);
    return compiled;
  }
}

/**
 * graphql-jit leaves `extensions` undefined on errors it raises itself (e.g. a value an Int cannot hold);
 * Apollo reads `extensions.code` before formatError and would answer a bare "Internal server error", unlogged.
 */
function withExtensions(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((error) => !error.extensions)) return result;
  const errors = result.errors.map((error) => {
    if (error.extensions) return error;
    const fixed = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? error, extensions: {} });
    return Object.assign(fixed, { locations: error.locations });
  });
  return { ...result, errors };
}

/**
 * Runs a compiled query. Variables are first checked by graphql-js: its coercion errors carry the variable's
 * node, from which Apollo (and the fast path) answer 400 BAD_USER_INPUT.
 */
export async function runCompiled(
  schema: GraphQLSchema,
  compiled: CompiledQuery,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  context: unknown,
): Promise<ExecutionResult> {
  if (operation.variableDefinitions?.length) {
    const { errors } = getVariableValues(schema, operation.variableDefinitions, variables, { maxErrors: 50 });
    if (errors) return { errors };
  }
  return withExtensions(await compiled.query(undefined, context, variables));
}

/**
 * An Apollo `gateway` serving a fixed schema whose operations run compiled; each operation that runs compiled
 * is remembered in `known` (when given) for the fast path.
 */
export function compiledExecution(schema: GraphQLSchema, known?: KnownOperations): GatewayInterface {
  const cache = new CompiledQueryCache(schema);
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async load() {
      return {
        executor: async ({ document, operation, request, context, source, queryHash }) => {
          const compiled = cache.get(document, request.operationName);
          const variables = request.variables ?? {};
          if (!compiled) return execute({ schema, document, operationName: request.operationName, variableValues: variables, contextValue: context });
          if (!isCompiledQuery(compiled)) return compiled;
          known?.remember({ document, operation, compiled, source, queryHash }, request.operationName);
          return runCompiled(schema, compiled, operation, variables, context);
        },
      };
    },
    async stop() {},
  };
}
