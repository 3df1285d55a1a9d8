import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ApiKeyConfigError, matchApiKey, parseApiKeys } from '../../../src/gateway/access/api-keys';
import { authenticate, type AccessSettings } from '../../../src/gateway/access/authenticate';
import { createJwtVerifier } from '../../../src/gateway/access/jwt';

const keys = parseApiKeys('reader-key-1:read, writer-key-22:read+write ,admin-key-333:read+write+admin');

describe('GATEWAY_API_KEYS parsing', () => {
  it('reads keys with their scopes and labels them by a short hash of the key', () => {
    const hash = createHash('sha256').update('writer-key-22').digest('hex').slice(0, 8);
    expect(matchApiKey(keys, 'writer-key-22')).toEqual({ id: `key-${hash}`, scopes: new Set(['read', 'write']) });
    expect(matchApiKey(keys, 'admin-key-333')?.scopes.has('admin')).toBe(true);
    expect(matchApiKey(keys, 'reader-key-1 ')).toBeNull();
    expect(matchApiKey(keys, 'unknown-key')).toBeNull();
  });

  it('names a key with name=key; a key containing "=" (base64 padding) stays whole', () => {
    const named = parseApiKeys('mobile-app=abcdefgh-123:read,c2VjcmV0LWtleQ==:write');
    expect(matchApiKey(named, 'abcdefgh-123')?.id).toBe('mobile-app');
    expect(matchApiKey(named, 'mobile-app=abcdefgh-123')).toBeNull();
    expect(matchApiKey(named, 'c2VjcmV0LWtleQ==')?.id).toMatch(/^key-[0-9a-f]{8}$/);
    expect(() => parseApiKeys('web=abcdefgh-1:read,web=abcdefgh-2:read')).toThrow(/repeats the name "web"/);
  });

  it.each([
    ['no scopes', 'abcdefgh'],
    ['empty scopes', 'abcdefgh:'],
    ['unknown scope', 'abcdefgh:read+delete'],
    ['short key', 'abc:read'],
    ['repeated key', 'abcdefgh:read,abcdefgh:write'],
  ])('rejects %s with a message that does not echo the key', (_, spec) => {
    expect(() => parseApiKeys(spec)).toThrow(ApiKeyConfigError);
    try {
      parseApiKeys(spec);
    } catch (error) {
      expect((error as Error).message).not.toContain('abcdefgh');
    }
  });
});

describe('request authentication', () => {
  const on: AccessSettings = { enabled: true, apiKeys: keys, jwt: null };

  it('lets everything through with every scope when auth is off', async () => {
    const principal = await authenticate({ enabled: false, apiKeys: [], jwt: null }, undefined);
    expect([...principal.scopes].sort()).toEqual(['admin', 'read', 'write']);
  });

  it.each([undefined, '', 'reader-key-1', 'Basic cmVhZGVy', 'Bearer', 'Bearer wrong-key-000'])(
    'answers UNAUTHENTICATED to %p',
    async (header) => {
      await expect(authenticate(on, header)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    },
  );

  it('accepts a valid bearer key', async () => {
    await expect(authenticate(on, 'Bearer reader-key-1')).resolves.toMatchObject({ id: expect.stringMatching(/^key-[0-9a-f]{8}$/) });
  });
});

describe('JWT bearer tokens', () => {
  const secret = 'a-long-enough-test-secret-for-hs256!';

  it('verifies HS256 tokens and reads their scope claim', async () => {
    const settings: AccessSettings = { enabled: true, apiKeys: keys, jwt: createJwtVerifier({ secret, issuer: 'tests' }) };
    const token = await new SignJWT({ scope: 'read write' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('tests')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    await expect(authenticate(settings, `Bearer ${token}`)).resolves.toEqual({ id: 'jwt:alice', scopes: new Set(['read', 'write']) });

    const expired = await new SignJWT({ scope: 'read' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('tests')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(secret));
    await expect(authenticate(settings, `Bearer ${expired}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });

    const wrongIssuer = await new SignJWT({ scope: 'read' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('elsewhere')
      .setExpirationTime('5m').sign(new TextEncoder().encode(secret));
    await expect(authenticate(settings, `Bearer ${wrongIssuer}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });

    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"scope":"admin"}').toString('base64url')}.`;
    await expect(authenticate(settings, `Bearer ${unsigned}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('verifies RS256 tokens against a JWKS file', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwksFile = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] }));
    const settings: AccessSettings = { enabled: true, apiKeys: [], jwt: createJwtVerifier({ jwksFile }) };
    const token = await new SignJWT({ scopes: ['read', 'admin', 'bogus'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('svc').setExpirationTime('5m').sign(privateKey);
    await expect(authenticate(settings, `Bearer ${token}`)).resolves.toEqual({ id: 'jwt:svc', scopes: new Set(['read', 'admin']) });
  });
});
