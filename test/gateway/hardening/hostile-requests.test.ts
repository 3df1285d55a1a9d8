/**
 * Hostile requests against a real gateway (in front of a real local Face API): each gets a clear error and
 * status, the gateway keeps serving, and memory stays bounded over a burst of them.
 * Already covered elsewhere (not repeated here): depth and alias bombs (access-wiring.test.ts); more files than
 * allowed, a file of 8 MB, a missing preflight header, invalid base64, both/neither of file and base64, a client
 * disconnecting mid-file (uploads.test.ts).
 */
import { request } from 'node:http';
import { postBody, postJson, postMultipart, type GraphQLResponse } from '../support/graphql';
import { startStack, type Stack } from '../support/stack';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../../../src/gateway/limits/document-size';

let stack: Stack;
const MB = 1024 * 1024;

beforeAll(async () => {
  stack = await startStack({ maxFiles: 4 });
}, 120000);
afterAll(() => stack?.close());

type RawAnswer = GraphQLResponse;

/** A POST with any body and content type; the answer must still be GraphQL-shaped JSON. */
function post(body: string | Buffer, contentType: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return postBody(stack.gateway.url, body, { 'content-type': contentType, ...headers });
}

const json = (payload: unknown) => post(JSON.stringify(payload), 'application/json');

async function stillServing(): Promise<void> {
  const answer = await postJson(stack.gateway.url, '{ databases { id } }');
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
}

function firstError(answer: RawAnswer) {
  return { status: answer.status, code: answer.body.errors?.[0]?.extensions?.code, message: answer.body.errors?.[0]?.message };
}

interface Expected {
  status: number;
  code: string;
  message: RegExp;
}

const LIST = '{ databases { id } }';
const QUALITY = 'mutation($image: ImageInput!) { checkQuality(image: $image) { result { code ok message } } }';

/** A multipart body whose file part and closing boundary never come, though the request itself ends cleanly. */
function truncatedMultipart(): Promise<RawAnswer> {
  const boundary = 'truncated-boundary';
  const operations = JSON.stringify({ query: QUALITY, variables: { image: { file: null } } });
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.image.file"]}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff`;
  return post(body, `multipart/form-data; boundary=${boundary}`, { 'apollo-require-preflight': 'true' });
}

const ATTACKS: Array<[string, () => Promise<RawAnswer>, Expected]> = [
  [
    'directive bomb (200 @include)',
    () => json({ query: `{ databases { id ${'@include(if: true) '.repeat(200)} } }` }),
    { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Directives limit of 20 exceeded/ },
  ],
  [
    '5 MB query',
    () => json({ query: `{ databases { ${'id '.repeat((5 * MB) / 3)} } }` }),
    { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Document contains more that 3000 tokens/ },
  ],
  [
    'query of 5000 tokens',
    () => json({ query: `{ databases { id } ${'__typename '.repeat(5000)} }` }),
    { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Document contains more that 3000 tokens/ },
  ],
  [
    '5000 variable definitions',
    () => json({ query: `query(${Array.from({ length: 5000 }, (_, i) => `$v${i}: Int`).join(', ')}) { databases { id } }` }),
    { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Document contains more that 3000 tokens/ },
  ],
  [
    'a JSON array body (batch)',
    () => json([{ query: LIST }, { query: LIST }]),
    { status: 400, code: 'BAD_REQUEST', message: /^Operation batching disabled\.$/ },
  ],
  [
    'text/plain content type',
    () => post(JSON.stringify({ query: LIST }), 'text/plain'),
    { status: 400, code: 'BAD_REQUEST', message: /Cross-Site Request Forgery/ },
  ],
  [
    'invalid JSON',
    () => post('{"query": "{ databases { id } }"', 'application/json'),
    { status: 400, code: 'BAD_REQUEST', message: /JSON/ },
  ],
  [
    'JSON without a query',
    () => json({ variables: {} }),
    { status: 400, code: 'BAD_REQUEST', message: /must contain a non-empty `query`/ },
  ],
  [
    'a truncated multipart body (no closing boundary)',
    truncatedMultipart,
    // the file part is read by the resolver's image, so the failure is that image's, inside a 200 answer
    { status: 200, code: 'BAD_USER_INPUT', message: /^image: (upload failed: )?Unexpected end of form$/ },
  ],
];

test.each(ATTACKS)('%s', async (_name, attack, expected) => {
  const answer = await attack();
  const error = answer.body.errors?.[0];
  expect({ status: answer.status, code: error?.extensions?.code }).toEqual({ status: expected.status, code: expected.code });
  expect(error?.message).toMatch(expected.message);
  expect(JSON.stringify(answer.body)).not.toMatch(/stacktrace|\/work\/|node_modules/);
  await stillServing();
});

test('a text file sent as a photo is per-image data: format not recognised', async () => {
  const answer = await postMultipart(stack.gateway.url, QUALITY, { image: { file: null } }, [
    { path: 'variables.image.file', content: new Blob(['just some text, not a photo']), name: 'notes.txt' },
  ]);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.checkQuality.result).toEqual({ code: 1002, ok: false, message: expect.stringMatching(/image format not recognised/) });
  await stillServing();
});

test('a 5 MB comment is refused by the document size cap; a comment under it and 20 000 unused variable values are answered normally', async () => {
  const huge = await json({ query: `# ${'x'.repeat(5 * MB)}\n${LIST}` });
  expect(huge.status).toBe(400);
  expect(huge.body.errors?.[0]?.message).toMatch(/GRAPHQL_MAX_DOCUMENT_BYTES/);
  const comment = await json({ query: `# ${'x'.repeat(DEFAULT_MAX_DOCUMENT_BYTES - 100)}\n${LIST}` });
  expect(comment.status).toBe(200);
  expect(comment.body.errors).toBeUndefined();
  const variables = Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`v${i}`, i]));
  const many = await json({ query: LIST, variables });
  expect(many.status).toBe(200);
  expect(many.body.errors).toBeUndefined();
});

/** Upload attacks whose answers uploads.test.ts checks; here they only add to the burst. */
const UPLOAD_BURST: Array<() => Promise<unknown>> = [
  () =>
    postMultipart(stack.gateway.url, QUALITY, { image: { file: null } }, [
      { path: 'variables.image.file', content: new Blob([Buffer.alloc(8 * MB)]) },
    ]),
  () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ path: `variables.images.${i}.file`, content: new Blob([Buffer.alloc(1000)]) }));
    return postMultipart(stack.gateway.url, 'mutation($images: [ImageInput!]!) { detectFaces(images: $images) { index } }', {
      images: files.map(() => ({ file: null })),
    }, files);
  },
];

test('memory stays bounded over a burst of hostile requests', async () => {
  const burst = () => Promise.all([...ATTACKS.map(([, attack]) => attack()), ...UPLOAD_BURST.map((attack) => attack())]);
  await burst(); // warm-up: first-use allocations are not growth
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  const before = process.memoryUsage();
  const rounds = 10;
  for (let round = 0; round < rounds; round++) await burst();
  await stillServing();
  const after = process.memoryUsage();
  // the gateway runs in this process, so its RSS is ours (the test's own 5-8 MB bodies included)
  console.log(
    `hostile burst: ${rounds} rounds of ${ATTACKS.length + UPLOAD_BURST.length} requests; ` +
      `RSS ${mb(before.rss)} → ${mb(after.rss)} MB, heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB`,
  );
  expect((after.rss - before.rss) / MB).toBeLessThan(200);
}, 120000);
