/**
 * urql (@urql/core; React apps use the same client through `urql`). Photos as base64 in JSON (below);
 * @urql/core 4+ also sends the GraphQL multipart request by itself when a variable holds a File, which needs
 * the CSRF header set here.
 *   npm i @urql/core graphql
 */
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { graphql } from './gql';

export const client = new Client({
  url: 'http://localhost:4000/graphql',
  exchanges: [cacheExchange, fetchExchange],
  // the CSRF header on every request: urql may send queries as GET (preferGetMethod), which Apollo refuses without it
  fetchOptions: () => ({ headers: { 'Apollo-Require-Preflight': 'true' } }),
});

const CheckQuality = graphql(`
  mutation CheckQuality($image: ImageInput!) {
    checkQuality(image: $image) {
      result { ok outcome }
      assessment { acceptable failures { field value min max } }
    }
  }
`);

export async function checkQuality(photo: Blob) {
  const base64 = await new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result)); // a data: URI; the gateway accepts the prefix
    reader.readAsDataURL(photo);
  });
  const { data, error } = await client.mutation(CheckQuality, { image: { base64 } }).toPromise();
  if (error) throw error; // error.graphQLErrors[i].extensions.code is an ErrorCode
  return data!.checkQuality;
}
