/** Image inputs through the gateway: multipart uploads and base64, limits, exactly-one-of, batching of > 16 images. */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { createDatabase, photoBlob, postJson, postMultipart, samplePhoto } from './support/graphql';
import { appPath, startStack, type Stack } from './support/stack';

let stack: Stack;
let databaseId: string;
const app = appPath();
const EIGHT_MB = 8 * 1024 * 1024;

beforeAll(async () => {
  stack = await startStack({ maxFiles: 20 });
  databaseId = await createDatabase(stack.gateway.url, 'uploads');
}, 120000);
afterAll(() => stack?.close());

const QUALITY = `mutation($image: ImageInput!, $rectangle: RectangleInput) {
  checkQuality(image: $image, rectangle: $rectangle) {
    result { code ok }
    angle { yaw pitch roll }
    quality { distance2center alignScore brightness sharpness mouthOpen missing size }
    occlusion { total eye nose mouth eyebrow faceLine }
    rotation
    face { rectangle { top left width height } }
    assessment { acceptable failures { field value min max } checks { path passed } }
    lenient: assessment(policy: { useDefaults: false, yaw: { min: -90, max: 90 } }) { acceptable failures { field } }
  }
}`;

const ADD = `mutation($db: ID!, $features: [NewFeatureInput!]!) {
  addFeatures(databaseId: $db, features: $features) { index outcome code message ok errorCode feature { id extraInfo databaseId } }
}`;

async function databaseSize(): Promise<number> {
  const answer = await postJson(stack.gateway.url, 'query($id: ID!) { database(id: $id) { size } }', { id: databaseId });
  return answer.body.data.database.size;
}

test('checkQuality with an uploaded photo returns every measure and a verdict', async () => {
  const answer = await postMultipart(stack.gateway.url, QUALITY, { image: { file: null } }, [
    { path: 'variables.image.file', content: photoBlob(2) },
  ]);
  expect(answer.body.errors).toBeUndefined();
  const report = answer.body.data.checkQuality;
  expect(report.result).toEqual({ code: 0, ok: true });
  for (const group of ['angle', 'quality', 'occlusion']) {
    for (const value of Object.values(report[group])) expect(typeof value).toBe('number');
  }
  expect(report.face.rectangle.width).toBeGreaterThan(32);
  expect(typeof report.assessment.acceptable).toBe('boolean');
  expect(report.assessment.acceptable).toBe(report.assessment.failures.length === 0);
  // every measure of the default policy is checked, each passed or not
  expect(report.assessment.checks).toHaveLength(16);
  expect(report.assessment.checks.filter((check: { passed: boolean }) => !check.passed)).toHaveLength(report.assessment.failures.length);
  // a policy that bounds only a generous yaw accepts a frontal sample photo
  expect(report.lenient).toEqual({ acceptable: true, failures: [] });
});

test('the same photo as base64 (with a data: URI prefix) gives the same measures as the upload', async () => {
  const base64 = `data:image/jpeg;base64,${samplePhoto(2).toString('base64')}`;
  const viaJson = await postJson(stack.gateway.url, QUALITY, { image: { base64 } });
  const viaUpload = await postMultipart(stack.gateway.url, QUALITY, { image: { file: null } }, [
    { path: 'variables.image.file', content: photoBlob(2) },
  ]);
  expect(viaJson.body.errors).toBeUndefined();
  expect(viaJson.body.data.checkQuality.quality).toEqual(viaUpload.body.data.checkQuality.quality);
});

test('a multipart request without the preflight header is refused before anything is read or sent', async () => {
  const before = stack.proxy.calls.length;
  const answer = await postMultipart(
    stack.gateway.url,
    QUALITY,
    { image: { file: null } },
    [{ path: 'variables.image.file', content: photoBlob(1) }],
    {},
  );
  expect(answer.status).toBe(400);
  expect(answer.body.errors?.[0].message).toMatch(/Apollo-Require-Preflight/);
  expect(stack.proxy.calls.length).toBe(before);
});

test('a file of 8 MB is refused, never sent truncated, and nothing is stored', async () => {
  const sizeBefore = await databaseSize();
  const tooLarge = new Blob([samplePhoto(1), randomBytes(EIGHT_MB - samplePhoto(1).length)]);
  const answer = await postMultipart(stack.gateway.url, ADD, { db: databaseId, features: [{ image: { file: null } }] }, [
    { path: 'variables.features.0.image.file', content: tooLarge },
  ]);
  expect(answer.body.data).toBeNull();
  expect(answer.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(answer.body.errors?.[0].message).toMatch(/^features\[0\]\.image: image exceeds 8388607 bytes \(images must be smaller than 8 MB\)$/);
  expect(await databaseSize()).toBe(sizeBefore);
  // the gateway keeps serving on the same and on new connections
  expect((await postJson(stack.gateway.url, '{ databases { id } }')).body.errors).toBeUndefined();
});

test('a file just below 8 MB passes the gateway; the upstream judges its content as per-image data', async () => {
  const justBelow = new Blob([randomBytes(EIGHT_MB - 1)]);
  const answer = await postMultipart(stack.gateway.url, ADD, { db: databaseId, features: [{ image: { file: null } }] }, [
    { path: 'variables.features.0.image.file', content: justBelow },
  ]);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.addFeatures).toEqual([
    expect.objectContaining({ index: 0, ok: false, feature: null, code: expect.any(Number) }),
  ]);
  expect(answer.body.data.addFeatures[0].code).not.toBe(0);
});

test('base64 of 8 MB or invalid base64 is BAD_USER_INPUT before any upstream call', async () => {
  const before = stack.proxy.calls.length;
  const large = await postJson(stack.gateway.url, QUALITY, { image: { base64: Buffer.alloc(EIGHT_MB).toString('base64') } });
  expect(large.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(large.body.errors?.[0].message).toMatch(/smaller than 8388608 bytes/);
  const invalid = await postJson(stack.gateway.url, QUALITY, { image: { base64: 'not*base64!' } });
  expect(invalid.body.errors?.[0]).toMatchObject({ message: 'image: base64 is not valid base64', extensions: { code: 'BAD_USER_INPUT' } });
  const empty = await postJson(stack.gateway.url, QUALITY, { image: { base64: '' } });
  expect(empty.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(stack.proxy.calls.length).toBe(before);
});

test('ImageInput needs exactly one of file and base64', async () => {
  const before = stack.proxy.calls.length;
  // ImageInput is @oneOf: graphql-js refuses neither, both, and an explicit null during variable coercion
  const neither = await postJson(stack.gateway.url, QUALITY, { image: {} });
  expect(neither.status).toBe(400);
  expect(neither.body.errors?.[0]).toMatchObject({
    message: expect.stringContaining('Exactly one key must be specified for OneOf type "ImageInput"'),
    extensions: { code: 'BAD_USER_INPUT' },
  });
  const nullBase64 = await postJson(stack.gateway.url, QUALITY, { image: { base64: null } });
  expect(nullBase64.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('must be non-null'), extensions: { code: 'BAD_USER_INPUT' } });
  const literal = await postJson(stack.gateway.url, 'mutation { checkQuality(image: { base64: "QUJD", file: null }) { rotation } }');
  expect(literal.body.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  const both = await postMultipart(stack.gateway.url, QUALITY, { image: { file: null, base64: samplePhoto(1).toString('base64') } }, [
    { path: 'variables.image.file', content: photoBlob(1) },
  ]);
  expect(both.body.errors?.[0]).toMatchObject({
    message: expect.stringContaining('Exactly one key must be specified'),
    extensions: { code: 'BAD_USER_INPUT' },
  });
  // the same document again runs compiled (graphql-jit): still refused before any upstream call
  const bothAgain = await postJson(stack.gateway.url, QUALITY, { image: { base64: 'QUJD', file: 'x' } });
  expect(bothAgain.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  const badRectangle = await postJson(stack.gateway.url, QUALITY, {
    image: { base64: samplePhoto(1).toString('base64') },
    rectangle: { top: 0, left: 0, width: 0, height: 10 },
  });
  expect(badRectangle.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(stack.proxy.calls.length).toBe(before);
});

test('more files than maxFiles is refused with 413', async () => {
  const files = Array.from({ length: 21 }, (_, i) => ({ path: `variables.images.${i}.file`, content: photoBlob(1) }));
  const answer = await postMultipart(
    stack.gateway.url,
    'mutation($images: [ImageInput!]!) { detectFaces(images: $images) { index } }',
    { images: files.map(() => ({ file: null })) },
    files,
  );
  expect(answer.status).toBe(413);
  expect(answer.body.errors?.[0].message).toMatch(/20 max file uploads exceeded/);
});

test('addFeatures with 18 uploads goes upstream as 16 + 2 and answers in input order', async () => {
  stack.proxy.calls.length = 0;
  const count = 18;
  const files = Array.from({ length: count }, (_, i) => ({
    path: `variables.features.${i}.image.file`,
    content: photoBlob((i % 6) + 1),
  }));
  const features = files.map((_, i) => ({ image: { file: null }, extraInfo: `photo-${i}` }));
  const answer = await postMultipart(stack.gateway.url, ADD, { db: databaseId, features }, files);
  expect(answer.body.errors).toBeUndefined();
  const results = answer.body.data.addFeatures;
  expect(results.map((r: { index: number }) => r.index)).toEqual(Array.from({ length: count }, (_, i) => i));
  for (const [i, result] of results.entries()) {
    if (result.ok) expect(result.feature).toMatchObject({ extraInfo: `photo-${i}`, databaseId });
    else expect(result.feature).toBeNull();
  }
  expect(results.filter((r: { ok: boolean }) => r.ok).length).toBeGreaterThanOrEqual(12);
  const adds = stack.proxy.calls.filter((call) => call === `POST ${app}/databases/${databaseId}/features`);
  expect(adds).toHaveLength(2);
}, 120000);

test('compareFaces and detectFaces take uploads', async () => {
  const compared = await postMultipart(
    stack.gateway.url,
    'mutation($a: ImageInput!, $b: ImageInput!) { compareFaces(one: $a, another: $b) { score one { ok } another { ok } oneFace { rectangle { width } } } }',
    { a: { file: null }, b: { file: null } },
    [
      { path: 'variables.a.file', content: photoBlob(1) },
      { path: 'variables.b.file', content: photoBlob(1) },
    ],
  );
  expect(compared.body.errors).toBeUndefined();
  expect(compared.body.data.compareFaces).toMatchObject({ one: { ok: true }, another: { ok: true } });
  expect(compared.body.data.compareFaces.score).toBeGreaterThan(0.9);

  const detected = await postMultipart(
    stack.gateway.url,
    'mutation($images: [ImageInput!]!) { detectFaces(images: $images) { index result { ok } faces { rectangle { width height } score } } }',
    { images: [{ file: null }, { base64: samplePhoto(4).toString('base64') }] },
    [{ path: 'variables.images.0.file', content: photoBlob(3) }],
  );
  expect(detected.body.errors).toBeUndefined();
  const images = detected.body.data.detectFaces;
  expect(images.map((image: { index: number }) => image.index)).toEqual([0, 1]);
  for (const image of images) expect(image.faces.length).toBeGreaterThanOrEqual(1);
});

test('files sent in another order than the variables are still matched to the right images', async () => {
  // parts in reverse order: the gateway needs features.0 first, but it is the last part of the body
  const files = [3, 2, 1].map((n) => ({ path: `variables.features.${n - 1}.image.file`, content: photoBlob(n), name: `sample${n}.jpg` }));
  const features = [1, 2, 3].map((n) => ({ image: { file: null }, extraInfo: `sample${n}` }));
  const orderDb = await createDatabase(stack.gateway.url, 'order', 10);
  const added = await postMultipart(stack.gateway.url, ADD, { db: orderDb, features }, files);
  expect(added.body.errors).toBeUndefined();
  expect(added.body.data.addFeatures.map((r: { ok: boolean; feature: { extraInfo: string } }) => r.ok && r.feature.extraInfo)).toEqual([
    'sample1',
    'sample2',
    'sample3',
  ]);
  // each stored feature is the photo its extraInfo names: searching sample2 finds "sample2" first
  const searched = await postMultipart(
    stack.gateway.url,
    'mutation($db: [ID!]!, $image: ImageInput!) { searchFaces(databaseIds: $db, image: $image, topK: 1) { matches { score feature { extraInfo } } } }',
    { db: [orderDb], image: { file: null } },
    [{ path: 'variables.image.file', content: photoBlob(2) }],
  );
  expect(searched.body.data.searchFaces.matches[0].feature.extraInfo).toBe('sample2');
}, 60000);

test('one file mapped to two images is refused with a clear message', async () => {
  const answer = await postMultipart(
    stack.gateway.url,
    'mutation($a: ImageInput!, $b: ImageInput!) { compareFaces(one: $a, another: $b) { score } }',
    { a: { file: null }, b: { file: null } },
    [{ path: ['variables.a.file', 'variables.b.file'], content: photoBlob(1) }],
  );
  // a file part is streamed once, straight upstream: a second use cannot read it again
  expect(answer.body.errors?.[0]).toMatchObject({
    message: expect.stringMatching(/^(one|another): .*createReadStream\(\) multiple times/),
    extensions: { code: 'BAD_USER_INPUT' },
  });
});

test('a client that disconnects in the middle of a file stores nothing and leaves the gateway serving', async () => {
  const sizeBefore = await databaseSize();
  const boundary = 'cut-off-boundary';
  const operations = JSON.stringify({ query: ADD, variables: { db: databaseId, features: [{ image: { file: null } }] } });
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.features.0.image.file"]}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  const photo = samplePhoto(3);
  const { port } = new URL(stack.gateway.url);
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nApollo-Require-Preflight: true\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + photo.length + 100}\r\n\r\n`,
      );
      socket.write(head);
      // half the photo, then the client is gone
      socket.write(photo.subarray(0, photo.length / 2), () => setTimeout(() => socket.destroy(), 300));
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  await new Promise((wait) => setTimeout(wait, 500));
  expect(await databaseSize()).toBe(sizeBefore);
  expect((await postJson(stack.gateway.url, '{ databases { id } }')).body.errors).toBeUndefined();
});
