import { GraphQLError, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * The `ofType` chain of graphql-js's getIntrospectionQuery() (typeDepth 9, which GraphiQL and GraphQL Code
 * Generator send): enough for any real type such as [[Int!]!]!, and the most an introspection query may nest.
 * graphql-js's own MaxIntrospectionDepthRule (a specified rule) already bounds the nesting of `fields`,
 * `interfaces`, `possibleTypes` and `inputFields`, but not `ofType`; graphql-armor's depth limit skips
 * introspection altogether.
 */
export const MAX_OF_TYPE_DEPTH = 9;

export function maxOfTypeDepthRule(maxDepth = MAX_OF_TYPE_DEPTH): ValidationRule {
  return (context) => {
    const fragmentDepth = new Map<string, number>();
    const inProgress = new Set<string>();

    function fragment(name: string): number {
      const known = fragmentDepth.get(name);
      if (known !== undefined) return known;
      const definition = context.getFragment(name);
      // a cycle is NoFragmentCyclesRule's to report; an unknown fragment KnownFragmentNamesRule's
      if (!definition || inProgress.has(name)) return 0;
      inProgress.add(name);
      const depth = ofTypeDepth(definition.selectionSet);
      inProgress.delete(name);
      fragmentDepth.set(name, depth);
      return depth;
    }

    /** The longest chain of nested `ofType` fields below this selection set. */
    function ofTypeDepth(set: SelectionSetNode | undefined): number {
      let deepest = 0;
      for (const selection of set?.selections ?? []) {
        const depth =
          selection.kind === 'FragmentSpread'
            ? fragment(selection.name.value)
            : selection.kind === 'InlineFragment'
              ? ofTypeDepth(selection.selectionSet)
              : (selection.name.value === 'ofType' ? 1 : 0) + ofTypeDepth(selection.selectionSet);
        deepest = Math.max(deepest, depth);
      }
      return deepest;
    }

    return {
      OperationDefinition(operation) {
        const depth = ofTypeDepth(operation.selectionSet);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Introspection nests "ofType" ${depth} levels deep; the limit is ${maxDepth}`, { nodes: [operation] }),
          );
        }
        return false;
      },
    };
  };
}
