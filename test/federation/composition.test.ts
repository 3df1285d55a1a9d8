/**
 * Composition (examples/federation/compose.ts, @theguild/federation-composition) of this gateway's subgraph
 * SDL with the example's employees subgraph, and what it refuses: a key field that does not exist, a key
 * field whose type differs between subgraphs, a field two subgraphs resolve without @shareable.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import { composeSupergraph } from '../../examples/federation/compose';
import { buildSubgraphGatewaySchema } from '../../src/gateway/federation/subgraph-schema';

const EMPLOYEES_SDL = readFileSync(join(__dirname, '../../examples/federation/employees/schema.graphql'), 'utf8');
let dir: string;
let facesFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'composition-'));
  facesFile = join(dir, 'faces.graphql');
  // what the subgraph serves to routers
  const served = await execute({ schema: await buildSubgraphGatewaySchema({ serveSdl: true }), document: parse('{ _service { sdl } }') });
  writeFileSync(facesFile, (served.data as { _service: { sdl: string } })._service.sdl);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compose(employeesSdl: string): Promise<string> {
  const employeesFile = join(dir, `employees-${Math.random()}.graphql`);
  writeFileSync(employeesFile, employeesSdl);
  return composeSupergraph({
    subgraphs: {
      faces: { routing_url: 'http://faces.test/graphql', schema: { file: facesFile } },
      employees: { routing_url: 'http://employees.test/graphql', schema: { file: employeesFile } },
    },
  });
}

test('the example composes: Feature joined from both subgraphs by its key, Feature.employee from employees', async () => {
  const supergraph = await compose(EMPLOYEES_SDL);
  expect(supergraph).toMatch(/type Feature\s+@join__type\(graph: EMPLOYEES, key: "databaseId id"\)\s+@join__type\(graph: FACES, key: "databaseId id"\)/);
  expect(supergraph).toMatch(/employee: Employee @join__field\(graph: EMPLOYEES\)/);
  // ImageInput stays exclusive (a file or base64) in the supergraph, so the router validates it too
  expect(supergraph).toMatch(/input ImageInput[^{]*@oneOf/);
  expect(supergraph).toMatch(/searchFaces\([\s\S]*?\): SearchResult! @join__field\(graph: FACES\)/);
});

test('a key on a field the type does not have is refused', async () => {
  await expect(compose(EMPLOYEES_SDL.replace('@key(fields: "databaseId id")', '@key(fields: "faceId")'))).rejects.toThrow(/faceId/);
});

test('a key field of another type than in the faces subgraph is refused', async () => {
  const changed = EMPLOYEES_SDL.replace('  """The feature\'s id (key field)."""\n  id: ID!', '  """The feature\'s id (key field)."""\n  id: Int!');
  expect(changed).not.toBe(EMPLOYEES_SDL);
  await expect(compose(changed)).rejects.toThrow(/Feature\.id/);
});

test('a field both subgraphs resolve without @shareable is refused', async () => {
  const changed = EMPLOYEES_SDL.replace('  employee: Employee\n}', '  employee: Employee\n  extraInfo: String\n}');
  expect(changed).not.toBe(EMPLOYEES_SDL);
  await expect(compose(changed)).rejects.toThrow(/Feature\.extraInfo/);
});
