import { computeSignature, parseAuthorization, signingString, signRequest } from '../../src/face-api-contract';

describe('request signing', () => {
  const fixedDate = new Date('2021-07-09T01:51:02Z');
  const path = '/openapi/face/v1/abc1a8a7-038f-4f9a-b98a-5b602978b135/detect';

  it('builds the signing string exactly as the contract example', () => {
    expect(signingString(fixedDate.toUTCString(), 'post', path)).toBe(
      'x-date: Fri, 09 Jul 2021 01:51:02 GMT\n' +
        'POST /openapi/face/v1/abc1a8a7-038f-4f9a-b98a-5b602978b135/detect HTTP/1.1',
    );
  });

  it('matches an HMAC-SHA256 test vector (RFC 4231 case 2)', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    const hex = Buffer.from(computeSignature('Jefe', 'what do ya want for nothing?'), 'base64').toString('hex');
    expect(hex).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('produces a Kong hmac-auth header that parses back', () => {
    const headers = signRequest({ accessKey: 'ak-1', secretKey: 'secret' }, 'GET', '/openapi/face/v1/app/databases', fixedDate);
    expect(headers['x-date']).toBe('Fri, 09 Jul 2021 01:51:02 GMT');
    const parsed = parseAuthorization(headers.authorization);
    expect(parsed).toEqual({
      username: 'ak-1',
      algorithm: 'hmac-sha256',
      headers: 'x-date request-line',
      signature: computeSignature('secret', signingString(headers['x-date'], 'GET', '/openapi/face/v1/app/databases')),
    });
  });

  it('signs the query string too', () => {
    const a = signRequest({ accessKey: 'a', secretKey: 's' }, 'GET', '/p', fixedDate).authorization;
    const b = signRequest({ accessKey: 'a', secretKey: 's' }, 'GET', '/p?limit=1', fixedDate).authorization;
    expect(a).not.toBe(b);
  });

  it.each([undefined, '', 'Bearer x', 'hmac username="a"', 'hmac username="a", algorithm="x", headers="y"'])(
    'rejects a malformed header %p',
    (header) => expect(parseAuthorization(header)).toBeNull(),
  );
});
