import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Refuses variables holding ill-formed UTF-16 (a lone surrogate) with BAD_USER_INPUT, before any resolver.
 * JSON can carry "\ud800", but UTF-8 cannot: the upstream would store U+FFFD instead (a silent change) and
 * encodeURIComponent throws URIError on it. The value is never echoed. String literals in the document need no
 * check: graphql-js's lexer already refuses lone surrogates there (GRAPHQL_PARSE_FAILED).
 */

/** In a `u` regex a surrogate pair is one code point: only a lone surrogate is in category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Whether `value` (a JSON value; uploads and other class instances are skipped) has an ill-formed string. */
function holdsIllFormed(value: unknown): boolean {
  if (typeof value === 'string') return !isWellFormed(value);
  if (Array.isArray(value)) return value.some(holdsIllFormed);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).some(([key, item]) => !isWellFormed(key) || holdsIllFormed(item));
  }
  return false;
}

export function wellFormedStrings(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request }) {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            if (!isWellFormed(name) || holdsIllFormed(value)) {
              throw new GraphQLError(`Variable "$${isWellFormed(name) ? name : '?'}" holds ill-formed Unicode (a lone UTF-16 surrogate)`, {
                extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
              });
            }
          }
        },
      };
    },
  };
}
