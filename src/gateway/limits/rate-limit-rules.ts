/**
 * Per-client rate limits and quotas, as configured:
 *   GATEWAY_RATE_LIMIT=<count>/<second|minute|hour|day>   every client's operations (1 per GraphQL operation)
 *   GATEWAY_RATE_LIMITS=<rule>,<rule>…                     more specific limits, each `[<client>:]<bucket>=<count>/<unit>`
 * A bucket is `operations`, `images` (every image an operation sends: a 16-photo addFeatures costs 16), or a
 * root field (`searchFaces`, `addFeatures`, …: its images when it takes any, else 1 per call). A rule with a
 * client (an API key's name, `key-<hash>`, or `jwt:<sub>`) replaces the general rule of that bucket for that
 * client only. Example: `images=5000/day,searchFaces=60/minute,kiosk:searchFaces=600/minute`.
 */
import { ConfigError } from '../../settings';

export type Bucket = string;

export interface RateLimitRule {
  bucket: Bucket;
  /** the client this rule is for; undefined: every client without a rule of its own */
  client?: string;
  points: number;
  /** window in seconds */
  durationSeconds: number;
  /** the rule as written, for messages: `searchFaces=60/minute` */
  text: string;
}

export class RateLimitConfigError extends ConfigError {}

const UNITS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };
const CLIENT = /^[\w.:#@-]{1,128}$/;
const BUCKET = /^[A-Za-z_]\w*$/;

/** `100/minute` → points and window; also accepts the plural (`100/minutes`). */
export function parseRate(text: string, name: string): { points: number; durationSeconds: number } {
  const match = /^\s*(\d{1,12})\s*\/\s*(second|minute|hour|day)s?\s*$/i.exec(text);
  if (!match || Number(match[1]) < 1) {
    throw new RateLimitConfigError(`${name} must look like <count>/<second|minute|hour|day> with a count of at least 1, got "${text}"`);
  }
  return { points: Number(match[1]), durationSeconds: UNITS[match[2].toLowerCase()] };
}

function parseRule(entry: string): RateLimitRule {
  const equals = entry.indexOf('=');
  if (equals < 0) throw new RateLimitConfigError(`GATEWAY_RATE_LIMITS entry "${entry}" must look like [client:]bucket=count/unit`);
  const target = entry.slice(0, equals).trim();
  const colon = target.lastIndexOf(':');
  const client = colon >= 0 ? target.slice(0, colon) : undefined;
  const bucket = colon >= 0 ? target.slice(colon + 1) : target;
  if (!BUCKET.test(bucket)) throw new RateLimitConfigError(`GATEWAY_RATE_LIMITS entry "${entry}": "${bucket}" is not a bucket name`);
  if (client !== undefined && !CLIENT.test(client)) throw new RateLimitConfigError(`GATEWAY_RATE_LIMITS entry "${entry}": "${client}" is not a client id`);
  const rate = parseRate(entry.slice(equals + 1), `GATEWAY_RATE_LIMITS entry "${target}"`);
  return { bucket, client, ...rate, text: entry.trim() };
}

/** Both variables as one list of rules; throws RateLimitConfigError on the first bad one. */
export function parseRateLimitRules(defaultLimit: string | undefined, rules: string | undefined): RateLimitRule[] {
  const parsed: RateLimitRule[] = [];
  if (defaultLimit?.trim()) {
    parsed.push({ bucket: 'operations', ...parseRate(defaultLimit, 'GATEWAY_RATE_LIMIT'), text: `operations=${defaultLimit.trim()}` });
  }
  for (const entry of (rules ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const rule = parseRule(entry);
    const clash = parsed.find((other) => other.bucket === rule.bucket && other.client === rule.client);
    if (clash) throw new RateLimitConfigError(`GATEWAY_RATE_LIMITS: "${rule.text}" repeats the limit "${clash.text}"`);
    parsed.push(rule);
  }
  return parsed;
}
