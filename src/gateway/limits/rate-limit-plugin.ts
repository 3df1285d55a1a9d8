/**
 * Apollo plugin: charges each operation to its client's limits once it is parsed and validated (before any
 * resolver or upstream call); over a limit, the whole request is refused with HTTP 429, a Retry-After header
 * and a RATE_LIMITED error saying which limit and when to retry.
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode } from 'graphql';
import type { GatewayMetrics } from '../../observability/metrics';
import type { GatewayContext } from '../context';
import { operationCost } from './rate-limit-cost';
import type { ClientRateLimiter, Refusal } from './rate-limiter';

function rateLimited(refusal: Refusal): GraphQLError {
  const { rule, retryAfterSeconds, neverFits } = refusal;
  const message = neverFits
    ? `Rate limit: this request costs more than the limit ${rule.text} allows at once`
    : `Rate limit exceeded (${rule.text}); retry in ${retryAfterSeconds} s`;
  return new GraphQLError(message, {
    extensions: {
      code: 'RATE_LIMITED',
      limit: rule.bucket,
      retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

/** Who is charged: the principal; with auth off, the caller's address. */
export function clientIdOf(context: GatewayContext): string {
  if (context.principal && !context.principal.id.startsWith('anonymous')) return context.principal.id;
  return `ip:${context.request?.remoteAddress ?? 'unknown'}`;
}

export function rateLimitPlugin(limiter: ClientRateLimiter, metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, request, schema }) {
          const rootType = operation && schema.getRootType(operation.operation);
          if (!operation || !rootType) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const cost = operationCost(rootType, operation, fragments, request.variables ?? {});
          const refusal = await limiter.consume(clientIdOf(contextValue), cost);
          if (!refusal) return;
          metrics.rateLimited.inc({ limit: refusal.rule.bucket });
          throw rateLimited(refusal);
        },
      };
    },
  };
}
