/** The committed SDL, introspection, the example operations and the typed documents generated from them. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSchema, getIntrospectionQuery, parse, type GraphQLInputObjectType, type OperationDefinitionNode } from 'graphql';
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
  expect(signature('Mutation', 'deleteDatabase')).toBe('deleteDatabase(id: ID!): Boolean!');
  expect(signature('Mutation', 'addFeatures')).toBe('addFeatures(databaseId: ID!, features: [NewFeatureInput!]!): [AddFeatureResult!]!');
  expect(signature('Mutation', 'checkQuality')).toBe('checkQuality(image: ImageInput!): QualityReport!');
  expect(signature('Mutation', 'searchFaces')).toBe('searchFaces(databaseIds: [ID!]!, image: ImageInput!, topK: Int, minScore: Float): SearchResult!');
  expect(signature('Mutation', 'compareFaces')).toBe('compareFaces(one: ImageInput!, another: ImageInput!): Comparison!');
  const imageInput = schema.getType('ImageInput') as GraphQLInputObjectType;
  expect(Object.values(imageInput.getFields()).map((field) => `${field.name}: ${field.type}`).sort()).toEqual([
    'base64: String',
    'file: Upload',
    'rectangle: RectangleInput',
  ]);
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
import { CreateDatabaseDocument, type CreateDatabaseMutation, type CreateDatabaseMutationVariables } from './gql/graphql';
const doc: TypedDocumentNode<CreateDatabaseMutation, CreateDatabaseMutationVariables> = CreateDatabaseDocument;
const variables: CreateDatabaseMutationVariables = { name: 'foo', maxSize: 1000 };
export const id = (result: CreateDatabaseMutation): string => result.createDatabase.id;
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
