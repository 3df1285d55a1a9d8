/**
 * The federation example with real parts: this gateway as the `faces` subgraph (GATEWAY_SUBGRAPH=on, embedded
 * local Face API), the `employees` subgraph and Hive Gateway serving their composed supergraph, three
 * processes started as `npm run example:federation` starts them. Every request goes through the router.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrollEmployees, graphql, samplePhoto, startFederation, type RunningFederation } from '../../examples/federation/start';

const KEYS = { admin: 'router-admin-key', reader: 'router-reader-key', writer: 'router-writer-key' };
let federation: RunningFederation;
let dataDir: string;
let databaseId: string;
let staff: Array<{ id: string; name: string; feature: { databaseId: string; id: string } }>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'federation-test-'));
  federation = await startFederation({
    routerPort: 0,
    facesPort: 0,
    employeesPort: 0,
    localFaceApiPort: 0,
    dataDir,
    apiKeys: `${KEYS.admin}:read+write+admin,${KEYS.reader}:read,${KEYS.writer}:write`,
    composeKey: KEYS.reader,
  });
  const created = await graphql(federation.routerUrl, KEYS.admin, 'mutation { createDatabase(name: "staff", maxSize: 100) { id } }');
  databaseId = created.body.data.createDatabase.id;
  // enrolling is itself a multipart upload through the router (3 files in one request)
  staff = await enrollEmployees(federation.routerUrl, KEYS.admin, databaseId, [
    { name: 'Ada', photo: samplePhoto(1) },
    { name: 'Grace', photo: samplePhoto(2) },
    { name: 'Edsger', photo: samplePhoto(3) },
  ]);
}, 240000);
afterAll(async () => {
  await federation?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const EMPLOYEES = '{ employees { name faces { id extraInfo database { id name size } } } }';

test('the supergraph has both subgraphs: the faces entities and the employees subgraph', () => {
  expect(federation.supergraphSdl).toMatch(/join__graph\(name: "faces", url: "http:\/\/127\.0\.0\.1:\d+\/graphql"\)/);
  expect(federation.supergraphSdl).toMatch(/join__graph\(name: "employees"/);
  expect(federation.supergraphSdl).toMatch(/type FeatureDatabase\s+@join__type\(graph: FACES, key: "id"\)/);
});

test('a query spanning both subgraphs: each employee with their features and each feature\'s database', async () => {
  const { body } = await graphql(federation.routerUrl, KEYS.reader, EMPLOYEES);
  expect(body.errors).toBeUndefined();
  const database = { id: databaseId, name: 'staff', size: 3 };
  expect(body.data.employees).toEqual(staff.map((person) => ({ name: person.name, faces: [{ id: person.feature.id, extraInfo: person.name, database }] })));
});

test('searchFaces with a multipart upload through the router; the match resolved to its Employee', async () => {
  const SEARCH = `mutation($db: [ID!]!, $image: ImageInput!) {
    searchFaces(databaseIds: $db, image: $image, topK: 1, minScore: 0.9) { matches { score feature { id extraInfo employee { id name } } } }
  }`;
  const { body } = await graphql(federation.routerUrl, KEYS.reader, SEARCH, { db: [databaseId], image: { file: null } }, [
    { path: 'variables.image.file', content: samplePhoto(2) },
  ]);
  expect(body.errors).toBeUndefined();
  const grace = staff.find((person) => person.name === 'Grace')!;
  expect(body.data.searchFaces.matches).toEqual([
    { score: expect.any(Number), feature: { id: grace.feature.id, extraInfo: 'Grace', employee: { id: grace.id, name: 'Grace' } } },
  ]);
  expect(body.data.searchFaces.matches[0].score).toBeGreaterThan(0.9);
});

test("the client's Authorization reaches the faces subgraph: without it UNAUTHENTICATED, from the faces subgraph", async () => {
  const { body } = await graphql(federation.routerUrl, undefined, '{ databases { id } }');
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', serviceName: 'faces' });
  const wrong = await graphql(federation.routerUrl, 'not-a-configured-key', '{ databases { id } }');
  expect(wrong.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', serviceName: 'faces' });
  const withKey = await graphql(federation.routerUrl, KEYS.reader, '{ databases { id } }');
  expect(withKey.body.data.databases).toEqual([{ id: databaseId }]);
});

test('a missing scope is FORBIDDEN through the router, for root fields and for the entity fetches of a plan', async () => {
  const create = await graphql(federation.routerUrl, KEYS.reader, 'mutation { createDatabase(name: "nope", maxSize: 1) { id } }');
  expect(create.body.errors?.[0]).toMatchObject({ message: '"Mutation.createDatabase" needs the admin scope', extensions: { code: 'FORBIDDEN', serviceName: 'faces' } });
  // the writer key may not read: the employees come from the other subgraph, their faces (via _entities) are refused
  const { body } = await graphql(federation.routerUrl, KEYS.writer, EMPLOYEES);
  expect(body.errors?.length).toBeGreaterThan(0);
  expect(body.errors!.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
  expect(body.errors![0].message).toContain('needs the read scope');
  // the names come from the employees subgraph; nothing of the faces subgraph beyond the keys employees holds
  expect(body.data.employees).toEqual(staff.map((person) => ({ name: person.name, faces: [{ id: person.feature.id, extraInfo: null, database: null }] })));
  const listed = await graphql(federation.routerUrl, KEYS.admin, '{ databases { size } }');
  expect(listed.body.data.databases).toEqual([{ size: 3 }]);
});

test('an upload without the CSRF preflight header is still refused by the faces subgraph, through the router', async () => {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: 'mutation($i: ImageInput!) { checkQuality(image: $i) { result { ok } } }', variables: { i: { file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.i.file'] }));
  form.append('0', samplePhoto(1), 'photo.jpg');
  const response = await fetch(federation.routerUrl, { method: 'POST', headers: { authorization: `Bearer ${KEYS.reader}` }, body: form });
  const body = (await response.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_REQUEST', serviceName: 'faces' });
  expect(body.errors?.[0].message).toContain('Apollo-Require-Preflight');
});
