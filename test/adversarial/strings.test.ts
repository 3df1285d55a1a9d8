/**
 * Unicode edge cases in every string argument (issue 9 item 7), through a real gateway and a real local Face
 * API: ill-formed UTF-16 is refused with BAD_USER_INPUT before anything is stored (never echoed, never kept as
 * U+FFFD); every well-formed string, however odd (RTL, combining marks, ZWJ sequences, NUL, BOM), is stored and
 * read back exactly; over-long values are refused. After each case the victim is intact and a normal request works.
 */
import { BLANK_PNG_BASE64, postJson } from '../gateway/support/graphql';
import { firstError, useVictimStack } from './input-support';

const given = useVictimStack();

const ILL_FORMED: Array<[string, string]> = [
  ['a lone high surrogate', 'name \ud83d'],
  ['a lone low surrogate', '\ude00 name'],
  ['reversed surrogates', '\ude00\ud83d'],
  ['a lone surrogate at the end', 'x'.repeat(100) + '\udbff'],
];

const ODD_BUT_WELL_FORMED: Array<[string, string]> = [
  ['right-to-left text', 'مرحبا بالعالم'],
  ['a right-to-left override', '\u202Egnp.exe'],
  ['combining marks (NFD, kept unnormalised)', 'e\u0301le\u0300ve'],
  ['a ZWJ emoji sequence', '👩‍👩‍👧‍👦'],
  ['a surrogate pair on its own', '\ud83d\ude00'],
  ['a NUL inside', 'before\u0000after'],
  ['a byte order mark', '\ufeffbom'],
  ['zero-width characters', 'a\u200bb\u200cc\u200dd'],
  ['line and paragraph separators', 'a\u2028b\u2029c'],
  ['a noncharacter', 'x\uffffy'],
  ['Zalgo', 'Z̷̢͈̓a̸͎̓l̴̰͋g̶̪̈́o̵̙͊'],
];

async function databaseCount(): Promise<number> {
  return (await postJson(given.stack.gateway.url, '{ databases { id } }')).body.data.databases.length;
}

describe('ill-formed UTF-16: 400 BAD_USER_INPUT, nothing stored, never echoed', () => {
  function expectRefused(answer: Awaited<ReturnType<typeof postJson>>): void {
    expect(firstError(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/ill-formed Unicode/) });
    expect(JSON.stringify(answer.body)).not.toMatch(/\\ud[89a-f]|\ufffd/i);
  }

  test.each(ILL_FORMED)('createDatabase(name, description) with %s', async (_, text) => {
    const before = await databaseCount();
    const query = 'mutation($name: String!, $description: String) { createDatabase(name: $name, maxSize: 10, description: $description) { id } }';
    expectRefused(await postJson(given.stack.gateway.url, query, { name: text }));
    expectRefused(await postJson(given.stack.gateway.url, query, { name: 'fine', description: text }));
    expect(await databaseCount()).toBe(before);
  });

  test.each(ILL_FORMED)('addFeatures(extraInfo) with %s, inside a list of inputs', async (_, text) => {
    const query = 'mutation($db: ID!, $features: [NewFeatureInput!]!) { addFeatures(databaseId: $db, features: $features) { ok } }';
    const features = [{ image: { base64: given.photo }, extraInfo: 'fine' }, { image: { base64: given.photo }, extraInfo: text }];
    expectRefused(await postJson(given.stack.gateway.url, query, { db: given.victim.databaseId, features }));
  });

  test.each(ILL_FORMED)('updateFeature(extraInfo) with %s', async (_, text) => {
    const query = 'mutation($db: ID!, $id: ID!, $info: String!) { updateFeature(databaseId: $db, id: $id, extraInfo: $info) { id } }';
    expectRefused(await postJson(given.stack.gateway.url, query, { db: given.victim.databaseId, id: given.victim.featureId, info: text }));
  });

  test.each(ILL_FORMED)('an image given as base64 with %s', async (_, text) => {
    const query = 'mutation($image: String!) { checkQuality(image: { base64: $image }) { result { ok } } }';
    expectRefused(await postJson(given.stack.gateway.url, query, { image: BLANK_PNG_BASE64 + text }));
  });

  test('a variable name with a lone surrogate', async () => {
    const answer = await postJson(given.stack.gateway.url, '{ databases { id } }', { ['x\ud800']: 1 });
    expectRefused(answer);
  });
});

describe('odd but well-formed strings: stored and read back exactly', () => {
  test.each(ODD_BUT_WELL_FORMED)('extraInfo with %s', async (_, text) => {
    const added = await postJson(
      given.stack.gateway.url,
      'mutation($db: ID!, $image: String!, $info: String!) { addFeatures(databaseId: $db, features: [{ image: { base64: $image }, extraInfo: $info }]) { ok feature { id extraInfo } } }',
      { db: given.victim.databaseId, image: given.photo, info: text },
    );
    const feature = added.body.data.addFeatures[0].feature;
    expect(feature.extraInfo).toBe(text);
    const read = await postJson(given.stack.gateway.url, 'query($db: ID!, $id: ID!) { feature(databaseId: $db, id: $id) { extraInfo } }', {
      db: given.victim.databaseId,
      id: feature.id,
    });
    expect(read.body.data.feature.extraInfo).toBe(text);
    const updated = await postJson(
      given.stack.gateway.url,
      'mutation($db: ID!, $id: ID!, $info: String!) { updateFeature(databaseId: $db, id: $id, extraInfo: $info) { extraInfo } }',
      { db: given.victim.databaseId, id: feature.id, info: `${text}|${text}` },
    );
    expect(updated.body.data.updateFeature.extraInfo).toBe(`${text}|${text}`);
    await postJson(given.stack.gateway.url, 'mutation($db: ID!, $id: ID!) { deleteFeature(databaseId: $db, id: $id) }', { db: given.victim.databaseId, id: feature.id });
  });

  test.each(ODD_BUT_WELL_FORMED)('database name and description with %s', async (_, text) => {
    const created = await postJson(
      given.stack.gateway.url,
      'mutation($name: String!) { createDatabase(name: $name, maxSize: 1, description: $name) { id name description } }',
      { name: text },
    );
    const { id, name, description } = created.body.data.createDatabase;
    expect([name, description]).toEqual([text, text]);
    const listed = await postJson(given.stack.gateway.url, 'query($id: ID!) { database(id: $id) { name description } }', { id });
    expect(listed.body.data.database).toEqual({ name: text, description: text });
    await postJson(given.stack.gateway.url, 'mutation($id: ID!) { deleteDatabase(id: $id) }', { id });
  });
});

describe('over-long strings', () => {
  test('extraInfo of 4096 characters is kept; 4097 is BAD_USER_INPUT and nothing is stored', async () => {
    const query = 'mutation($id: ID!, $db: ID!, $info: String!) { updateFeature(databaseId: $db, id: $id, extraInfo: $info) { extraInfo } }';
    const longest = 'é'.repeat(4096);
    const kept = await postJson(given.stack.gateway.url, query, { db: given.victim.databaseId, id: given.victim.featureId, info: longest });
    expect(kept.body.data.updateFeature.extraInfo).toBe(longest);
    const refused = await postJson(given.stack.gateway.url, query, { db: given.victim.databaseId, id: given.victim.featureId, info: 'x'.repeat(4097) });
    expect(firstError(refused)).toMatchObject({ status: 200, code: 'BAD_USER_INPUT' });
    await postJson(given.stack.gateway.url, query, { db: given.victim.databaseId, id: given.victim.featureId, info: 'kept' });
  });

  test('a 1 MB database name: BAD_USER_INPUT, nothing created', async () => {
    const before = await databaseCount();
    const answer = await postJson(given.stack.gateway.url, 'mutation($name: String!) { createDatabase(name: $name, maxSize: 1) { id } }', {
      name: 'n'.repeat(1024 * 1024),
    });
    expect(firstError(answer)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await databaseCount()).toBe(before);
  });
});
