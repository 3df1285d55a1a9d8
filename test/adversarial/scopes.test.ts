/**
 * Scope escalation, table-driven: every root query and mutation with every scope set answers what
 * src/gateway/access/scopes.ts intends (reads need read, feature writes need write, database create/delete need
 * admin), a refused field makes no upstream call, and no scope reads through a mutation's result. Real gateway,
 * counting proxy, real local Face API; callers authenticate with HS256 JWTs carrying the scope set.
 */
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { buildSchema, isObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { createJwtVerifier } from '../../src/gateway/access/jwt';
import type { Scope } from '../../src/gateway/access/scopes';
import { BLANK_PNG_BASE64 } from '../gateway/support/graphql';
import { startStack, type Stack } from '../gateway/support/stack';

const SECRET = 'scopes-test-secret-of-thirty-two-bytes!';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    maxFiles: 4,
    transport: { connections: 4 },
    gateway: { access: { enabled: true, apiKeys: [], jwt: createJwtVerifier({ secret: SECRET }) } },
  });
}, 120000);
afterAll(() => stack?.close());

async function call(scopes: readonly Scope[], query: string, variables: Record<string, unknown> = {}) {
  const token = await new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`scopes:${scopes.join('+') || 'none'}`)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: JSON.parse(await response.text()) as { data?: any; errors?: Array<{ message: string; path?: string[]; extensions?: any }> } };
}

const img = { img: BLANK_PNG_BASE64 };
/** Every root field: the scope it needs and one call of it (ids name nothing, so an allowed call changes nothing). */
const ROOT_FIELDS: Record<string, { needs: Scope; query: string; variables?: Record<string, unknown> }> = {
  databases: { needs: 'read', query: '{ databases { id } }' },
  database: { needs: 'read', query: '{ database(id: "no-such-db") { id } }' },
  feature: { needs: 'read', query: '{ feature(databaseId: "no-such-db", id: "no-such-feature") { id } }' },
  detectFaces: { needs: 'read', query: 'mutation($img: String!) { detectFaces(images: [{ base64: $img }]) { __typename } }', variables: img },
  compareFaces: { needs: 'read', query: 'mutation($img: String!) { compareFaces(one: { base64: $img }, another: { base64: $img }) { __typename } }', variables: img },
  checkQuality: { needs: 'read', query: 'mutation($img: String!) { checkQuality(image: { base64: $img }) { __typename } }', variables: img },
  searchFaces: { needs: 'read', query: 'mutation($img: String!) { searchFaces(databaseIds: ["no-such-db"], image: { base64: $img }) { __typename } }', variables: img },
  identifyFaces: { needs: 'read', query: 'mutation($img: String!) { identifyFaces(image: { base64: $img }, databaseIds: ["no-such-db"]) { __typename } }', variables: img },
  addFeatures: { needs: 'write', query: 'mutation($img: String!) { addFeatures(databaseId: "no-such-db", features: [{ image: { base64: $img } }]) { __typename } }', variables: img },
  updateFeature: { needs: 'write', query: 'mutation { updateFeature(databaseId: "no-such-db", id: "no-such-feature", extraInfo: "x") { id } }' },
  deleteFeature: { needs: 'write', query: 'mutation { deleteFeature(databaseId: "no-such-db", id: "no-such-feature") }' },
  createDatabase: { needs: 'admin', query: 'mutation { createDatabase(name: "made-by-scopes-test", maxSize: 1) { id } }' },
  deleteDatabase: { needs: 'admin', query: 'mutation { deleteDatabase(id: "no-such-db") }' },
};

const SCOPE_SETS: Scope[][] = [[], ['read'], ['write'], ['admin'], ['read', 'write'], ['read', 'admin'], ['write', 'admin'], ['read', 'write', 'admin']];

test('the table names every root field of the schema (federation internals _service/_entities aside)', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8'));
  const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => (isObjectType(type) ? Object.keys(type.getFields()) : []));
  expect(roots.filter((name) => !name.startsWith('_')).sort()).toEqual(Object.keys(ROOT_FIELDS).sort());
});

const CASES = Object.entries(ROOT_FIELDS).flatMap(([field, spec]) => SCOPE_SETS.map((scopes) => [field, scopes.join('+') || 'none', spec, scopes] as const));

test.each(CASES)('%s with scopes %s', async (field, _label, spec, scopes) => {
  const callsBefore = stack.proxy.calls.length;
  const answer = await call(scopes, spec.query, spec.variables);
  const code = answer.body.errors?.[0]?.extensions?.code;
  if (scopes.includes(spec.needs)) {
    // let through: whatever the upstream says about ids that name nothing, never a refusal of the caller
    expect(['FORBIDDEN', 'UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR']).not.toContain(code);
  } else {
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ message: `"${field === 'databases' || field === 'database' || field === 'feature' ? 'Query' : 'Mutation'}.${field}" needs the ${spec.needs} scope`, path: [field], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    expect(stack.proxy.calls.slice(callsBefore)).toEqual([]);
  }
});

test('a forbidden field among allowed ones: FORBIDDEN, and nothing of the operation runs after it', async () => {
  const before = (await call(['read'], '{ databases { id } }')).body.data.databases.length;
  const callsBefore = stack.proxy.calls.length;
  // root mutation fields are non-null and run in order: the refusal nulls the result and stops the rest
  const answer = await call(['write'], 'mutation { createDatabase(name: "escalated", maxSize: 1) { id } deleteFeature(databaseId: "no-such-db", id: "x") }');
  expect(answer.body.data).toBeNull();
  expect(answer.body.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([['createDatabase', 'FORBIDDEN']]);
  expect(stack.proxy.calls.slice(callsBefore)).toEqual([]);
  expect((await call(['read'], '{ databases { id } }')).body.data.databases.length).toBe(before);
});

test('a write-only key cannot read through the result of its own mutation', async () => {
  const [{ body: created }] = [await call(['admin'], 'mutation { createDatabase(name: "nested-read", maxSize: 2) { id } }')];
  const databaseId = created.data.createDatabase.id;
  const answer = await call(
    ['write'],
    'mutation($db: ID!, $img: String!) { updateFeature(databaseId: $db, id: "x", extraInfo: "y") { id } addFeatures(databaseId: $db, features: [{ image: { base64: $img } }]) { feature { database { name features { features { extraInfo } } } } } }',
    { db: databaseId, img: BLANK_PNG_BASE64 },
  );
  // the blank image holds no face: nothing is added, so add one first with read+write and read it back with write only
  expect(answer.body.errors?.some((error) => error.extensions?.code === 'FORBIDDEN' || error.extensions?.code === 'NOT_FOUND')).toBe(true);
  const photo = readFileSync(join(__dirname, '../../node_modules/@vladmandic/face-api/demo/sample5.jpg')).toString('base64');
  const added = await call(
    ['write'],
    'mutation($db: ID!, $img: String!) { addFeatures(databaseId: $db, features: [{ image: { base64: $img }, extraInfo: "secret" }]) { ok feature { id database { name features { features { extraInfo } } } } } }',
    { db: databaseId, img: photo },
  );
  expect(added.body.data.addFeatures[0]).toMatchObject({ ok: true, feature: { database: null } });
  expect(added.body.errors).toEqual([expect.objectContaining({ path: ['addFeatures', 0, 'feature', 'database'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  expect(JSON.stringify(added.body)).not.toContain('secret');
  await call(['admin'], 'mutation($id: ID!) { deleteDatabase(id: $id) }', { id: databaseId });
});
