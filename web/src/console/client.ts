/**
 * Apollo Client on the gateway of this page's origin: multipart uploads through apollo-upload-client with the
 * CSRF header the gateway requires, and the API key (when the gateway needs one) as a bearer token.
 */
import { ApolloClient, InMemoryCache } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';

export function createClient(apiKey: string): ApolloClient {
  return new ApolloClient({
    link: new UploadHttpLink({
      uri: '/graphql',
      headers: {
        // Apollo's CSRF prevention: a multipart request without it is refused before any file is read
        'Apollo-Require-Preflight': 'true',
        ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
      },
    }),
    cache: new InMemoryCache(),
  });
}
