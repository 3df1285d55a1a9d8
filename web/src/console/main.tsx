/** The web console: the Face Identification quickstart as a person does it, on the gateway's typed operations. */
import './console.css';
import { ApolloProvider } from '@apollo/client/react';
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BatchAdd } from './BatchAdd';
import { createClient } from './client';
import { Databases } from './Databases';
import { GroupPhoto } from './GroupPhoto';
import { Quality } from './Quality';
import { Search } from './Search';

const KEY_STORAGE = 'face-console-api-key';

function App() {
  const [apiKey, setApiKey] = useState(() => sessionStorage.getItem(KEY_STORAGE) ?? '');
  const client = useMemo(() => createClient(apiKey), [apiKey]);
  const [databaseId, setDatabaseId] = useState<string>();
  return (
    <ApolloProvider client={client}>
      <header>
        <h1>Face console</h1>
        <label>
          API key{' '}
          <input
            type="password"
            autoComplete="off"
            placeholder="only when the gateway requires one"
            defaultValue={apiKey}
            onBlur={(event) => {
              sessionStorage.setItem(KEY_STORAGE, event.target.value);
              setApiKey(event.target.value);
            }}
          />
        </label>
        <a href="/graphql">GraphQL IDE</a>
      </header>
      <main>
        <Databases selected={databaseId} onSelect={setDatabaseId} />
        <Quality />
        <BatchAdd databaseId={databaseId} />
        <Search databaseId={databaseId} />
        <GroupPhoto databaseId={databaseId} />
      </main>
    </ApolloProvider>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
