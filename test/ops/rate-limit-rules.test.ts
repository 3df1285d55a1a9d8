/** GATEWAY_RATE_LIMIT / GATEWAY_RATE_LIMITS parsing, and what an operation costs in each bucket. */
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationCost } from '../../src/gateway/limits/rate-limit-cost';
import { parseRateLimitRules } from '../../src/gateway/limits/rate-limit-rules';
import { loadConfig } from '../../src/config';

describe('rules', () => {
  test('the default operations limit and specific ones, per bucket and per client', () => {
    const rules = parseRateLimitRules('100/minute', 'images=5000/day, searchFaces=60/minutes,kiosk:searchFaces=600/minute,jwt:user-1:operations=5/second');
    expect(rules.map(({ bucket, client, points, durationSeconds }) => ({ bucket, client, points, durationSeconds }))).toEqual([
      { bucket: 'operations', client: undefined, points: 100, durationSeconds: 60 },
      { bucket: 'images', client: undefined, points: 5000, durationSeconds: 86400 },
      { bucket: 'searchFaces', client: undefined, points: 60, durationSeconds: 60 },
      { bucket: 'searchFaces', client: 'kiosk', points: 600, durationSeconds: 60 },
      { bucket: 'operations', client: 'jwt:user-1', points: 5, durationSeconds: 1 },
    ]);
  });

  test.each([
    ['GATEWAY_RATE_LIMIT', { GATEWAY_RATE_LIMIT: '10 per minute' }, /GATEWAY_RATE_LIMIT must look like <count>\/<second\|minute\|hour\|day>/],
    ['zero', { GATEWAY_RATE_LIMIT: '0/minute' }, /count of at least 1/],
    ['unit', { GATEWAY_RATE_LIMITS: 'images=10/week' }, /must look like/],
    ['bucket', { GATEWAY_RATE_LIMITS: 'bad bucket=1/day' }, /is not a bucket name/],
    ['shape', { GATEWAY_RATE_LIMITS: 'images' }, /must look like \[client:\]bucket=count\/unit/],
    ['repeat', { GATEWAY_RATE_LIMIT: '5/second', GATEWAY_RATE_LIMITS: 'operations=9/second' }, /repeats the limit/],
    ['redis', { REDIS_URL: 'localhost:6379' }, /REDIS_URL must start with redis:\/\//],
    ['metrics port', { METRICS_PORT: 'x' }, /METRICS_PORT must be an integer/],
    ['log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    ['manifest', { GATEWAY_TRUSTED_DOCUMENTS: '/nonexistent/persisted-documents.json' }, /GATEWAY_TRUSTED_DOCUMENTS: cannot read/],
  ])('a bad value stops start-up with a message naming it (%s)', (_, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('every bad value is named at once', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud', LOG_FORMAT: 'xml', METRICS_PORT: 'x', REDIS_URL: 'localhost' })).toThrow(
      /LOG_LEVEL must be one of .*\n.*LOG_FORMAT must be json or pretty.*\n.*METRICS_PORT must be an integer.*\n.*REDIS_URL must start/,
    );
  });
});

describe('operation cost', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8'));
  const cost = (document: string, variables: Record<string, unknown> = {}) => {
    const parsed = parse(document);
    const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    const fragments = Object.fromEntries(parsed.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d]] : [])));
    return Object.fromEntries(operationCost(schema.getRootType(operation.operation)!, operation, fragments, variables));
  };
  const image = { base64: 'AAAA' };

  test('a 16-photo add costs 16 images and 16 addFeatures points', () => {
    const features = Array.from({ length: 16 }, () => ({ image }));
    expect(cost('mutation($f: [NewFeatureInput!]!) { addFeatures(databaseId: "d", features: $f) { ok } }', { f: features })).toEqual({ operations: 1, addFeatures: 16, images: 16 });
  });

  test('images counted through literals, aliases and fragments; reads cost 1 per field', () => {
    expect(
      cost(`mutation($i: ImageInput!) {
        a: searchFaces(databaseIds: ["d"], image: $i) { matches { score } }
        ...More
      }
      fragment More on Mutation { compareFaces(one: { base64: "AA" }, another: $i) { score } }`, { i: image }),
    ).toEqual({ operations: 1, searchFaces: 1, compareFaces: 2, images: 3 });
    expect(cost('{ databases { id } d2: databases { id } }')).toEqual({ operations: 1, databases: 2 });
    expect(cost('mutation { detectFaces(images: [{ base64: "A" }, { base64: "B" }, { base64: "C" }]) { faces { score } } }')).toEqual({ operations: 1, detectFaces: 3, images: 3 });
  });
});
