/** GraphiQL on the gateway's own endpoint, bundled with its editor workers: it works offline. */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';

const fetcher = createGraphiQLFetcher({ url: new URL('/graphql', location.href).href });

const DEFAULT_QUERY = `# Face GraphQL Gateway. The schema's documentation: the book icon on the left.
# A gateway with client keys: add {"Authorization": "Bearer <key>"} under Headers.
# Photos: GraphiQL sends JSON only, so give images as base64 here
# (ImageInput { base64 }); file uploads need a multipart client (README).
query Databases {
  databases {
    id
    name
    size
    maxSize
    createdAt
  }
}
`;

createRoot(document.getElementById('ide')!).render(
  <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />,
);
