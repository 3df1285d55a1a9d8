/**
 * Numeric arguments (topK, minScore, maxSize, offset, limit, rectangles) at and beyond their bounds, through a
 * real gateway and a real local Face API: out-of-range values are BAD_USER_INPUT with no upstream call,
 * non-numbers and non-integers are refused by GraphQL's own coercion (400 BAD_USER_INPUT), nothing is created,
 * and a normal request succeeds after each case.
 */
import { postJson } from '../gateway/support/graphql';
import { firstError, useVictimStack } from './input-support';

const given = useVictimStack();

/** Not representable as GraphQL Int/Float, or not numbers at all: refused while coercing variables. */
const NOT_AN_INT: unknown[] = [1.5, 2 ** 31, -(2 ** 31) - 1, 1e308, '10', true, null, [], {}, 'NaN', 'Infinity'];
const NOT_A_FLOAT: unknown[] = ['0.5', 'NaN', 'Infinity', true, [], {}, null];

const SEARCH = 'mutation($db: [ID!]!, $image: String!, $topK: Int!, $minScore: Float!) { searchFaces(databaseIds: $db, image: { base64: $image }, topK: $topK, minScore: $minScore) { matches { score } } }';
const search = (topK: unknown, minScore: unknown) => postJson(given.stack.gateway.url, SEARCH, { db: [given.victim.databaseId], image: given.photo, topK, minScore });

function expectRangeRefusal(answer: Awaited<ReturnType<typeof postJson>>, argument: string): void {
  expect(firstError(answer)).toMatchObject({ status: 200, code: 'BAD_USER_INPUT' });
  expect(answer.body.errors?.[0].extensions?.argument).toBe(argument);
}

function expectCoercionRefusal(answer: Awaited<ReturnType<typeof postJson>>): void {
  expect(firstError(answer)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Variable "\$\w+"/) });
}

describe('searchFaces topK and minScore', () => {
  test('topK 2^31-1: refused by the cost estimate (HTTP 400) before any resolver or upstream call', async () => {
    const callsBefore = given.stack.proxy.calls.length;
    expect(firstError(await search(2 ** 31 - 1, 0.5))).toMatchObject({ status: 400, code: 'COST_ESTIMATED_TOO_EXPENSIVE' });
    expect(given.stack.proxy.calls.slice(callsBefore)).toEqual([]);
  });

  test.each([0, -1, 101])('topK %p: BAD_USER_INPUT, no upstream call', async (topK) => {
    const callsBefore = given.stack.proxy.calls.length;
    expectRangeRefusal(await search(topK, 0.5), 'topK');
    expect(given.stack.proxy.calls.slice(callsBefore)).toEqual([]);
  });

  test.each(NOT_AN_INT)('topK %p: refused while coercing', async (topK) => {
    expectCoercionRefusal(await search(topK, 0.5));
  });

  test.each([-0.0001, 1.0001, -1e308, 1e308])('minScore %p: BAD_USER_INPUT, no upstream call', async (minScore) => {
    const callsBefore = given.stack.proxy.calls.length;
    expectRangeRefusal(await search(1, minScore), 'minScore');
    expect(given.stack.proxy.calls.slice(callsBefore)).toEqual([]);
  });

  test.each(NOT_A_FLOAT)('minScore %p: refused while coercing', async (minScore) => {
    expectCoercionRefusal(await search(1, minScore));
  });

  test.each([
    [1, 0],
    [100, 1],
    [1, -0],
  ])('the bounds themselves (topK %p, minScore %p) are served', async (topK, minScore) => {
    const answer = await search(topK, minScore);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.searchFaces.matches.length).toBeLessThanOrEqual(topK);
  });
});

describe('createDatabase maxSize', () => {
  const create = (maxSize: unknown) => postJson(given.stack.gateway.url, 'mutation($n: Int!) { createDatabase(name: "numbers", maxSize: $n) { id maxSize } }', { n: maxSize });
  const count = async () => (await postJson(given.stack.gateway.url, '{ databases { id } }')).body.data.databases.length;

  test.each([0, -1, -(2 ** 31)])('%p: BAD_USER_INPUT, nothing created', async (maxSize) => {
    const before = await count();
    expectRangeRefusal(await create(maxSize), 'maxSize');
    expect(await count()).toBe(before);
  });

  test.each(NOT_AN_INT)('%p: refused while coercing, nothing created', async (maxSize) => {
    const before = await count();
    expectCoercionRefusal(await create(maxSize));
    expect(await count()).toBe(before);
  });
});

describe('features offset and limit', () => {
  const page = (offset: unknown, limit: unknown) =>
    postJson(given.stack.gateway.url, 'query($db: ID!, $o: Int!, $l: Int!) { database(id: $db) { features(offset: $o, limit: $l) { total features { id } } } }', {
      db: given.victim.databaseId,
      o: offset,
      l: limit,
    });

  test.each([
    [-1, 10, 'offset'],
    [-(2 ** 31), 10, 'offset'],
    [0, 0, 'limit'],
    [0, -1, 'limit'],
    [0, 1001, 'limit'],
  ])('offset %p limit %p: BAD_USER_INPUT (%s)', async (offset, limit, argument) => {
    const answer = await page(offset, limit);
    expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  test('limit 2^31-1: refused by the cost estimate (HTTP 400)', async () => {
    expect(firstError(await page(0, 2 ** 31 - 1))).toMatchObject({ status: 400, code: 'COST_ESTIMATED_TOO_EXPENSIVE' });
  });

  test.each(NOT_AN_INT.filter((value) => value !== null))('offset %p: refused while coercing', async (offset) => {
    expectCoercionRefusal(await page(offset, 10));
  });

  test('an offset far past the end is an empty page with the true total', async () => {
    const answer = await page(2 ** 31 - 1, 1000);
    expect(answer.body.data.database.features).toEqual({ total: 1, features: [] });
  });
});
