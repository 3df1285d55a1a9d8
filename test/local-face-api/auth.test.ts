import { AuthMessages, verifyRequest, type AppCredentials } from '../../src/local-face-api/auth';
import { signRequest } from '../../src/face-api-contract';

const credentials: AppCredentials = { appId: 'app-1', accessKey: 'access-1', secretKey: 'secret-1' };
const path = '/openapi/face/v1/app-1/databases?offset=0';
const now = new Date('2026-11-28T06:00:00Z');

function signed(overrides: Partial<Record<'x-date' | 'authorization', string | undefined>> = {}, at = now) {
  return { ...signRequest(credentials, 'GET', path, at), ...overrides };
}

describe('verifyRequest (Kong hmac-auth semantics)', () => {
  it('accepts a request signed with the configured key, query string included', () => {
    expect(verifyRequest(credentials, 'GET', path, signed(), now)).toBeNull();
  });

  it.each([
    ['no Authorization header', { authorization: undefined }, AuthMessages.MISSING],
    ['no x-date header', { 'x-date': undefined }, AuthMessages.DATE],
    ['an unparseable x-date', { 'x-date': 'yesterday' }, AuthMessages.DATE],
    ['a scheme other than hmac', { authorization: 'Bearer abc' }, AuthMessages.INVALID],
    ['a parameter missing', { authorization: 'hmac username="access-1", algorithm="hmac-sha256"' }, AuthMessages.INVALID],
  ])('refuses %s', (_, overrides, message) => {
    expect(verifyRequest(credentials, 'GET', path, signed(overrides), now)).toBe(message);
  });

  it('refuses an x-date more than 300 s off, either way, and accepts 299 s', () => {
    for (const seconds of [301, -301]) {
      const at = new Date(now.getTime() + seconds * 1000);
      expect(verifyRequest(credentials, 'GET', path, signed({}, at), now)).toBe(AuthMessages.DATE);
    }
    const at = new Date(now.getTime() - 299 * 1000);
    expect(verifyRequest(credentials, 'GET', path, signed({}, at), now)).toBeNull();
  });

  it('refuses an unknown access key', () => {
    const other = signRequest({ accessKey: 'someone-else', secretKey: 'secret-1' }, 'GET', path, now);
    expect(verifyRequest(credentials, 'GET', path, { ...other }, now)).toBe(AuthMessages.INVALID);
  });

  it('refuses an unsupported algorithm or another list of signed headers', () => {
    const good = signed().authorization;
    for (const authorization of [
      good.replace('hmac-sha256', 'hmac-sha1'),
      good.replace('x-date request-line', 'date request-line'),
    ]) {
      expect(verifyRequest(credentials, 'GET', path, signed({ authorization }), now)).toBe(AuthMessages.INVALID);
    }
  });

  it('refuses a wrong secret, another method, another path or a dropped query string', () => {
    const wrongSecret = signRequest({ accessKey: 'access-1', secretKey: 'guess' }, 'GET', path, now);
    expect(verifyRequest(credentials, 'GET', path, { ...wrongSecret }, now)).toBe(AuthMessages.MISMATCH);
    expect(verifyRequest(credentials, 'DELETE', path, signed(), now)).toBe(AuthMessages.MISMATCH);
    expect(verifyRequest(credentials, 'GET', '/openapi/face/v1/app-1/detect', signed(), now)).toBe(AuthMessages.MISMATCH);
    expect(verifyRequest(credentials, 'GET', '/openapi/face/v1/app-1/databases', signed(), now)).toBe(
      AuthMessages.MISMATCH,
    );
  });

  it('refuses a signature with a stray character even if base64 decoding would ignore it', () => {
    const good = signed().authorization;
    const tampered = good.replace(/signature="/, 'signature="!');
    expect(verifyRequest(credentials, 'GET', path, signed({ authorization: tampered }), now)).toBe(
      AuthMessages.MISMATCH,
    );
  });
});
