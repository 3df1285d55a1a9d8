import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../../settings';
import { isScope, type Principal, type Scope } from './scopes';

/** One configured client key, kept only as a SHA-256 digest so comparisons are constant-time and keys never sit in logs. */
interface KeyEntry {
  digest: Buffer;
  principal: Principal;
}

export class ApiKeyConfigError extends ConfigError {}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

const NAMED = /^([A-Za-z][\w.-]{0,63})=(.{8,})$/;

/** `name=key` names a key; a key that merely contains `=` (base64 padding) stays whole. */
function splitName(entry: string): { name?: string; key: string } {
  const named = NAMED.exec(entry);
  return named ? { name: named[1], key: named[2] } : { key: entry };
}

/**
 * Parses GATEWAY_API_KEYS: comma-separated `[name=]key:scopes`, scopes joined by `+` (e.g. `web=k1:read+write,k2:read`).
 * The principal's id (logs, metrics, rate-limit rules) is the name when given, else `key-` and the first 8 hex
 * digits of the key's SHA-256: stable across reorderings, and never the key itself.
 */
export function parseApiKeys(spec: string): KeyEntry[] {
  const entries: KeyEntry[] = [];
  const seen = new Set<string>();
  const labels = new Set<string>();
  spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .forEach((part, index) => {
      const colon = part.lastIndexOf(':');
      const { name, key } = splitName(colon > 0 ? part.slice(0, colon) : '');
      const scopeList = colon > 0 ? part.slice(colon + 1) : '';
      if (!key || !scopeList) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1} must look like "key:read+write"`);
      if (key.length < 8) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1}: a key needs at least 8 characters`);
      if (seen.has(key)) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1} repeats an earlier key`);
      seen.add(key);
      const label = name ?? `key-${digest(key).toString('hex').slice(0, 8)}`;
      if (labels.has(label)) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1} repeats the name "${label}"`);
      labels.add(label);
      const scopes = new Set<Scope>();
      for (const scope of scopeList.split('+')) {
        if (!isScope(scope)) throw new ApiKeyConfigError(`GATEWAY_API_KEYS entry ${index + 1}: unknown scope "${scope}" (use read, write, admin)`);
        scopes.add(scope);
      }
      entries.push({ digest: digest(key), principal: { id: label, scopes } });
    });
  return entries;
}

/**
 * Keys already accepted, per key list: a SHA-256 per request was ≈ 2 % of the gateway's CPU on a cheap query.
 * Only accepted keys are kept, so the map holds at most one entry per configured key, whatever clients send;
 * a refused key takes the digest path every time.
 */
const accepted = new WeakMap<readonly KeyEntry[], Map<string, Principal>>();

/** Finds the principal of a presented key. Compares against every entry so timing does not reveal which matched. */
export function matchApiKey(entries: readonly KeyEntry[], presented: string): Principal | null {
  let known = accepted.get(entries);
  const hit = known?.get(presented);
  if (hit) return hit;
  const found = compareWithEvery(entries, presented);
  if (found) {
    if (!known) accepted.set(entries, (known = new Map()));
    known.set(presented, found);
  }
  return found;
}

function compareWithEvery(entries: readonly KeyEntry[], presented: string): Principal | null {
  const presentedDigest = digest(presented);
  let found: Principal | null = null;
  for (const entry of entries) {
    if (timingSafeEqual(entry.digest, presentedDigest)) found = entry.principal;
  }
  return found;
}

export type { KeyEntry };
