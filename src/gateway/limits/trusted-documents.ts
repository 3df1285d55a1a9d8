/**
 * Trusted documents (GATEWAY_TRUSTED_DOCUMENTS=<manifest>): only operations listed in the persisted-documents
 * manifest of GraphQL Code Generator's client preset (`persistedDocuments: true` → persisted-documents.json,
 * `{ "sha256:<hash>": "<document>" }`) are executed; a production frontend's gateway then refuses arbitrary
 * queries. Clients send the hash (`extensions.persistedQuery.sha256Hash`, Apollo's persisted-query link, or
 * `documentId`), or the exact text of a listed document. Anything else is HTTP 400 PERSISTED_QUERY_NOT_IN_LIST
 * (Apollo Router's code); a request with neither is PERSISTED_QUERY_ID_REQUIRED.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ConfigError } from '../../settings';
import type { GatewayContext } from '../context';

export class TrustedDocumentsError extends ConfigError {}

export interface TrustedDocuments {
  /** hash (hex, without "sha256:") → document */
  byHash: ReadonlyMap<string, string>;
  source: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const bareHash = (id: string) => id.replace(/^sha256:/, '');

export function loadTrustedDocuments(path: string): TrustedDocuments {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TrustedDocumentsError(`GATEWAY_TRUSTED_DOCUMENTS: cannot read "${path}" as JSON: ${(error as Error).message}`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new TrustedDocumentsError(`GATEWAY_TRUSTED_DOCUMENTS: "${path}" must be an object of hash → document`);
  }
  const byHash = new Map<string, string>();
  for (const [id, document] of Object.entries(manifest)) {
    if (typeof document !== 'string' || sha256(document) !== bareHash(id)) {
      throw new TrustedDocumentsError(`GATEWAY_TRUSTED_DOCUMENTS: entry "${id}" of "${path}" is not the sha256 of its document`);
    }
    byHash.set(bareHash(id), document);
  }
  return { byHash, source: path };
}

/**
 * `{ "documentId": "sha256:<hash>" }` (the GraphQL-over-HTTP persisted-documents form) as Apollo's
 * `extensions.persistedQuery`, the one form Apollo Server reads; other bodies pass unchanged.
 */
export function documentIdAsPersistedQuery(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  // checked before the rest copy: nearly every body has no documentId
  if (typeof (body as { documentId?: unknown }).documentId !== 'string') return body;
  const { documentId, ...rest } = body as { documentId: string; extensions?: Record<string, unknown> };
  return { ...rest, extensions: { ...rest.extensions, persistedQuery: { version: 1, sha256Hash: bareHash(documentId) } } };
}

function refused(code: 'PERSISTED_QUERY_NOT_IN_LIST' | 'PERSISTED_QUERY_ID_REQUIRED', message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * Apollo answers an error thrown in requestDidStart as a 500, so the plugin works in two steps: requestDidStart
 * swaps a listed hash for its document (or, for a refused request, a placeholder that parses and validates
 * trivially), and didResolveOperation refuses what is not listed, with status 400, before anything executes.
 */
const PLACEHOLDER = '{ __typename }';

export function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
      let refusal: GraphQLError | undefined;
      if (id !== undefined) {
        const document = trusted.byHash.get(bareHash(id));
        if (!document || (request.query !== undefined && request.query !== document)) {
          refusal = refused('PERSISTED_QUERY_NOT_IN_LIST', 'This operation is not in the trusted documents of this gateway');
        }
        // run the listed text; never register anything in the APQ cache
        request.query = document ?? PLACEHOLDER;
        delete request.extensions!.persistedQuery;
      } else if (!request.query) {
        refusal = refused('PERSISTED_QUERY_ID_REQUIRED', 'Send the id of a trusted document (extensions.persistedQuery.sha256Hash or documentId)');
        request.query = PLACEHOLDER;
      }
      return {
        async didResolveOperation({ source }) {
          if (refusal) throw refusal;
          if (!trusted.byHash.has(sha256(source))) {
            throw refused('PERSISTED_QUERY_NOT_IN_LIST', 'This operation is not in the trusted documents of this gateway');
          }
        },
      };
    },
  };
}
