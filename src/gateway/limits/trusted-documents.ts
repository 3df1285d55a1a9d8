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
import type { GatewayContext } from '../context';

export class TrustedDocumentsError extends Error {}

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

function refused(code: 'PERSISTED_QUERY_NOT_IN_LIST' | 'PERSISTED_QUERY_ID_REQUIRED', message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

export function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
      let error: GraphQLError | undefined;
      if (id !== undefined) {
        const document = trusted.byHash.get(bareHash(id));
        if (document && (request.query === undefined || request.query === document)) {
          // run the listed text; never register anything in the APQ cache
          request.query = document;
          delete request.extensions!.persistedQuery;
          return;
        }
        error = refused('PERSISTED_QUERY_NOT_IN_LIST', 'This operation is not in the trusted documents of this gateway');
      } else if (request.query) {
        if (trusted.byHash.has(sha256(request.query))) return;
        error = refused('PERSISTED_QUERY_NOT_IN_LIST', 'This operation is not in the trusted documents of this gateway');
      } else {
        error = refused('PERSISTED_QUERY_ID_REQUIRED', 'Send the id of a trusted document (extensions.persistedQuery.sha256Hash or documentId)');
      }
      contextValue.request?.errorCodes.add(error.extensions.code as string);
      throw error;
    },
  };
}
