/**
 * What one operation costs in each rate-limit bucket, from its document and variables, before it runs:
 * 1 `operations`; per root field, its images (ImageInput values in its arguments) or 1; `images` in total.
 */
import {
  getArgumentValues,
  getNullableType,
  isInputObjectType,
  isListType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from 'graphql';

const IMAGE_INPUT = 'ImageInput';

function imagesIn(type: GraphQLInputType, value: unknown): number {
  if (value === null || value === undefined) return 0;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    return items.reduce((sum: number, item) => sum + imagesIn(nullable.ofType, item), 0);
  }
  if (!isInputObjectType(nullable)) return 0;
  if (nullable.name === IMAGE_INPUT) return 1;
  let count = 0;
  for (const field of Object.values(nullable.getFields())) count += imagesIn(field.type, (value as Record<string, unknown>)[field.name]);
  return count;
}

function rootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name) || !fragments[name]) return [];
    seen.add(name);
    return rootFields(fragments[name].selectionSet, fragments, seen);
  });
}

/** bucket → points; fields that cannot be resolved (introspection) cost only their `operations` point. */
export function operationCost(
  rootType: GraphQLObjectType,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Map<string, number> {
  const cost = new Map<string, number>([['operations', 1]]);
  let images = 0;
  for (const node of rootFields(operation.selectionSet, fragments)) {
    const field = rootType.getFields()[node.name.value];
    if (!field) continue;
    let fieldImages = 0;
    try {
      const args = getArgumentValues(field, node, variables);
      for (const arg of field.args) fieldImages += imagesIn(arg.type, args[arg.name]);
    } catch {
      // invalid arguments: execution refuses them before any upstream call, so they cost nothing more
    }
    images += fieldImages;
    cost.set(field.name, (cost.get(field.name) ?? 0) + Math.max(fieldImages, 1));
  }
  if (images > 0) cost.set('images', images);
  return cost;
}
