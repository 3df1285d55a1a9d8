/**
 * The federation example, with one command (`npm run example:federation`): this gateway as the `faces`
 * subgraph (GATEWAY_SUBGRAPH=on, with its embedded local Face API), the `employees` subgraph, the supergraph
 * of supergraph.yaml composed with @theguild/federation-composition, and Hive Gateway serving it.
 * The tests in test/federation/ start the same processes through startFederation().
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, readSupergraphConfig } from './compose';
import { startTs, type Started } from './processes';

export interface FederationOptions {
  /** 0 = any free port */
  routerPort: number;
  facesPort: number;
  employeesPort: number;
  localFaceApiPort: number;
  /** the local Face API's data (SQLite, development credentials) */
  dataDir: string;
  /** GATEWAY_API_KEYS of the faces subgraph (clients send them through the router) */
  apiKeys: string;
  /** a key of apiKeys with the read scope: used to read the faces subgraph's SDL for composition */
  composeKey: string;
  /** copy the processes' output to this one's */
  echo?: boolean;
}

export interface RunningFederation {
  routerUrl: string;
  facesUrl: string;
  employeesUrl: string;
  supergraphSdl: string;
  processes: Started[];
  close(): Promise<void>;
}

const URL_IN_LINE = (label: string) => new RegExp(`${label}: (http://\\S+/graphql)`);

export async function startFederation(options: FederationOptions): Promise<RunningFederation> {
  const processes: Started[] = [];
  const close = async () => {
    await Promise.all(processes.map((started) => started.stop()));
  };
  try {
    const faces = startTs(
      'faces',
      'src/main.ts',
      {
        GATEWAY_SUBGRAPH: 'on',
        PORT: String(options.facesPort),
        LOCAL_FACE_API_PORT: String(options.localFaceApiPort),
        DATA_DIR: options.dataDir,
        GATEWAY_API_KEYS: options.apiKeys,
      },
      options.echo,
    );
    processes.push(faces);
    const employees = startTs('employees', 'examples/federation/employees/server.ts', { PORT: String(options.employeesPort) }, options.echo);
    processes.push(employees);
    const [facesUrl, employeesUrl] = (
      await Promise.all([faces.waitFor(URL_IN_LINE('GraphQL gateway')), employees.waitFor(/Employees subgraph: (http:\/\/\S+)/)])
    ).map((match) => match[1].replace('localhost', '127.0.0.1'));

    const config = readSupergraphConfig(join(__dirname, 'supergraph.yaml'));
    config.subgraphs.faces = { routing_url: facesUrl, schema: { subgraph_url: facesUrl } };
    config.subgraphs.employees.routing_url = employeesUrl;
    const supergraphSdl = await composeSupergraph(config, { authorization: `Bearer ${options.composeKey}` });
    const supergraphFile = join(options.dataDir, 'supergraph.graphql');
    writeFileSync(supergraphFile, supergraphSdl);

    const router = startTs('router', 'examples/federation/router.ts', { SUPERGRAPH: supergraphFile, PORT: String(options.routerPort) }, options.echo);
    processes.push(router);
    const routerUrl = (await router.waitFor(URL_IN_LINE('Hive Gateway \\(router\\)')))[1];
    return { routerUrl, facesUrl, employeesUrl, supergraphSdl, processes, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Real face photos shipped by the @vladmandic/face-api npm package. */
export function samplePhoto(n: number): Blob {
  const file = join(__dirname, '..', '..', 'node_modules', '@vladmandic', 'face-api', 'demo', `sample${n}.jpg`);
  return new Blob([readFileSync(file)], { type: 'image/jpeg' });
}

/** A GraphQL request (JSON, or multipart when files are given: GraphQL multipart request spec). */
export async function graphql(
  url: string,
  key: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
  files: Array<{ path: string; content: Blob }> = [],
): Promise<{ status: number; body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> } }> {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  let body: string | FormData;
  if (files.length === 0) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify({ query, variables });
  } else {
    headers['apollo-require-preflight'] = 'true';
    body = new FormData();
    body.append('operations', JSON.stringify({ query, variables }));
    body.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [file.path]]))));
    files.forEach((file, i) => (body as FormData).append(String(i), file.content, `photo-${i}.jpg`));
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`non-JSON answer ${response.status} from ${url}: ${text.slice(0, 300)}`);
  }
}

export const ENROLL = `mutation($db: ID!, $features: [NewFeatureInput!]!) {
  addFeatures(databaseId: $db, features: $features) { ok message feature { databaseId id } }
}`;

/** Enrolls one photo per person through the router (a multipart upload to the faces subgraph), then the employees. */
export async function enrollEmployees(routerUrl: string, key: string, databaseId: string, people: Array<{ name: string; photo: Blob }>) {
  const features = people.map((person) => ({ image: { file: null }, extraInfo: person.name }));
  const files = people.map((person, i) => ({ path: `variables.features.${i}.image.file`, content: person.photo }));
  const added = await graphql(routerUrl, key, ENROLL, { db: databaseId, features }, files);
  if (!added.body.data?.addFeatures.every((result: { ok: boolean }) => result.ok)) throw new Error(`enrolling failed: ${JSON.stringify(added.body)}`);
  const employees = [];
  for (const [i, person] of people.entries()) {
    const { databaseId: db, id } = added.body.data.addFeatures[i].feature;
    const answer = await graphql(routerUrl, key, 'mutation($name: String!, $faces: [FeatureKeyInput!]!) { addEmployee(name: $name, faces: $faces) { id name } }', {
      name: person.name,
      faces: [{ databaseId: db, id }],
    });
    if (!answer.body.data) throw new Error(`addEmployee failed: ${JSON.stringify(answer.body)}`);
    employees.push({ ...answer.body.data.addEmployee, feature: { databaseId: db, id } });
  }
  return employees;
}

const EXAMPLE_KEYS = { admin: 'example-admin-key', reader: 'example-reader-key' };

async function main(): Promise<void> {
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'federation-example-'));
  const federation = await startFederation({
    routerPort: port('PORT', 4000),
    facesPort: port('FACES_PORT', 4001),
    employeesPort: port('EMPLOYEES_PORT', 4002),
    localFaceApiPort: port('LOCAL_FACE_API_PORT', 4100),
    dataDir,
    apiKeys: `${EXAMPLE_KEYS.admin}:read+write+admin,${EXAMPLE_KEYS.reader}:read`,
    composeKey: EXAMPLE_KEYS.reader,
    echo: true,
  });
  const stop = () => void federation.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let databaseId: string;
  try {
    const created = await graphql(federation.routerUrl, EXAMPLE_KEYS.admin, 'mutation { createDatabase(name: "employees", maxSize: 1000) { id } }');
    databaseId = created.body.data.createDatabase.id;
    const people = ['Ada', 'Grace', 'Edsger'].map((name, i) => ({ name, photo: samplePhoto(i + 1) }));
    await enrollEmployees(federation.routerUrl, EXAMPLE_KEYS.admin, databaseId, people);
  } catch (error) {
    await federation.close();
    throw error;
  }
  console.log(`
Supergraph (faces + employees) served by Hive Gateway: ${federation.routerUrl}
  faces subgraph (this gateway, GATEWAY_SUBGRAPH=on): ${federation.facesUrl}
  employees subgraph: ${federation.employeesUrl}
  supergraph SDL: ${join(dataDir, 'supergraph.graphql')}
Keys (send "Authorization: Bearer <key>"): ${EXAMPLE_KEYS.admin} (read+write+admin), ${EXAMPLE_KEYS.reader} (read)
Enrolled 3 employees in database ${databaseId}. Try:
  curl ${federation.routerUrl} -H 'authorization: Bearer ${EXAMPLE_KEYS.reader}' -H 'content-type: application/json' \\
    -d '{"query":"{ employees { name faces { id extraInfo database { id name size } } } }"}'
  curl ${federation.routerUrl} -H 'authorization: Bearer ${EXAMPLE_KEYS.reader}' -H 'apollo-require-preflight: true' \\
    -F operations='{"query":"mutation($db:[ID!]!,$img:ImageInput!){ searchFaces(databaseIds:$db, image:$img, topK:1){ matches{ score feature{ id employee{ name } } } } }","variables":{"db":["${databaseId}"],"img":{"file":null}}}' \\
    -F map='{"0":["variables.img.file"]}' -F 0=@node_modules/@vladmandic/face-api/demo/sample2.jpg
Ctrl-C stops all three processes.`);
}

if (require.main === module) {
  void main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
