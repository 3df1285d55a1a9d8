/**
 * Soak test (not a timed test): N concurrent clients mix searches, adds and lists against the embedded
 * default (`node dist/main.js`, built first) for a few minutes, then print requests served, errors by kind,
 * p50/p99 latency per operation and the gateway's memory at start (after warm-up) and end.
 *   npm run soak -- [--clients 8] [--seconds 180] [--warmup 60]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraphQLClient, FileUpload, GraphQLRequestError } from '../tools/graphql-client';
import { freePort, rssMegabytes, startEmbeddedDefault } from './support/processes';
import { percentile } from '../tools/stats';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const CLIENTS = argument('clients', 8);
const SECONDS = argument('seconds', 180);
// 20 s was too short on the shared 2-core machine: RSS still climbed to its plateau (~850 MB) for about a minute
const WARMUP_SECONDS = argument('warmup', 60);

const operation = (file: string) => readFileSync(join(__dirname, '..', 'schema', 'operations', 'quickstart', file), 'utf8');
const PHOTOS = [1, 2, 3, 4, 5, 6].map((n) => join(__dirname, '..', 'node_modules', '@vladmandic', 'face-api', 'demo', `sample${n}.jpg`));
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

type Kind = 'search' | 'add' | 'list';
const MIX: Kind[] = ['search', 'search', 'search', 'add', 'list']; // 60% search, 20% add, 20% list

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'soak-'));
  const port = await freePort();
  const gateway = await startEmbeddedDefault({ PORT: String(port), LOCAL_FACE_API_PORT: String(await freePort()), DATA_DIR: dataDir });
  const execute = createGraphQLClient({ url: `http://127.0.0.1:${port}/graphql` });
  const latencies: Record<Kind, number[]> = { search: [], add: [], list: [] };
  const errors = new Map<string, number>();
  let measuring = false;
  const memory: number[] = [];

  try {
    const { createDatabase } = await execute<{ createDatabase: { id: string } }>(operation('1-create-database.graphql'), { name: 'soak', maxSize: 1_000_000 });
    const databaseId = createDatabase.id;
    const run = (kind: Kind) => {
      if (kind === 'list') return execute(operation('2-list-databases.graphql'));
      if (kind === 'add') {
        return execute(operation('4-add-features.graphql'), { databaseId, features: [{ image: { file: new FileUpload(pick(PHOTOS)) }, extraInfo: 'soak' }] });
      }
      return execute(operation('5-search.graphql'), { databaseIds: [databaseId], image: { file: new FileUpload(pick(PHOTOS)) }, topK: 5, minScore: 0 });
    };

    const stopAt = Date.now() + (WARMUP_SECONDS + SECONDS) * 1000;
    const client = async () => {
      while (Date.now() < stopAt) {
        const kind = pick(MIX);
        const started = performance.now();
        try {
          await run(kind);
          if (measuring) latencies[kind].push(performance.now() - started);
        } catch (error) {
          const codes = error instanceof GraphQLRequestError ? error.codes : [(error as Error).name];
          for (const code of codes) errors.set(`${kind}:${code}`, (errors.get(`${kind}:${code}`) ?? 0) + 1);
        }
      }
    };
    const sampler = setInterval(() => measuring && memory.push(rssMegabytes(gateway.pid!)), 5000);
    setTimeout(() => {
      measuring = true;
      memory.push(rssMegabytes(gateway.pid!));
      console.log(`warm-up done; measuring for ${SECONDS} s with ${CLIENTS} clients`);
    }, WARMUP_SECONDS * 1000);
    await Promise.all(Array.from({ length: CLIENTS }, client));
    clearInterval(sampler);
    memory.push(rssMegabytes(gateway.pid!));

    const served = Object.values(latencies).reduce((sum, list) => sum + list.length, 0);
    console.log(`\nrequests served (measured window): ${served} (${(served / SECONDS).toFixed(1)}/s)`);
    for (const [kind, list] of Object.entries(latencies)) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(`  ${kind.padEnd(7)} n=${String(list.length).padStart(6)}  p50=${percentile(sorted, 50).toFixed(1)} ms  p99=${percentile(sorted, 99).toFixed(1)} ms`);
    }
    console.log(`errors: ${errors.size === 0 ? 'none' : ''}`);
    for (const [kind, count] of errors) console.log(`  ${kind}: ${count}`);
    const [first, last] = [memory[0], memory[memory.length - 1]];
    console.log(`gateway RSS: ${first.toFixed(0)} MB after warm-up, ${last.toFixed(0)} MB at end (${(((last - first) / first) * 100).toFixed(1)}%), max ${Math.max(...memory).toFixed(0)} MB`);
    // the whole curve: a plateau (allocator and engine arenas filled) reads differently from a steady climb
    console.log(`gateway RSS every 5 s (MB): ${memory.map((mb) => mb.toFixed(0)).join(' ')}`);
  } finally {
    gateway.kill('SIGTERM');
    await new Promise((resolve) => gateway.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`soak failed: ${error.message}`);
  process.exit(1);
});
