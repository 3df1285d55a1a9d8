/**
 * Apollo Client 4 with file uploads (apollo-upload-client 20), in a browser app on another origin.
 *   npm i @apollo/client graphql rxjs apollo-upload-client && npm i -D @types/apollo-upload-client
 * The gateway must list your app's origin in CORS_ORIGINS (e.g. CORS_ORIGINS=http://localhost:5173).
 * The typed documents come from the codegen client preset (codegen.yml in this folder's README).
 */
import { ApolloClient, InMemoryCache } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { graphql } from './gql';

/** e.g. import.meta.env.VITE_GATEWAY_KEY in a Vite app */
declare const API_KEY: string;

export const client = new ApolloClient({
  link: new UploadHttpLink({
    uri: 'http://localhost:4000/graphql',
    headers: {
      // Apollo's CSRF prevention: required on multipart requests and on GET queries
      'Apollo-Require-Preflight': 'true',
      // only when the gateway has client keys (GATEWAY_API_KEYS / JWT)
      Authorization: `Bearer ${API_KEY}`,
    },
  }),
  cache: new InMemoryCache(),
});

const SearchFaces = graphql(`
  mutation SearchFaces($databaseIds: [ID!]!, $image: ImageInput!) {
    searchFaces(databaseIds: $databaseIds, image: $image, topK: 2, minScore: 0.8) {
      result { ok outcome }
      face { rectangle { left top width height } }
      matches { score feature { id extraInfo } }
    }
  }
`);

/** `file` is a File from an <input type="file">: the link sends the request as multipart. */
export async function search(databaseId: string, file: File) {
  const { data } = await client.mutate({ mutation: SearchFaces, variables: { databaseIds: [databaseId], image: { file } } });
  if (data && !data.searchFaces.result.ok) throw new Error(`no usable face: ${data.searchFaces.result.outcome}`);
  return data?.searchFaces.matches ?? [];
}

const DeleteDatabase = graphql(`
  mutation DeleteDatabase($id: ID!) {
    deleteDatabase(id: $id)
  }
`);

/** Deletes answer the deleted id: evict it, and lists that referenced it drop it without a refetch. */
export function deleteDatabase(id: string) {
  return client.mutate({
    mutation: DeleteDatabase,
    variables: { id },
    update(cache, { data }) {
      if (!data) return;
      cache.evict({ id: cache.identify({ __typename: 'FeatureDatabase', id: data.deleteDatabase }) });
      cache.gc();
    },
  });
}
