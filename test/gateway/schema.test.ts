/** The committed SDL, introspection, the example operations and the typed documents generated from them. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  buildSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  parse,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { SCHEMA_FILE, gatewaySdl } from '../../src/gateway/schema/sdl';
import type { RunningGateway } from '../../src/gateway/server';
import { postJson } from './support/graphql';
import { startOfflineGateway } from './support/unreachable-upstream';

const ROOT = resolve(__dirname, '../..');
const OPERATIONS = join(ROOT, 'schema/operations');

function operationFiles(dir = OPERATIONS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? operationFiles(join(dir, entry.name)) : entry.name.endsWith('.graphql') ? [join(dir, entry.name)] : [],
  );
}

test('schema/schema.graphql is what the code emits (run `npm run schema:emit` when this fails)', async () => {
  expect(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8')).toBe(await gatewaySdl());
});

test('the public root fields keep their names and signatures', () => {
  const schema = buildSchema(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8'));
  const signature = (type: 'Query' | 'Mutation', name: string) => {
    const field = (type === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[name];
    return `${name}(${field.args.map((arg) => `${arg.name}: ${arg.type}`).join(', ')}): ${field.type}`;
  };
  expect(signature('Query', 'databases')).toBe('databases(): [FeatureDatabase!]!');
  expect(signature('Query', 'database')).toBe('database(id: ID!): FeatureDatabase');
  expect(signature('Mutation', 'createDatabase')).toBe('createDatabase(name: String!, maxSize: Int!, description: String): FeatureDatabase!');
  expect(signature('Mutation', 'deleteDatabase')).toBe('deleteDatabase(id: ID!): ID!');
  expect(signature('Mutation', 'deleteFeature')).toBe('deleteFeature(databaseId: ID!, id: ID!): ID!');
  expect(signature('Mutation', 'addFeatures')).toBe('addFeatures(databaseId: ID!, features: [NewFeatureInput!]!): [AddFeatureResult!]!');
  expect(signature('Mutation', 'checkQuality')).toBe('checkQuality(image: ImageInput!, rectangle: RectangleInput): QualityReport!');
  expect(signature('Mutation', 'searchFaces')).toBe(
    'searchFaces(databaseIds: [ID!]!, image: ImageInput!, rectangle: RectangleInput, topK: Int!, minScore: Float!): SearchResult!',
  );
  const search = schema.getMutationType()!.getFields().searchFaces;
  expect(Object.fromEntries(search.args.map((arg) => [arg.name, arg.defaultValue]))).toMatchObject({ topK: 10, minScore: 0 });
  expect(signature('Mutation', 'compareFaces')).toBe(
    'compareFaces(one: ImageInput!, oneRectangle: RectangleInput, another: ImageInput!, anotherRectangle: RectangleInput): Comparison!',
  );
  const imageInput = schema.getType('ImageInput') as GraphQLInputObjectType;
  expect(imageInput.isOneOf).toBe(true);
  expect(Object.values(imageInput.getFields()).map((field) => `${field.name}: ${field.type}`).sort()).toEqual(['base64: String', 'file: Upload']);
  const createdAt = (type: string) => (schema.getType(type) as GraphQLObjectType).getFields().createdAt.type.toString();
  expect([createdAt('FeatureDatabase'), createdAt('Feature')]).toEqual(['DateTime', 'DateTime']);
});

test('every type, field, argument and enum value has a description', () => {
  const schema = buildSchema(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8'));
  const undescribed: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!type.description) undescribed.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) undescribed.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description) undescribed.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) undescribed.push(`${type.name}.${value.name}`);
  }
  expect(undescribed).toEqual([]);
});

test('the enums a frontend switches on are in the schema, and every code error masking lets through is one of them', () => {
  const schema = buildSchema(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8'));
  const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((value) => value.name);
  expect(values('ImageOutcome')).toEqual(expect.arrayContaining(['SUCCESS', 'UNSUPPORTED_IMAGE_FORMAT', 'NO_FACE', 'DATABASE_FULL', 'NOT_PROCESSED', 'OTHER']));
  expect(values('QualityField')).toEqual(expect.arrayContaining(['ANGLE_YAW', 'QUALITY_ALIGN_SCORE', 'OCCLUSION_FACE_LINE', 'RESULT_CODE']));
  // Apollo's own codes reach clients too: each must be published
  expect(values('ErrorCode')).toEqual(expect.arrayContaining([...Object.values(ApolloServerErrorCode), 'UNAUTHENTICATED', 'FORBIDDEN', 'UPSTREAM_TIMEOUT']));
  const addResult = schema.getType('AddFeatureResult') as GraphQLObjectType;
  expect(addResult.getFields().errorCode.type.toString()).toBe('ErrorCode');
  expect(addResult.getFields().outcome.type.toString()).toBe('ImageOutcome!');
});

test('schema/operations holds one operation per root field', () => {
  const schema = buildSchema(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8'));
  const rootFields = [
    ...Object.keys(schema.getQueryType()!.getFields()).map((name) => `query.${name}`),
    ...Object.keys(schema.getMutationType()!.getFields()).map((name) => `mutation.${name}`),
  ].sort();
  const covered = operationFiles(OPERATIONS)
    .filter((file) => !file.includes('/quickstart/'))
    .flatMap((file) => parse(readFileSync(file, 'utf8')).definitions)
    .filter((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition')
    .flatMap((operation) =>
      operation.selectionSet.selections.map((selection) => `${operation.operation}.${selection.kind === 'Field' ? selection.name.value : '?'}`),
    )
    .sort();
  expect(covered).toEqual(rootFields);
});

describe('over HTTP', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    // introspection and validation never call the upstream: an unreachable one is fine here
    gateway = await startOfflineGateway();
  });
  afterAll(() => gateway?.close());

  test('introspection works', async () => {
    const answer = await postJson(gateway.url, getIntrospectionQuery());
    expect(answer.body.errors).toBeUndefined();
    const types = answer.body.data.__schema.types.map((type: { name: string }) => type.name);
    expect(types).toEqual(expect.arrayContaining(['FeatureDatabase', 'ImageInput', 'Upload', 'JSON', 'QualityReport']));
  });

  test('a JSON body over the limit is 413 and malformed JSON is 400, both as GraphQL-shaped JSON', async () => {
    const big = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($i: ImageInput!) { checkQuality(image: $i) { rotation } }', variables: { i: { base64: 'A'.repeat(2 * 1024 * 1024) } } }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ errors: [{ message: 'request entity too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const malformed = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  test('an unreachable upstream is UPSTREAM_UNAVAILABLE, and the gateway keeps answering', async () => {
    const answer = await postJson(gateway.url, '{ databases { id } }');
    expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(answer.body.data).toBeNull();
    const health = await fetch(gateway.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    const ready = await fetch(gateway.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: expect.stringMatching(/Face API unreachable|circuit/) });
  });
});

test('codegen generates typed documents offline and they type-check', () => {
  const out = mkdtempSync(join(tmpdir(), 'codegen-'));
  try {
    // the project's own codegen.yml, run by the CLI, only with the output directory moved to the temp dir
    const config = readFileSync(join(ROOT, 'codegen.yml'), 'utf8');
    expect(config).toContain('schema/generated/:');
    writeFileSync(join(out, 'codegen.yml'), config.replace('schema/generated/:', `${JSON.stringify(`${out}/gql/`)}:`));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', join(out, 'codegen.yml')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    // a frontend-style use of a generated document: variables and result are typed
    writeFileSync(
      join(out, 'use.ts'),
      `import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CreateDatabaseDocument, type CreateDatabaseMutation, type CreateDatabaseMutationVariables, type AddFeaturesMutation, type DatabasesQuery, type ImageOutcome } from './gql/graphql';
const doc: TypedDocumentNode<CreateDatabaseMutation, CreateDatabaseMutationVariables> = CreateDatabaseDocument;
const variables: CreateDatabaseMutationVariables = { name: 'foo', maxSize: 1000 };
export const id = (result: CreateDatabaseMutation): string => result.createDatabase.id;
export const created = (result: DatabasesQuery): Array<string | null | undefined> => result.databases.map((db) => db.createdAt);
// an exhaustive switch on the outcome enum: adding a value to the schema breaks this until it is handled
export function say(outcome: ImageOutcome): string {
  switch (outcome) {
    case 'SUCCESS': return 'added';
    case 'INVALID_IMAGE_DATA': case 'UNSUPPORTED_IMAGE_FORMAT': return 'not an image we can read';
    case 'IMAGE_TOO_LARGE': return 'too large';
    case 'NO_FACE': case 'FACE_TOO_SMALL': return 'no usable face';
    case 'INVALID_RECTANGLE': return 'region outside the photo';
    case 'DATABASE_FULL': return 'database full';
    case 'NOT_PROCESSED': case 'OTHER': return 'not added';
    default: { const unhandled: never = outcome; return unhandled; }
  }
}
export const outcomes = (result: AddFeaturesMutation) => result.addFeatures.map((r) => say(r.outcome) + (r.errorCode === 'UPSTREAM_TIMEOUT' ? '?' : ''));
export { doc, variables };
`,
    );
    writeFileSync(
      join(out, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          lib: ['ES2022', 'DOM'],
          baseUrl: '.',
          paths: { '*': [join(ROOT, 'node_modules/*'), join(ROOT, 'node_modules/@types/*')] },
          types: [],
          skipLibCheck: true,
        },
        include: ['**/*.ts'],
      }),
    );
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', out], { stdio: 'pipe' });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120000);
