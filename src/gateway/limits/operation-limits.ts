import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import { hideFieldSuggestions } from '../error-masking';
import { wellFormedStrings } from '../input/well-formed-strings';
import { DEFAULT_MAX_DOCUMENT_BYTES, maxDocumentBytesRule } from './document-size';
import { maxOfTypeDepthRule } from './introspection-depth';
import { costLimit } from './operation-cost';

/**
 * Static limits on what one GraphQL operation may ask for, checked during validation, before any resolver
 * (and so before any upstream call). Sized for this schema: the deepest real operation
 * (searchFaces → matches → feature → database → …) has depth 5; the standard introspection query is exempt.
 */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** UTF-8 bytes of the document, whatever its tokens (GRAPHQL_MAX_DOCUMENT_BYTES) */
  maxDocumentBytes: number;
  maxCost: number;
  /** "Did you mean …?" hints reveal the schema; off in production where introspection may be off too */
  blockFieldSuggestions: boolean;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 3000,
  maxDocumentBytes: DEFAULT_MAX_DOCUMENT_BYTES,
  maxCost: 5000,
  blockFieldSuggestions: false,
};

export interface OperationLimitOptions {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** Apollo's own parser stops at maxTokens: a 400 GRAPHQL_PARSE_FAILED, parsed once */
  parseOptions: ParseOptions;
}

export function operationLimits(limits: OperationLimits): OperationLimitOptions {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // armor's token check runs as a plugin hook: Apollo answers its rejection with HTTP 500 and parses twice
    maxTokens: { enabled: false },
    // armor's cost multiplies only `first`/`last`; ours knows this schema's lists (operation-cost.ts)
    costLimit: { enabled: false },
    // armor's suggestion blocking assigns to `message` of errors, read-only on graphql-jit's: ours formats instead
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  plugins.push(costLimit(limits.maxCost));
  if (limits.blockFieldSuggestions) plugins.push(hideFieldSuggestions());
  return {
    // ill-formed strings in variables are refused before any resolver, like the limits
    plugins: [...plugins, wellFormedStrings()],
    validationRules: [maxDocumentBytesRule(limits.maxDocumentBytes), maxOfTypeDepthRule(), ...validationRules],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
