/**
 * graphql-request 7 (fetch-based, no cache): scripts and server-side code. JSON only; photos as base64.
 *   npm i graphql-request graphql
 */
import { ClientError, GraphQLClient } from 'graphql-request';
import { graphql } from './gql';
import type { ErrorCode } from './gql/enums';

/** e.g. process.env.GATEWAY_API_KEY in Node */
declare const API_KEY: string;

const client = new GraphQLClient('http://localhost:4000/graphql', {
  headers: { 'Apollo-Require-Preflight': 'true', Authorization: `Bearer ${API_KEY}` },
});

const Databases = graphql(`
  query Databases {
    databases { id name size maxSize createdAt }
  }
`);

export async function databases() {
  try {
    return (await client.request(Databases)).databases;
  } catch (error) {
    // request-level errors carry one of the schema's ErrorCode values
    const code = error instanceof ClientError ? (error.response.errors?.[0]?.extensions?.code as ErrorCode | undefined) : undefined;
    if (code === 'UNAUTHENTICATED') throw new Error('the gateway needs an API key');
    throw error;
  }
}
