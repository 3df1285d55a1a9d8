/**
 * Shared by the input-side adversarial tests: a real stack (local Face API ← counting proxy ← gateway), one
 * database holding one real feature, and the checks every case ends with: the gateway still serves a normal
 * request, and the database and its feature are still there.
 */
import { request } from 'node:http';
import { createDatabase, postJson, samplePhoto, type GraphQLResponse } from '../gateway/support/graphql';
import { startStack, type Stack } from '../gateway/support/stack';

export interface Victim {
  databaseId: string;
  featureId: string;
}

/** A database with one stored feature (a real face), the target every attack tries to reach. */
export async function plantVictim(stack: Stack, name = 'victim'): Promise<Victim> {
  const databaseId = await createDatabase(stack.gateway.url, name);
  const added = await postJson(
    stack.gateway.url,
    'mutation($db: ID!, $image: String!) { addFeatures(databaseId: $db, features: [{ image: { base64: $image }, extraInfo: "kept" }]) { ok feature { id } } }',
    { db: databaseId, image: samplePhoto(5).toString('base64') },
  );
  const featureId = added.body.data?.addFeatures?.[0]?.feature?.id;
  if (!featureId) throw new Error(`could not plant the victim feature: ${JSON.stringify(added.body)}`);
  return { databaseId, featureId };
}

/** The gateway answers a normal read, and the victim database still holds its one feature. */
export async function expectIntact(stack: Stack, victim: Victim): Promise<void> {
  const answer = await postJson(
    stack.gateway.url,
    'query($db: ID!, $id: ID!) { database(id: $db) { size features { total } } feature(databaseId: $db, id: $id) { extraInfo } }',
    { db: victim.databaseId, id: victim.featureId },
  );
  expect(answer.body).toEqual({ data: { database: { size: 1, features: { total: 1 } }, feature: { extraInfo: 'kept' } } });
}

export interface VictimStack {
  stack: Stack;
  victim: Victim;
  /** base64 of a real face photo */
  photo: string;
}

/**
 * Registers the hooks of a test file: one stack with a planted victim for the whole file, and after every
 * test the check that the victim is intact and a normal request succeeds. The fields are set once started.
 */
export function useVictimStack(): VictimStack {
  const shared = {} as VictimStack;
  beforeAll(async () => {
    shared.stack = await startStack();
    shared.victim = await plantVictim(shared.stack);
    shared.photo = samplePhoto(5).toString('base64');
  }, 120000);
  afterAll(() => shared.stack?.close());
  afterEach(() => expectIntact(shared.stack, shared.victim));
  return shared;
}

export function firstError(answer: GraphQLResponse): { status: number; code?: string; message?: string } {
  return { status: answer.status, code: answer.body.errors?.[0]?.extensions?.code, message: answer.body.errors?.[0]?.message };
}

export interface RawAnswer {
  status: number;
  text: string;
}

/** One HTTP request with the target and headers exactly as given (no URL normalisation, repeated headers kept). */
export function rawRequest(
  url: string,
  options: { method: string; path: string; headers?: Array<[string, string]>; body?: string },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    // raw headers replace Node's defaults, Host included
    const headers: Array<[string, string]> = [['host', `${hostname}:${port}`], ...(options.headers ?? [])];
    const req = request({ host: hostname, port, method: options.method, path: options.path, headers: headers.flat() }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
