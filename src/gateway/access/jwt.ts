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
}

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
  return async (token) => {
    const options = { algorithms, issuer: settings.issuer, audience: settings.audience };
    const { payload } =
      key instanceof Uint8Array ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    return { id: `jwt:${payload.sub ?? 'anonymous'}`, scopes: scopesOf(payload) };
  };
}
