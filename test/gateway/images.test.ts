/** ImageInput checks that need no upstream: base64 syntax and size, exactly-one-of, rectangles. */
import { GraphQLError } from 'graphql';
import { checkBase64, toOutgoingImage } from '../../src/gateway/images';
import { UploadQueue } from '../../src/gateway/uploads';

function rejection(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return error as GraphQLError;
  }
  throw new Error('not rejected');
}

test('accepts plain, padded, data-URI-prefixed and line-wrapped base64', () => {
  expect(checkBase64('QUJD', 'image')).toBe('QUJD');
  expect(checkBase64('QUI=', 'image')).toBe('QUI=');
  expect(checkBase64('QQ==', 'image')).toBe('QQ==');
  expect(checkBase64('QUJD\nREVG\r\n', 'image')).toBe('QUJDREVG');
  expect(checkBase64('data:image/jpeg;base64,QUJD', 'image')).toBe('QUJD');
});

test.each([
  ['not*base64!', 'invalid characters'],
  ['QU=D', 'padding inside'],
  ['Q===', 'three padding characters'],
  ['QUJDR', 'a length that no byte sequence has'],
  ['QUJD-_', 'base64url alphabet'],
])('refuses %j (%s)', (input) => {
  expect(rejection(() => checkBase64(input, 'images[2]')).message).toBe('images[2]: base64 is not valid base64');
});

test('refuses empty base64 and images of 8 MB or more', () => {
  expect(rejection(() => checkBase64('', 'image')).message).toBe('image: base64 is empty');
  expect(rejection(() => checkBase64(' \n', 'image')).message).toBe('image: base64 is empty');
  const justBelow = Buffer.alloc(8 * 1024 * 1024 - 1).toString('base64');
  expect(checkBase64(justBelow, 'image')).toBe(justBelow);
  const limit = Buffer.alloc(8 * 1024 * 1024).toString('base64');
  expect(rejection(() => checkBase64(limit, 'image')).message).toBe(
    'image: image is 8388608 bytes; images must be smaller than 8388608 bytes (8 MB)',
  );
});

test('exactly one of file and base64, and a sane rectangle', () => {
  const uploads = new UploadQueue();
  expect(rejection(() => toOutgoingImage({}, 'one', uploads)).message).toBe('one: give exactly one of "file" or "base64"');
  expect(rejection(() => toOutgoingImage({ base64: 'QUJD', file: new Promise(() => undefined) }, 'one', uploads)).message).toBe(
    'one: give exactly one of "file" or "base64"',
  );
  expect(
    rejection(() => toOutgoingImage({ base64: 'QUJD', rectangle: { top: -1, left: 0, width: 10, height: 10 } }, 'one', uploads)).message,
  ).toBe('one: rectangle needs top, left ≥ 0 and width, height > 0');
  expect(toOutgoingImage({ base64: 'QUJD', rectangle: { top: 1, left: 2, width: 3, height: 4 } }, 'one', uploads)).toEqual({
    data: 'QUJD',
    rectangle: { top: 1, left: 2, width: 3, height: 4 },
  });
});
