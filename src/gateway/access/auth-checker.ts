import { GraphQLError } from 'graphql';
import type { AuthCheckerFn } from 'type-graphql';
import type { Principal, Scope } from './scopes';

/** The part of the GraphQL context that access checks read. */
export interface AccessContext {
  principal: Principal;
}

/** type-graphql checker for `@Authorized('read' | 'write' | 'admin')`: every listed scope is required. */
export const scopeChecker: AuthCheckerFn<AccessContext, Scope> = ({ context, info }, required) => {
  const missing = required.filter((scope) => !context.principal.scopes.has(scope));
  if (missing.length === 0) return true;
  throw new GraphQLError(`"${info.parentType.name}.${info.fieldName}" needs the ${missing.join('+')} scope`, {
    // no HTTP status: other fields of the same operation may still succeed
    extensions: { code: 'FORBIDDEN' },
  });
};
