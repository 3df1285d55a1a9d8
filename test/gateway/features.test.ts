/** Single-feature operations and a batch add that fails halfway, against a real local Face API. */
import { BLANK_PNG_BASE64, createDatabase, photoBlob, postJson, postMultipart, samplePhoto } from './support/graphql';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
let databaseId: string;

beforeAll(async () => {
  stack = await startStack();
  databaseId = await createDatabase(stack.gateway.url, 'features');
}, 120000);
afterAll(() => stack?.close());

const ADD = `mutation($db: ID!, $features: [NewFeatureInput!]!) {
  addFeatures(databaseId: $db, features: $features) { index outcome code message ok errorCode feature { id extraInfo } }
}`;
const PAGE = `query($id: ID!, $offset: Int, $limit: Int) {
  database(id: $id) { size features(offset: $offset, limit: $limit) { total hasNextPage nextOffset features { id extraInfo databaseId } } }
}`;

test('list, read, update and delete single features', async () => {
  const photo = samplePhoto(5).toString('base64');
  const added = await postJson(stack.gateway.url, ADD, {
    db: databaseId,
    features: [{ image: { base64: photo }, extraInfo: 'first' }, { image: { base64: photo }, extraInfo: 'second' }],
  });
  const [first, second] = added.body.data.addFeatures.map((r: { feature: { id: string } }) => r.feature.id);

  const page = await postJson(stack.gateway.url, PAGE, { id: databaseId, offset: 1, limit: 1 });
  expect(page.body.errors).toBeUndefined();
  expect(page.body.data.database.features.total).toBe(2);
  expect(page.body.data.database.features.features).toHaveLength(1);
  // the second of two: no page after it; the first of two: the next starts at 1
  expect(page.body.data.database.features).toMatchObject({ hasNextPage: false, nextOffset: null });
  const firstPage = await postJson(stack.gateway.url, PAGE, { id: databaseId, offset: 0, limit: 1 });
  expect(firstPage.body.data.database.features).toMatchObject({ total: 2, hasNextPage: true, nextOffset: 1 });
  const pastTheEnd = await postJson(stack.gateway.url, PAGE, { id: databaseId, offset: 5, limit: 1 });
  expect(pastTheEnd.body.data.database.features).toMatchObject({ features: [], hasNextPage: false, nextOffset: null });
  expect([first, second]).toContain(page.body.data.database.features.features[0].id);

  const updated = await postJson(
    stack.gateway.url,
    'mutation($db: ID!, $id: ID!) { updateFeature(databaseId: $db, id: $id, extraInfo: "renamed") { id extraInfo } }',
    { db: databaseId, id: first },
  );
  expect(updated.body.data.updateFeature).toEqual({ id: first, extraInfo: 'renamed' });
  const read = await postJson(
    stack.gateway.url,
    'query($db: ID!, $id: ID!) { feature(databaseId: $db, id: $id) { id extraInfo database { name } } }',
    { db: databaseId, id: first },
  );
  expect(read.body.data.feature).toEqual({ id: first, extraInfo: 'renamed', database: { name: 'features' } });

  const deleted = await postJson(stack.gateway.url, 'mutation($db: ID!, $id: ID!) { deleteFeature(databaseId: $db, id: $id) }', {
    db: databaseId,
    id: first,
  });
  expect(deleted.body.data.deleteFeature).toBe(first);
  const gone = await postJson(stack.gateway.url, 'query($db: ID!, $id: ID!) { feature(databaseId: $db, id: $id) { id } }', {
    db: databaseId,
    id: first,
  });
  expect(gone.body).toEqual({ data: { feature: null } });
  const again = await postJson(stack.gateway.url, 'mutation($db: ID!, $id: ID!) { deleteFeature(databaseId: $db, id: $id) }', {
    db: databaseId,
    id: first,
  });
  expect(again.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

  const badPage = await postJson(stack.gateway.url, PAGE, { id: databaseId, offset: -1 });
  expect(badPage.body.errors?.[0]).toMatchObject({ message: 'offset must be ≥ 0', extensions: { code: 'BAD_USER_INPUT' } });
  const hugePage = await postJson(stack.gateway.url, PAGE, { id: databaseId, limit: 1001 });
  expect(hugePage.body.errors?.[0]).toMatchObject({ message: 'limit must be 1..1000', extensions: { code: 'BAD_USER_INPUT' } });
  const updateGone = await postJson(
    stack.gateway.url,
    'mutation($db: ID!, $id: ID!) { updateFeature(databaseId: $db, id: $id, extraInfo: "x") { id } }',
    { db: databaseId, id: first },
  );
  expect(updateGone.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
  // deleteFeature's cleanup for the next test
  await postJson(stack.gateway.url, 'mutation($db: ID!, $id: ID!) { deleteFeature(databaseId: $db, id: $id) }', { db: databaseId, id: second });
}, 60000);

test('an image without a face is per-image data; an unknown database is NOT_FOUND', async () => {
  const blank = await postJson(stack.gateway.url, ADD, {
    db: databaseId,
    features: [{ image: { base64: BLANK_PNG_BASE64 } }],
  });
  expect(blank.body.errors).toBeUndefined();
  expect(blank.body.data.addFeatures).toEqual([expect.objectContaining({ index: 0, outcome: 'NO_FACE', code: 1004, ok: false, feature: null, errorCode: null })]);
  expect(blank.body.data.addFeatures[0].code).toBeGreaterThan(0);

  const unknown = await postJson(stack.gateway.url, ADD, {
    db: '00000000-0000-0000-0000-000000000000',
    features: [{ image: { base64: samplePhoto(1).toString('base64') } }],
  });
  expect(unknown.body.data).toBeNull();
  expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
});

test('when the upstream dies during the second batch, the first 16 stay stored and the rest say why', async () => {
  const path = `/databases/${databaseId}/features`;
  stack.proxy.setRules([{ match: (method, url) => method === 'POST' && url.endsWith(path), fault: { kind: 'kill-after', passes: 1 } }]);
  try {
    const count = 18;
    const files = Array.from({ length: count }, (_, i) => ({ path: `variables.features.${i}.image.file`, content: photoBlob((i % 6) + 1) }));
    const features = files.map((_, i) => ({ image: { file: null }, extraInfo: `batch-${i}` }));
    const answer = await postMultipart(stack.gateway.url, ADD, { db: databaseId, features }, files);
    expect(answer.body.errors).toBeUndefined();
    const results = answer.body.data.addFeatures;
    expect(results.map((r: { index: number }) => r.index)).toEqual(Array.from({ length: count }, (_, i) => i));
    const storedIds = results.slice(0, 16).filter((r: { ok: boolean }) => r.ok).map((r: { feature: { id: string } }) => r.feature.id);
    expect(storedIds.length).toBeGreaterThan(0);
    for (const result of results.slice(16)) {
      expect(result).toMatchObject({ outcome: 'NOT_PROCESSED', code: -1, ok: false, feature: null, errorCode: 'UPSTREAM_UNAVAILABLE' });
      expect(result.message).toMatch(/^Not stored: /);
    }
    stack.proxy.setRules([]);
    // exactly the reported features are in the database
    const page = await postJson(stack.gateway.url, PAGE, { id: databaseId, offset: 0, limit: 100 });
    expect(page.body.data.database.features.features.map((f: { id: string }) => f.id).sort()).toEqual([...storedIds].sort());
  } finally {
    stack.proxy.setRules([]);
  }
}, 120000);

test('when the first batch fails nothing is stored and the request fails with the upstream error', async () => {
  stack.proxy.setRules([{ match: (method) => method === 'POST', fault: { kind: 'status', status: 503, body: '{"code":14,"message":"engine busy","trace_id":"t-503"}' } }]);
  try {
    const answer = await postJson(stack.gateway.url, ADD, { db: databaseId, features: [{ image: { base64: samplePhoto(1).toString('base64') } }] });
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors?.[0]).toMatchObject({
      message: 'engine busy',
      extensions: { code: 'UPSTREAM_UNAVAILABLE', httpStatus: 503, upstreamCode: 14, traceId: 't-503' },
    });
  } finally {
    stack.proxy.setRules([]);
  }
});
