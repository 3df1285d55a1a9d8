/**
 * Apollo plugin: what the GraphQL layer knows about a request, into its record (operation name and type, error
 * codes), the GraphQL metrics, and the operation's span (under the HTTP request's span). Error codes are read from
 * the formatted errors, the codes the client receives: formatError is where errors get them.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayMetrics } from './metrics';
import type { RequestRecord } from './request-record';
import type { Tracing } from './tracing';

export interface ObservedContext {
  request?: RequestRecord;
}

function codeOf(error: GraphQLFormattedError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

export function observabilityPlugin(metrics: GatewayMetrics, tracing: Tracing | undefined): ApolloServerPlugin<ObservedContext> {
  return {
    async requestDidStart({ contextValue }) {
      const record = contextValue.request;
      if (!record) return;
      const started = performance.now();
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!operation) return;
          record.operationName = operationName ?? undefined;
          record.operationType = operation.operation;
          if (tracing && record.httpSpan) {
            const name = `${operation.operation} ${operationName ?? 'anonymous'}`;
            record.operationSpan = tracing.tracer.startSpan(
              name,
              { attributes: { 'graphql.operation.type': operation.operation, 'graphql.operation.name': operationName ?? '' } },
              trace.setSpan(ROOT_CONTEXT, record.httpSpan),
            );
          }
        },
        async willSendResponse({ response }) {
          const { body } = response;
          for (const error of (body.kind === 'single' ? body.singleResult : body.initialResult).errors ?? []) {
            const code = codeOf(error);
            record.errorCodes.add(code);
            metrics.graphqlErrors.inc({ code });
          }
          const operation = metrics.operationLabel(record.operationName);
          const type = record.operationType ?? 'unknown';
          metrics.graphqlRequests.inc({ operation, type, outcome: record.outcome });
          metrics.graphqlDuration.observe({ operation, type }, (performance.now() - started) / 1000);
          const span = record.operationSpan;
          if (span) {
            if (record.errorCodes.size > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: [...record.errorCodes].join(',') });
            span.end();
          }
        },
      };
    },
  };
}
