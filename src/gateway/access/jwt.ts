import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isScope, type Principal, type Scope } from './scopes';

export interface JwtSettings {
  /** HS256 shared secret */
  secret?: string;
  /** path to a JWKS JSON file (RS256/ES256 public keys) */
  jwksFile?: string;
  issuer?: string;
  audience?: string;
  /** the longest a token may be valid for, in seconds (GATEWAY_JWT_MAX_LIFETIME_SECONDS); default DEFAULT_MAX_LIFETIME_SECONDS */
  maxLifetimeSeconds?: number;
}

/** One day: the longest access-token lifetime of the common identity providers' defaults. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 60 * 60;

export type JwtVerifier = (token: string) => Promise<Principal>;

/** Scopes come from the OAuth `scope` claim (space-separated) or a `scopes` array; unknown ones are ignored. */
function scopesOf(payload: JWTPayload): Set<Scope> {
  const claim = payload.scope ?? payload.scopes;
  const names = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim.map(String) : [];
  return new Set(names.filter(isScope));
}

/** Builds a verifier with jose; the key material is read once at start-up. Returns null when JWT is not configured. */
export function createJwtVerifier(settings: JwtSettings): JwtVerifier | null {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (settings.secret) {
    key = new TextEncoder().encode(settings.secret);
    algorithms = ['HS256'];
  } else if (settings.jwksFile) {
    key = createLocalJWKSet(JSON.parse(readFileSync(settings.jwksFile, 'utf8')));
    algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
  } else {
    return null;
  }
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  return async (token) => {
    // a token without `exp` would be valid forever: refused
    const options = { algorithms, issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp'] };
    const { payload } =
      key instanceof Uint8Array ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    checkLifetime(payload, maxLifetime);
    return { id: `jwt:${payload.sub ?? 'anonymous'}`, scopes: scopesOf(payload) };
  };
}

/**
 * A token may be valid for at most `maxLifetime` seconds: from its `iat` when it has one, and from now in any
 * case (a token without `iat` cannot claim a long life either).
 */
function checkLifetime(payload: JWTPayload, maxLifetime: number): void {
  const exp = payload.exp as number; // required and checked numeric by jwtVerify
  const now = Math.floor(Date.now() / 1000);
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if (exp - from > maxLifetime) throw new Error(`token lifetime exceeds ${maxLifetime} s`);
}
