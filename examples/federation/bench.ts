/**
 * The router's cost: the same operations sent to Hive Gateway (router → faces subgraph) and straight to the
 * faces subgraph, in the same run, alternating the order per round. `--quick`: 3 s per `databases` figure instead
 * of 10, and 24 searches instead of 80.
 *
 *   npx ts-node --transpile-only examples/federation/bench.ts [--quick]
 *
 * Figures: `databases { id name }` (one upstream list) and `searchFaces` with 10 matches (a face embedding per
 * request: the engine's time dominates). Both go to the faces subgraph only, so the difference is the router's
 * hop: parsing, planning, one subgraph fetch, and the answer's re-serialisation.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad, summarize, type LoadResult } from '../../bench/lib/load';
import { round } from '../../bench/lib/stats';
import { ENROLL, graphql, samplePhoto, startFederation } from './start';

const KEY = 'bench-key-read-write-admin';
const quick = process.argv.includes('--quick');
const durationS = quick ? 3 : 10;
const CONNECTIONS = 10;
/** searchFaces embeds a face per request (tens of ms of engine time): a fixed number of requests, fewer connections */
const SEARCH_LOAD = { connections: 4, amount: quick ? 24 : 80 };

const SEARCH = `mutation($db: [ID!]!, $image: ImageInput!) {
  searchFaces(databaseIds: $db, image: $image, topK: 10, minScore: 0) { matches { score feature { id extraInfo database { id name } } } }
}`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'federation-bench-'));
  const federation = await startFederation({
    routerPort: 0,
    facesPort: 0,
    employeesPort: 0,
    localFaceApiPort: 0,
    dataDir,
    apiKeys: `${KEY}:read+write+admin`,
    composeKey: KEY,
  });
  try {
    const created = await graphql(federation.facesUrl, KEY, 'mutation { createDatabase(name: "bench", maxSize: 100) { id } }');
    const db: string = created.body.data.createDatabase.id;
    const photos = [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6];
    const features = photos.map((n, i) => ({ image: { file: null }, extraInfo: `photo ${n} #${i}` }));
    const files = photos.map((n, i) => ({ path: `variables.features.${i}.image.file`, content: samplePhoto(n) }));
    const added = await graphql(federation.facesUrl, KEY, ENROLL, { db, features }, files);
    if (!added.body.data?.addFeatures.every((result: { ok: boolean }) => result.ok)) throw new Error(`enrolling failed: ${JSON.stringify(added.body)}`);

    const probe = readFileSync(join(__dirname, '..', '..', 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg')).toString('base64');
    const operations = {
      'databases { id name }': { query: '{ databases { id name } }', variables: {} },
      'searchFaces, 10 matches': { query: SEARCH, variables: { db: [db], image: { base64: probe } } },
    };
    const targets = { router: federation.routerUrl, direct: federation.facesUrl };
    // every figure only counts if the answer is right: check each once through each target
    for (const [name, operation] of Object.entries(operations)) {
      for (const url of Object.values(targets)) {
        const answer = await graphql(url, KEY, operation.query, operation.variables);
        const matches = answer.body.data?.searchFaces?.matches?.length;
        if (answer.body.errors || (name.startsWith('searchFaces') && matches !== 10)) throw new Error(`${name} at ${url}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      }
    }

    const load = loadavg()[0];
    const runs: Record<string, Record<string, Awaited<ReturnType<typeof runLoad>>[]>> = {};
    for (const round of [0, 1]) {
      for (const [name, operation] of Object.entries(operations)) {
        const order = round === 0 ? (['direct', 'router'] as const) : (['router', 'direct'] as const);
        for (const target of order) {
          const run = await runLoad({
            url: targets[target],
            headers: () => ({ 'content-type': 'application/json', authorization: `Bearer ${KEY}` }),
            body: JSON.stringify(operation),
            connections: CONNECTIONS,
            durationS,
            warmupS: 1,
            ...(name.startsWith('searchFaces') ? SEARCH_LOAD : {}),
          });
          ((runs[name] ??= {})[target] ??= []).push(run);
        }
      }
    }
    console.log(
      `\ndatabases: ${CONNECTIONS} connections, ${durationS} s per target and round; searchFaces: ${SEARCH_LOAD.connections} connections, ` +
        `${SEARCH_LOAD.amount} requests per target and round; 2 rounds; load average ${round(load, 1)} → ${round(loadavg()[0], 1)}\n`,
    );
    console.log('| operation | through | req/s | p50 ms | p99 ms | failures |');
    console.log('|---|---|---|---|---|---|');
    const summary: Record<string, Record<string, LoadResult>> = {};
    for (const [name, byTarget] of Object.entries(runs)) {
      for (const [target, targetRuns] of Object.entries(byTarget)) {
        const result = summarize(targetRuns);
        (summary[name] ??= {})[target] = result;
        const via = target === 'router' ? 'Hive Gateway → faces subgraph' : 'faces subgraph directly';
        console.log(`| \`${name}\` | ${via} | ${round(result.requestsPerSecond, 1)} | ${round(result.p50Ms, 2)} | ${round(result.p99Ms, 2)} | ${result.failures} |`);
      }
    }
    console.log('');
    for (const [name, { router, direct }] of Object.entries(summary)) {
      console.log(
        `${name}: the router gives ${round(router.requestsPerSecond / direct.requestsPerSecond, 2)}× the throughput, ` +
          `p50 ${round(router.p50Ms - direct.p50Ms, 2) >= 0 ? '+' : ''}${round(router.p50Ms - direct.p50Ms, 2)} ms`,
      );
    }
  } finally {
    await federation.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
