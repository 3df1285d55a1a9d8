/**
 * Path and encoding tricks on every id argument of every operation (issue 9 item 1), through a real gateway in
 * front of a real local Face API. An id outside the grammar of src/face-api-contract/ids.ts is BAD_USER_INPUT and makes no
 * upstream call; ill-formed UTF-16 is refused before any resolver; after every case the victim database and its
 * feature are intact and a normal request succeeds.
 */
import { BLANK_PNG_BASE64, postJson } from '../gateway/support/graphql';
import { firstError, useVictimStack } from './input-support';

const given = useVictimStack();

/** Ids that are not one opaque path segment. */
const TRICKS: Array<[string, string]> = [
  ['a dot segment ..', '..'],
  ['a dot segment .', '.'],
  ['an encoded dot segment %2e%2e', '%2e%2e'],
  ['an encoded dot segment %2E', '%2E'],
  ['an encoded slash', 'a%2Fb'],
  ['a slash', '../features'],
  ['a backslash', '..\\'],
  ['a question mark', '?offset=0'],
  ['a fragment mark', '#x'],
  ['a NUL', 'a\u0000b'],
  ['a space', 'a b'],
  ['an empty id', ''],
  ['a leading dot', '.hidden'],
  ['129 characters', 'x'.repeat(129)],
  ['100 000 characters', 'x'.repeat(100_000)],
  ['non-ASCII', 'é'],
];

/** Every operation with an id in the request path, as [name, document, variables for the id under test]. */
const PATH_OPERATIONS: Array<[string, string, (id: string) => Record<string, unknown>]> = [
  ['feature(databaseId)', 'query($db: ID!, $id: ID!) { feature(databaseId: $db, id: $id) { id } }', (id) => ({ db: id, id: given.victim.featureId })],
  ['feature(id)', 'query($db: ID!, $id: ID!) { feature(databaseId: $db, id: $id) { id } }', (id) => ({ db: given.victim.databaseId, id })],
  [
    'updateFeature(databaseId)',
    'mutation($db: ID!, $id: ID!) { updateFeature(databaseId: $db, id: $id, extraInfo: "changed") { id } }',
    (id) => ({ db: id, id: given.victim.featureId }),
  ],
  [
    'updateFeature(id)',
    'mutation($db: ID!, $id: ID!) { updateFeature(databaseId: $db, id: $id, extraInfo: "changed") { id } }',
    (id) => ({ db: given.victim.databaseId, id }),
  ],
  ['deleteFeature(databaseId)', 'mutation($db: ID!, $id: ID!) { deleteFeature(databaseId: $db, id: $id) }', (id) => ({ db: id, id: given.victim.featureId })],
  ['deleteFeature(id)', 'mutation($db: ID!, $id: ID!) { deleteFeature(databaseId: $db, id: $id) }', (id) => ({ db: given.victim.databaseId, id })],
  ['deleteDatabase(id)', 'mutation($id: ID!) { deleteDatabase(id: $id) }', (id) => ({ id })],
  [
    'addFeatures(databaseId)',
    'mutation($db: ID!, $image: String!) { addFeatures(databaseId: $db, features: [{ image: { base64: $image } }]) { ok } }',
    (id) => ({ db: id, image: BLANK_PNG_BASE64 }),
  ],
];

const CASES = PATH_OPERATIONS.flatMap(([operation, query, variables]) =>
  TRICKS.map(([trick, id]) => [operation, trick, query, variables, id] as const),
);

test.each(CASES)('%s with %s: BAD_USER_INPUT, no upstream call, the id not echoed', async (_operation, _trick, query, variables, id) => {
  const callsBefore = given.stack.proxy.calls.length;
  const answer = await postJson(given.stack.gateway.url, query, variables(id));
  expect(firstError(answer)).toEqual({ status: 200, code: 'BAD_USER_INPUT', message: expect.stringMatching(/is not a valid id: 1 to 128 characters/) });
  expect(given.stack.proxy.calls.slice(callsBefore)).toEqual([]);
});

test.each(PATH_OPERATIONS)('%s with the literal id ".." in the document: BAD_USER_INPUT', async (_operation, query, variables) => {
  // the same operation with the ids inlined as literals instead of variables
  const literal = Object.entries(variables('..')).reduce(
    (text, [name, value]) => text.replace(new RegExp(`\\$${name}\\b(?!:)`, 'g'), JSON.stringify(value)),
    query.replace(/^(query|mutation)\([^)]*\)/, '$1'),
  );
  const answer = await postJson(given.stack.gateway.url, literal);
  expect(firstError(answer)).toMatchObject({ status: 200, code: 'BAD_USER_INPUT' });
});

test.each(PATH_OPERATIONS)('%s with a lone surrogate: 400 BAD_USER_INPUT before any resolver, never echoed', async (_operation, query, variables) => {
  for (const id of ['\ud800', 'a\udc00', '\udfff\ud800']) {
    const callsBefore = given.stack.proxy.calls.length;
    const answer = await postJson(given.stack.gateway.url, query, variables(id));
    expect(firstError(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/ill-formed Unicode/) });
    expect(JSON.stringify(answer.body)).not.toMatch(/\\ud[89a-f]/i);
    expect(given.stack.proxy.calls.slice(callsBefore)).toEqual([]);
  }
});

describe('ids that travel in a body or are looked up in a list', () => {
  test.each(TRICKS)('database(id) with %s is null (it names no database)', async (_trick, id) => {
    const answer = await postJson(given.stack.gateway.url, 'query($id: ID!) { database(id: $id) { id } }', { id });
    expect(answer.body).toEqual({ data: { database: null } });
  });

  // the upstream's answer: 400 (BAD_USER_INPUT) for an id it cannot hold (empty, over 64 chars), else 404
  test.each(TRICKS)('searchFaces(databaseIds) with %s is NOT_FOUND or BAD_USER_INPUT', async (_trick, id) => {
    const answer = await postJson(
      given.stack.gateway.url,
      'mutation($db: [ID!]!, $image: String!) { searchFaces(databaseIds: $db, image: { base64: $image }) { matches { score } } }',
      { db: [id], image: given.photo },
    );
    expect(firstError(answer)).toMatchObject({ status: 200, code: id.length === 0 || id.length > 64 ? 'BAD_USER_INPUT' : 'NOT_FOUND' });
  });

  test('database(id) and searchFaces(databaseIds) with a lone surrogate: 400 BAD_USER_INPUT', async () => {
    const read = await postJson(given.stack.gateway.url, 'query($id: ID!) { database(id: $id) { id } }', { id: 'x\ud800' });
    expect(firstError(read)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    const search = await postJson(
      given.stack.gateway.url,
      'mutation($db: [ID!]!, $image: String!) { searchFaces(databaseIds: $db, image: { base64: $image }) { matches { score } } }',
      { db: [given.victim.databaseId, '\udbff'], image: BLANK_PNG_BASE64 },
    );
    expect(firstError(search)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
  });
});

test('every id the local Face API makes fits the grammar and works end to end', async () => {
  const answer = await postJson(given.stack.gateway.url, 'query($db: ID!, $id: ID!) { feature(databaseId: $db, id: $id) { id database { id } } }', {
    db: given.victim.databaseId,
    id: given.victim.featureId,
  });
  expect(answer.body.data.feature).toEqual({ id: given.victim.featureId, database: { id: given.victim.databaseId } });
});
