/**
 * identifyFaces through the gateway against a real local Face API, on photos shipped by an npm package:
 * one detection, one search per face with its rectangle, results per face with its box, one upload.
 */
import sharp from 'sharp';
import { BLANK_PNG_BASE64, createDatabase, postJson, postMultipart, samplePhoto } from './support/graphql';
import { appPath, startStack, type Stack } from './support/stack';

let stack: Stack;
let databaseId: string;
let group: Buffer;
let boxes: Array<{ top: number; left: number; width: number; height: number }>;
const app = appPath();

const IDENTIFY = `mutation($image: ImageInput!, $ids: [ID!]!, $topK: Int, $minScore: Float) {
  identifyFaces(image: $image, databaseIds: $ids, topK: $topK, minScore: $minScore) {
    result { ok code } facesFound
    faces { index face { rectangle { top left width height } } result { ok } matches { score feature { extraInfo } } }
  }
}`;

beforeAll(async () => {
  stack = await startStack();
  databaseId = await createDatabase(stack.gateway.url, 'identify', 20);
  group = samplePhoto(1);
  const detected = await postJson(stack.gateway.url, 'mutation($i: [ImageInput!]!) { detectFaces(images: $i) { faces { rectangle { top left width height } } } }', {
    i: [{ base64: group.toString('base64') }],
  });
  boxes = detected.body.data.detectFaces[0].faces.map((f: { rectangle: object }) => f.rectangle);
  // every person of the photo enrolled from their own rectangle, named by position
  const added = await postJson(stack.gateway.url, 'mutation($db: ID!, $f: [NewFeatureInput!]!) { addFeatures(databaseId: $db, features: $f) { ok } }', {
    db: databaseId,
    f: boxes.map((rectangle, i) => ({ image: { base64: group.toString('base64') }, rectangle, extraInfo: `person-${i}` })),
  });
  expect(added.body.data.addFeatures.every((r: { ok: boolean }) => r.ok)).toBe(true);
}, 120000);
afterAll(() => stack?.close());

test('names every face of an uploaded copy of the photo, each with its own box, from one detection and one search per face', async () => {
  expect(boxes.length).toBe(3);
  // the photo as a client would send it again: rescaled and re-encoded, uploaded once as a file
  const copy = await sharp(group).resize({ width: Math.round((await sharp(group).metadata()).width! * 0.8) }).jpeg({ quality: 80 }).toBuffer();
  stack.proxy.calls.length = 0;
  const answer = await postMultipart(stack.gateway.url, IDENTIFY, { image: { file: null }, ids: [databaseId], topK: 2, minScore: 0.5 }, [
    { path: 'variables.image.file', content: new Blob([copy], { type: 'image/jpeg' }) },
  ]);
  expect(answer.body.errors).toBeUndefined();
  const identified = answer.body.data.identifyFaces;
  expect(identified.result.ok).toBe(true);
  expect(identified.facesFound).toBe(3);
  expect(identified.faces.map((f: { index: number }) => f.index)).toEqual([0, 1, 2]);
  for (const [i, face] of identified.faces.entries()) {
    expect(face.result.ok).toBe(true);
    expect(face.matches[0].feature.extraInfo).toBe(`person-${i}`);
    expect(face.matches[0].score).toBeGreaterThan(0.8);
    if (face.matches[1]) expect(face.matches[1].score).toBeLessThan(0.8); // the others are other people
    const r = face.face.rectangle;
    expect(Math.abs(r.left - boxes[i].left * 0.8)).toBeLessThan(boxes[i].width * 0.1);
    expect(Math.abs(r.top - boxes[i].top * 0.8)).toBeLessThan(boxes[i].height * 0.1);
  }
  expect(stack.proxy.calls).toEqual([`POST ${app}/detect`, ...boxes.map(() => `POST ${app}/databases/search`)]);
});

test('a photo without a face: no face, no search', async () => {
  stack.proxy.calls.length = 0;
  const answer = await postJson(stack.gateway.url, IDENTIFY, { image: { base64: BLANK_PNG_BASE64 }, ids: [databaseId] });
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.identifyFaces).toMatchObject({ facesFound: 0, faces: [] });
  expect(stack.proxy.calls).toEqual([`POST ${app}/detect`]);
});

test('arguments are checked before any upstream call; an unknown database fails the request', async () => {
  stack.proxy.calls.length = 0;
  const image = { base64: group.toString('base64') };
  for (const [variables, message] of [
    [{ image, ids: [] }, 'databaseIds must name at least one database'],
    [{ image, ids: [databaseId], topK: 0 }, 'topK must be 1..100'],
    [{ image, ids: [databaseId], minScore: 1.5 }, 'minScore must be 0..1'],
  ] as const) {
    const answer = await postJson(stack.gateway.url, IDENTIFY, variables);
    expect(answer.body.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
  }
  expect(stack.proxy.calls).toEqual([]);
  const unknown = await postJson(stack.gateway.url, IDENTIFY, { image, ids: ['no-such-database'] });
  expect(unknown.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect(unknown.body.data).toBeNull();
});
