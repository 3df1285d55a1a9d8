/**
 * Subgraph mode (GATEWAY_SUBGRAPH=on) over HTTP against a real local Face API, in both execution modes
 * (compiled: graphql-jit from a document's second execution on; interpreted: graphql-js). Upstream calls are
 * counted at the fault proxy: N entity references must cost one list per database, not N calls.
 */
import { execute, findBreakingChanges, findDangerousChanges, parse } from 'graphql';
import { loadConfig } from '../../src/config';
import { parseApiKeys } from '../../src/gateway/access/api-keys';
import { buildSubgraphGatewaySchema, MAX_REPRESENTATIONS } from '../../src/gateway/federation/subgraph-schema';
import { buildGatewaySchema } from '../../src/gateway/schema';
import { bearer, photoBlob, postJson, postMultipart } from '../gateway/support/graphql';
import { appPath, startStack, type Stack } from '../gateway/support/stack';

const KEYS = { reader: 'reader-key-1', writer: 'writer-key-2', admin: 'admin-key-3' };
const access = { enabled: true, apiKeys: parseApiKeys(`${KEYS.reader}:read,${KEYS.writer}:write,${KEYS.admin}:read+write+admin`), jwt: null };

const call = (url: string, key: string | undefined, query: string, variables: Record<string, unknown> = {}) => postJson(url, query, variables, bearer(key));

async function addPhotos(url: string, databaseId: string, photos: number[]): Promise<string[]> {
  const features = photos.map((n) => ({ image: { file: null }, extraInfo: `photo ${n}` }));
  const { body } = await postMultipart(
    url,
    'mutation($db: ID!, $features: [NewFeatureInput!]!) { addFeatures(databaseId: $db, features: $features) { ok feature { id } } }',
    { db: databaseId, features },
    photos.map((n, i) => ({ path: `variables.features.${i}.image.file`, content: photoBlob(n), name: `sample${n}.jpg` })),
    { 'apollo-require-preflight': 'true', ...bearer(KEYS.admin) },
  );
  if (!body.data?.addFeatures.every((result: any) => result.ok)) throw new Error(`addFeatures failed: ${JSON.stringify(body)}`);
  return body.data.addFeatures.map((result: any) => result.feature.id);
}

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on FeatureDatabase { id name size }
    ... on Feature { id databaseId extraInfo database { id name } }
  }
}`;

test('GATEWAY_SUBGRAPH: off by default, on/off accepted, anything else named', () => {
  expect(loadConfig({}).subgraph).toBe(false);
  expect(loadConfig({ GATEWAY_SUBGRAPH: 'on' }).subgraph).toBe(true);
  expect(() => loadConfig({ GATEWAY_SUBGRAPH: 'yes please' })).toThrow(/GATEWAY_SUBGRAPH must be on or off/);
});

test('the subgraph schema is the standalone schema plus Federation fields: nothing changed or removed', async () => {
  const standalone = await buildGatewaySchema();
  const subgraph = await buildSubgraphGatewaySchema({ serveSdl: true });
  expect(findBreakingChanges(standalone, subgraph)).toEqual([]);
  expect(findDangerousChanges(standalone, subgraph)).toEqual([]);
  expect(Object.keys(subgraph.getQueryType()!.getFields())).toEqual(expect.arrayContaining(['_service', '_entities']));
  expect(Object.keys(standalone.getQueryType()!.getFields())).not.toContain('_entities');
});

describe.each(['compiled', 'interpreted'] as const)('subgraph mode, %s execution', (execution) => {
  let stack: Stack;
  let url: string;
  let first: string;
  let second: string;
  let firstFeatures: string[];
  let secondFeatures: string[];

  beforeAll(async () => {
    stack = await startStack({ gateway: { subgraph: true, access, execution } });
    url = stack.gateway.url;
    const create = 'mutation($name: String!) { createDatabase(name: $name, maxSize: 100) { id } }';
    first = (await call(url, KEYS.admin, create, { name: 'staff' })).body.data.createDatabase.id;
    second = (await call(url, KEYS.admin, create, { name: 'visitors' })).body.data.createDatabase.id;
    firstFeatures = await addPhotos(url, first, [1, 2, 3]);
    secondFeatures = await addPhotos(url, second, [4, 5]);
  }, 180000);
  afterAll(() => stack?.close());

  /** Runs an operation twice (in compiled mode the second run is the compiled one); both answers must agree. */
  async function twice(key: string | undefined, query: string, variables: Record<string, unknown>) {
    const calls: string[][] = [];
    const answers = [];
    for (let run = 0; run < 2; run++) {
      stack.proxy.calls.length = 0;
      answers.push(await call(url, key, query, variables));
      calls.push([...stack.proxy.calls].sort());
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(calls[1]).toEqual(calls[0]);
    return { ...answers[0], calls: calls[0] };
  }

  test('_service { sdl }: Federation 2 SDL with both entity keys', async () => {
    const { body } = await call(url, KEYS.reader, '{ _service { sdl } }');
    const sdl: string = body.data._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])');
    expect(sdl).toMatch(/type FeatureDatabase\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Feature\s+@key\(fields: "databaseId id"\)/);
    expect(sdl).toContain('searchFaces(');
  });

  test('no federated resolver traces (ftv1) for a caller that asks for them: timings are not published', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.reader}`, 'apollo-federation-include-trace': 'ftv1' },
      body: JSON.stringify({ query: '{ databases { id } }' }),
    });
    const body = (await response.json()) as { data?: unknown; extensions?: Record<string, unknown> };
    expect(body.data).toBeDefined();
    expect(body.extensions?.ftv1).toBeUndefined();
  });

  test('FeatureDatabase references: N of them cost ONE upstream list; an unknown id is null', async () => {
    const representations = [
      { __typename: 'FeatureDatabase', id: second },
      { __typename: 'FeatureDatabase', id: 'no-such-database' },
      { __typename: 'FeatureDatabase', id: first },
    ];
    const { body, calls } = await twice(KEYS.reader, ENTITIES, { representations });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([
      { __typename: 'FeatureDatabase', id: second, name: 'visitors', size: 2 },
      null,
      { __typename: 'FeatureDatabase', id: first, name: 'staff', size: 3 },
    ]);
    expect(calls).toEqual([`GET ${appPath()}/databases`]);
  });

  test('Feature references: one list per database (and one database list for Feature.database), in order', async () => {
    const representations = [
      { __typename: 'Feature', databaseId: first, id: firstFeatures[2] },
      { __typename: 'Feature', databaseId: second, id: secondFeatures[0] },
      { __typename: 'Feature', databaseId: first, id: firstFeatures[0] },
      { __typename: 'Feature', databaseId: first, id: 'no-such-feature' },
      { __typename: 'Feature', databaseId: second, id: secondFeatures[1] },
      { __typename: 'Feature', databaseId: first, id: firstFeatures[1] },
      { __typename: 'Feature', databaseId: 'no-such-database', id: 'x' },
      { __typename: 'Feature', databaseId: { not: 'an id' }, id: firstFeatures[0] },
    ];
    const { body, calls } = await twice(KEYS.reader, ENTITIES, { representations });
    expect(body.errors).toBeUndefined();
    const feature = (databaseId: string, id: string, photo: number, name: string) => ({
      __typename: 'Feature',
      id,
      databaseId,
      extraInfo: `photo ${photo}`,
      database: { id: databaseId, name },
    });
    expect(body.data._entities).toEqual([
      feature(first, firstFeatures[2], 3, 'staff'),
      feature(second, secondFeatures[0], 4, 'visitors'),
      feature(first, firstFeatures[0], 1, 'staff'),
      null,
      feature(second, secondFeatures[1], 5, 'visitors'),
      feature(first, firstFeatures[1], 2, 'staff'),
      null,
      null,
    ]);
    expect(calls).toEqual(
      [
        `GET ${appPath()}/databases`,
        `GET ${appPath()}/databases/${first}/features?offset=0&limit=1000`,
        `GET ${appPath()}/databases/${second}/features?offset=0&limit=1000`,
        `GET ${appPath()}/databases/no-such-database/features/x`,
      ].sort(),
    );
  });

  test('a database larger than one page (1000): the keys not on the first page are fetched one by one, never all pages', async () => {
    // the proxy answers the list with a full page of other features, as a database of more than 1000 would
    const fullPage = { features: Array.from({ length: 1000 }, (_, i) => ({ feature_id: `other-${i}`, db_id: first })), total: 1003 };
    stack.proxy.setRules([
      {
        match: (method, path) => method === 'GET' && path.startsWith(`${appPath()}/databases/${first}/features?`),
        fault: { kind: 'status', status: 200, body: JSON.stringify(fullPage) },
      },
    ]);
    try {
      const representations = [
        { __typename: 'Feature', databaseId: first, id: firstFeatures[1] },
        { __typename: 'Feature', databaseId: first, id: 'other-7' },
        { __typename: 'Feature', databaseId: first, id: 'no-such-feature' },
      ];
      const { body, calls } = await twice(KEYS.reader, 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Feature { id extraInfo } } }', {
        representations,
      });
      expect(body.errors).toBeUndefined();
      expect(body.data._entities).toEqual([{ id: firstFeatures[1], extraInfo: 'photo 2' }, { id: 'other-7', extraInfo: null }, null]);
      expect(calls).toEqual(
        [
          `GET ${appPath()}/databases/${first}/features?offset=0&limit=1000`,
          `GET ${appPath()}/databases/${first}/features/${firstFeatures[1]}`,
          `GET ${appPath()}/databases/${first}/features/no-such-feature`,
        ].sort(),
      );
    } finally {
      stack.proxy.setRules([]);
    }
  });

  test('scopes hold: _entities needs read (FORBIDDEN, nothing sent upstream); no key is 401', async () => {
    const representations = [{ __typename: 'FeatureDatabase', id: first }];
    const forbidden = await twice(KEYS.writer, ENTITIES, { representations });
    expect(forbidden.body.data).toBeNull();
    expect(forbidden.body.errors).toEqual([
      expect.objectContaining({ message: '"Query._entities" needs the read scope', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    expect(forbidden.calls).toEqual([]);
    const anonymous = await call(url, undefined, ENTITIES, { representations });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test(`more than ${MAX_REPRESENTATIONS} representations are refused before any upstream call`, async () => {
    const representations = Array.from({ length: MAX_REPRESENTATIONS + 1 }, (_, i) => ({ __typename: 'Feature', databaseId: `d${i}`, id: 'x' }));
    const { body, calls } = await twice(KEYS.reader, ENTITIES, { representations });
    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0].message).toContain(`at most ${MAX_REPRESENTATIONS}`);
    expect(calls).toEqual([]);
  });

  test('a representation of no entity of this subgraph is BAD_USER_INPUT, not an internal error', async () => {
    const representations = [{ __typename: 'FeatureDatabase', id: first }, { __typename: 'SearchMatch', score: 1 }];
    const { body, calls } = await twice(KEYS.reader, ENTITIES, { representations });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'representations[1]: __typename must be one of FeatureDatabase, Feature',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    expect(calls).toEqual([]);
  });
});

test('GRAPHQL_INTROSPECTION=off: _service { sdl } is refused like introspection', async () => {
  const schema = await buildSubgraphGatewaySchema({ serveSdl: false });
  const answer = await execute({ schema, document: parse('{ _service { sdl } }'), contextValue: {} });
  expect(answer.errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect(answer.data).toBeNull();
});
