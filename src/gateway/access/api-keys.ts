import { createHash, timingSafeEqual } from 'node:crypto';
import { isScope, type Principal, type Scope } from './scopes';

/** One configured client key, kept only as a SHA-256 digest so comparisons are constant-time and keys never sit in logs. */
interface KeyEntry {
  digest: Buffer;
  principal: Principal;
}

export class ApiKeyConfigError extends Error {}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Parses GATEWAY_API_KEYS: comma-separated `key:scopes`, scopes joined by `+` (e.g. `k1:read+write,k2:read`).
 * Principals are labelled `key#N` (position in the list) so logs can tell clients apart without the key.
 */
export function parseApiKeys(spec: string): KeyEntry[] {
  const entries: KeyEntry[] = [];
  const seen = new Set<string>();
  spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .forEach((part, index) => {
      const colon = part.lastIndexOf(':');
      const key = colon > 0 ? part.slice(0, colon) : '';
      const scopeList = colon > 0 ? part.slice(colon + 1) : '';
      const label = `key#${index + 1}`;
      if (!key || !scopeList) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1} must look like "key:read+write"`);
      if (key.length < 8) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1}: a key needs at least 8 characters`);
      if (seen.has(key)) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1} repeats an earlier key`);
      seen.add(key);
      const scopes = new Set<Scope>();
      for (const scope of scopeList.split('+')) {
        if (!isScope(scope)) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1}: unknown scope "${scope}" (use read, write, admin)`);
        scopes.add(scope);
      }
      entries.push({ digest: digest(key), principal: { id: label, scopes } });
    });
  return entries;
}

/** Finds the principal of a presented key. Compares against every entry so timing does not reveal which matched. */
export function matchApiKey(entries: readonly KeyEntry[], presented: string): Principal | null {
  const presentedDigest = digest(presented);
  let found: Principal | null = null;
  for (const entry of entries) {
    if (timingSafeEqual(entry.digest, presentedDigest)) found = entry.principal;
  }
  return found;
}

export type { KeyEntry };
