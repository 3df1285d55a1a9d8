/** Databases and features through the gateway, against a real local Face API; upstream calls counted at a proxy. */
import { postJson, samplePhoto } from './support/graphql';
import { appPath, startStack, type Stack } from './support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120000);
afterAll(() => stack?.close());

const CREATE = `mutation($name: String!, $maxSize: Int!, $description: String) {
  createDatabase(name: $name, maxSize: $maxSize, description: $description) { id name maxSize description size createdAt }
}`;

test('healthz and readyz answer', async () => {
  const health = await fetch(stack.gateway.url.replace('/graphql', '/healthz'));
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  const ready = await fetch(stack.gateway.url.replace('/graphql', '/readyz'));
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
});

test('create, list, get and delete a database', async () => {
  const created = await postJson(stack.gateway.url, CREATE, { name: 'foo', maxSize: 1000, description: 'quickstart' });
  expect(created.body.errors).toBeUndefined();
  const db = created.body.data.createDatabase;
  expect(db).toMatchObject({ name: 'foo', maxSize: 1000, description: 'quickstart', size: 0 });
  expect(db.id).toEqual(expect.any(String));
  // DateTime: RFC 3339 in UTC, and recent
  expect(db.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(Math.abs(Date.parse(db.createdAt) - Date.now())).toBeLessThan(24 * 3600 * 1000);

  const listed = await postJson(stack.gateway.url, '{ databases { id name } }');
  expect(listed.body.data.databases).toContainEqual({ id: db.id, name: 'foo' });

  const one = await postJson(stack.gateway.url, 'query($id: ID!) { database(id: $id) { id name maxSize } }', { id: db.id });
  expect(one.body.data.database).toEqual({ id: db.id, name: 'foo', maxSize: 1000 });

  const deleted = await postJson(stack.gateway.url, 'mutation($id: ID!) { deleteDatabase(id: $id) }', { id: db.id });
  expect(deleted.body).toEqual({ data: { deleteDatabase: db.id } });

  const gone = await postJson(stack.gateway.url, 'query($id: ID!) { database(id: $id) { id } }', { id: db.id });
  expect(gone.body.data.database).toBeNull();
  const again = await postJson(stack.gateway.url, 'mutation($id: ID!) { deleteDatabase(id: $id) }', { id: db.id });
  expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404, traceId: expect.any(String) });
});

test('bad createDatabase arguments are BAD_USER_INPUT and never reach the upstream', async () => {
  const before = stack.proxy.calls.length;
  const empty = await postJson(stack.gateway.url, CREATE, { name: ' ', maxSize: 10 });
  expect(empty.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const zero = await postJson(stack.gateway.url, CREATE, { name: 'x', maxSize: 0 });
  expect(zero.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(stack.proxy.calls.length).toBe(before);
});

test('Feature.database for matches across databases costs one upstream list call per request', async () => {
  const photo = samplePhoto(1).toString('base64');
  const ids: string[] = [];
  for (const name of ['d1', 'd2', 'd3']) {
    const created = await postJson(stack.gateway.url, CREATE, { name, maxSize: 100 });
    const id = created.body.data.createDatabase.id;
    ids.push(id);
    const features = Array.from({ length: 3 }, (_, i) => ({ image: { base64: photo }, extraInfo: `${name}-${i}` }));
    const added = await postJson(
      stack.gateway.url,
      'mutation($db: ID!, $f: [NewFeatureInput!]!) { addFeatures(databaseId: $db, features: $f) { index code feature { id } } }',
      { db: id, f: features },
    );
    expect(added.body.errors).toBeUndefined();
    expect(added.body.data.addFeatures.map((r: { code: number }) => r.code)).toEqual([0, 0, 0]);
  }
  stack.proxy.calls.length = 0;
  const searched = await postJson(
    stack.gateway.url,
    `mutation($ids: [ID!]!, $photo: String!) {
      searchFaces(databaseIds: $ids, image: { base64: $photo }, topK: 10, minScore: 0) {
        face { rectangle { width height } }
        matches { score feature { id extraInfo databaseId database { id name } } }
      }
    }`,
    { ids, photo },
  );
  expect(searched.body.errors).toBeUndefined();
  const matches = searched.body.data.searchFaces.matches;
  expect(matches).toHaveLength(9);
  for (const match of matches) {
    expect(match.feature.database.id).toBe(match.feature.databaseId);
    expect(match.feature.database.name).toBe(`d${ids.indexOf(match.feature.databaseId) + 1}`);
    expect(match.feature.extraInfo.startsWith(match.feature.database.name)).toBe(true);
  }
  const app = appPath();
  expect(stack.proxy.calls).toEqual([`POST ${app}/databases/search`, `GET ${app}/databases`]);
});
