/** Detection, comparison and search edge cases through the gateway, against a real local Face API. */
import { BLANK_PNG_BASE64, createDatabase, postJson, samplePhoto } from './support/graphql';
import { appPath, startStack, type Stack } from './support/stack';

let stack: Stack;
let databaseId: string;
const app = appPath();

beforeAll(async () => {
  stack = await startStack();
  databaseId = await createDatabase(stack.gateway.url, 'analysis', 10);
}, 120000);
afterAll(() => stack?.close());

const SEARCH = `mutation($ids: [ID!]!, $image: ImageInput!, $topK: Int, $minScore: Float) {
  searchFaces(databaseIds: $ids, image: $image, topK: $topK, minScore: $minScore) {
    result { ok code message } face { rectangle { width } } matches { score feature { id } }
  }
}`;

test('detectFaces with 17 images goes upstream as 16 + 1, in input order, per-image outcomes as data', async () => {
  stack.proxy.calls.length = 0;
  const images = Array.from({ length: 17 }, (_, i) => ({ base64: i === 16 ? samplePhoto(1).toString('base64') : BLANK_PNG_BASE64 }));
  const answer = await postJson(
    stack.gateway.url,
    'mutation($images: [ImageInput!]!) { detectFaces(images: $images) { index result { ok code } faces { rectangle { width } } } }',
    { images },
  );
  expect(answer.body.errors).toBeUndefined();
  const detected = answer.body.data.detectFaces;
  expect(detected.map((image: { index: number }) => image.index)).toEqual(Array.from({ length: 17 }, (_, i) => i));
  // a face-less image is a success with no faces, or a per-image failure: never a request error
  for (const image of detected.slice(0, 16)) expect(image.faces).toEqual([]);
  expect(detected[16].result.ok).toBe(true);
  expect(detected[16].faces.length).toBeGreaterThanOrEqual(1);
  expect(stack.proxy.calls.filter((call) => call === `POST ${app}/detect`)).toHaveLength(2);
});

test('detectFaces refuses an empty list and more than 256 images before any upstream call', async () => {
  const before = stack.proxy.calls.length;
  const query = 'mutation($images: [ImageInput!]!) { detectFaces(images: $images) { index } }';
  const empty = await postJson(stack.gateway.url, query, { images: [] });
  expect(empty.body.errors?.[0]).toMatchObject({ message: 'images must hold at least one image', extensions: { code: 'BAD_USER_INPUT' } });
  const tooMany = await postJson(stack.gateway.url, query, { images: Array.from({ length: 257 }, () => ({ base64: BLANK_PNG_BASE64 })) });
  expect(tooMany.body.errors?.[0].message).toBe('images holds 257 images; at most 256 per request');
  expect(stack.proxy.calls.length).toBe(before);
});

test('compareFaces with a face-less image: per-image outcome, no score', async () => {
  const answer = await postJson(
    stack.gateway.url,
    'mutation($a: ImageInput!, $b: ImageInput!) { compareFaces(one: $a, another: $b) { score one { ok } another { ok code message } } }',
    { a: { base64: samplePhoto(1).toString('base64') }, b: { base64: BLANK_PNG_BASE64 } },
  );
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.compareFaces).toMatchObject({ score: null, one: { ok: true }, another: { ok: false } });
  expect(answer.body.data.compareFaces.another.code).toBeGreaterThan(0);
});

test('compare scores the same person higher than two different people', async () => {
  const query = 'mutation($a: ImageInput!, $b: ImageInput!) { compareFaces(one: $a, another: $b) { score } }';
  const same = await postJson(stack.gateway.url, query, { a: { base64: samplePhoto(2).toString('base64') }, b: { base64: samplePhoto(2).toString('base64') } });
  const other = await postJson(stack.gateway.url, query, { a: { base64: samplePhoto(2).toString('base64') }, b: { base64: samplePhoto(5).toString('base64') } });
  expect(same.body.data.compareFaces.score).toBeGreaterThan(other.body.data.compareFaces.score);
});

test('searchFaces arguments are checked before any upstream call', async () => {
  const before = stack.proxy.calls.length;
  const image = { base64: samplePhoto(1).toString('base64') };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ids: [], image }, 'databaseIds must name at least one database'],
    [{ ids: [databaseId], image, topK: 0 }, 'topK must be 1..100'],
    [{ ids: [databaseId], image, topK: 101 }, 'topK must be 1..100'],
    [{ ids: [databaseId], image, minScore: 1.5 }, 'minScore must be 0..1'],
    [{ ids: [databaseId], image, minScore: -0.1 }, 'minScore must be 0..1'],
  ];
  for (const [variables, message] of cases) {
    const answer = await postJson(stack.gateway.url, SEARCH, variables);
    expect(answer.body.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
  }
  expect(stack.proxy.calls.length).toBe(before);
});

test('searchFaces: a probe without a face is data, an empty database matches nothing, an unknown one is NOT_FOUND', async () => {
  const blank = await postJson(stack.gateway.url, SEARCH, { ids: [databaseId], image: { base64: BLANK_PNG_BASE64 } });
  expect(blank.body.errors).toBeUndefined();
  expect(blank.body.data.searchFaces).toMatchObject({ result: { ok: false }, face: null, matches: [] });

  const empty = await postJson(stack.gateway.url, SEARCH, { ids: [databaseId], image: { base64: samplePhoto(1).toString('base64') } });
  expect(empty.body.data.searchFaces).toMatchObject({ result: { ok: true }, matches: [] });
  expect(empty.body.data.searchFaces.face.rectangle.width).toBeGreaterThan(32);

  const unknown = await postJson(stack.gateway.url, SEARCH, {
    ids: ['00000000-0000-0000-0000-000000000000'],
    image: { base64: samplePhoto(1).toString('base64') },
  });
  expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
});

test('checkQuality without a face: the verdict is "not acceptable" with the image outcome as the failure', async () => {
  const answer = await postJson(
    stack.gateway.url,
    'mutation($image: ImageInput!) { checkQuality(image: $image) { result { ok outcome code } quality { size } assessment { acceptable failures { field path value min max passed } } } }',
    { image: { base64: BLANK_PNG_BASE64 } },
  );
  expect(answer.body.errors).toBeUndefined();
  const report = answer.body.data.checkQuality;
  expect(report.result).toMatchObject({ ok: false, outcome: 'NO_FACE', code: 1004 });
  expect(report.quality).toBeNull();
  expect(report.assessment).toEqual({
    acceptable: false,
    failures: [{ field: 'RESULT_CODE', path: 'result.code', value: 1004, min: 0, max: 0, passed: false }],
  });
});
