/**
 * The employees subgraph of the federation example: an in-memory directory of people, each with the keys of
 * the face features enrolled for them. Apollo Server + @apollo/subgraph; `PORT` (default 4002, 0 = any).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';

interface FeatureKey {
  databaseId: string;
  id: string;
}

interface Employee {
  id: string;
  name: string;
  faces: FeatureKey[];
}

const employees = new Map<string, Employee>();
/** feature key → employee id, so a face found by searchFaces leads to its person */
const owners = new Map<string, string>();
const keyOf = (feature: FeatureKey) => JSON.stringify([feature.databaseId, feature.id]);

const typeDefs = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));

const resolvers = {
  Query: {
    employees: () => [...employees.values()],
    employee: (_: unknown, { id }: { id: string }) => employees.get(id) ?? null,
  },
  Mutation: {
    addEmployee(_: unknown, { name, faces }: { name: string; faces: FeatureKey[] }): Employee {
      const taken = faces.find((face) => owners.has(keyOf(face)));
      if (taken) throw new GraphQLError(`feature ${taken.id} already belongs to an employee`, { extensions: { code: 'BAD_USER_INPUT' } });
      const employee = { id: String(employees.size + 1), name, faces: faces.map(({ databaseId, id }) => ({ databaseId, id })) };
      employees.set(employee.id, employee);
      for (const face of faces) owners.set(keyOf(face), employee.id);
      return employee;
    },
  },
  Employee: {
    __resolveReference: (reference: { id: string }) => employees.get(reference.id) ?? null,
    // representations of the faces subgraph's Feature entities: the router fetches the rest from there
    faces: (employee: Employee) => employee.faces.map((face) => ({ __typename: 'Feature', ...face })),
  },
  Feature: {
    __resolveReference: (reference: FeatureKey) => reference,
    employee: (feature: FeatureKey) => employees.get(owners.get(keyOf(feature)) ?? '') ?? null,
  },
};

async function main(): Promise<void> {
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }) });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4002), host: '127.0.0.1' } });
  console.log(`Employees subgraph: ${url}`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main().catch((error) => {
  console.error('Employees subgraph failed to start:', error);
  process.exit(1);
});
