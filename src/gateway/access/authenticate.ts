import { GraphQLError } from 'graphql';
import { matchApiKey, type KeyEntry } from './api-keys';
import type { JwtVerifier } from './jwt';
import type { Principal } from './scopes';

export interface AccessSettings {
  /** false: every caller gets every scope (the embedded default without keys) */
  enabled: boolean;
  apiKeys: readonly KeyEntry[];
  jwt: JwtVerifier | null;
}

const EVERYTHING: Principal = { id: 'anonymous (auth off)', scopes: new Set(['read', 'write', 'admin']) };
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * Resolves the Authorization header of a request to a principal, or throws UNAUTHENTICATED. Given every copy
 * of the header (`req.headersDistinct.authorization`), more than one is refused: Node keeps the first, a proxy
 * in front may have checked another.
 */
export async function authenticate(settings: AccessSettings, header: string | readonly string[] | undefined): Promise<Principal> {
  if (!settings.enabled) return EVERYTHING;
  if (typeof header !== 'string' && header !== undefined && header.length > 1) {
    throw unauthenticated('Send one Authorization header, not several');
  }
  const value = typeof header === 'string' ? header : header?.[0];
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  if (!match) throw unauthenticated('Missing credentials: send "Authorization: Bearer <key>"');
  const token = match[1];
  if (settings.jwt && JWT_SHAPE.test(token)) {
    try {
      return await settings.jwt(token);
    } catch {
      throw unauthenticated('Invalid or expired token');
    }
  }
  const principal = matchApiKey(settings.apiKeys, token);
  if (!principal) throw unauthenticated('Invalid API key');
  return principal;
}
