import type { BenchContext } from '../lib/context';
import { createDatabase, enrol } from '../lib/fixtures';
import { jsonHeaders, postJson } from '../../tools/graphql-client';
import { runLoad, summarize } from '../lib/load';
import { FACE_PHOTO, readBase64 } from '../lib/photos';
import type { SearchResponse } from '../../src/face-api-contract';
import { appPath, callRest, signedHeaders } from '../lib/rest';
import { cpuCounter, gatewayAvailable, startServerUnderTest } from '../lib/servers';

/**
 * Scenario (b): searchFaces whose probe matches 10 features spread over 3 databases (the same photo enrolled
 * 4 + 3 + 3 times). Counts the upstream calls per GraphQL request at the proxy (expected 2: the search and
 * one database list for Feature.database) and the gateway's CPU per request; the direct REST search is the
 * reference for latency.
 */

export interface SearchReport {
  skipped?: string;
  databases: number;
  enrolledFeatures: number;
  matchesPerAnswer: number;
  requests: number;
  connections: number;
  upstreamCallsPerRequest: number;
  /** upstream calls during the measured run, by "METHOD /path" with ids replaced by ":id" */
  upstreamCalls: Record<string, number>;
  gatewayCpuMsPerRequest: number;
  gateway: { p50Ms: number; p99Ms: number; failures: number };
  directRest: { p50Ms: number; p99Ms: number; failures: number; upstreamCpuMsPerRequest: number };
}

const SPREAD = [4, 3, 3];
const CONNECTIONS = 2;
const SEARCH = /* GraphQL */ `
  mutation BenchSearch($databaseIds: [ID!]!, $image: ImageInput!) {
    searchFaces(databaseIds: $databaseIds, image: $image, topK: 10, minScore: 0) {
      matches { score feature { id extraInfo database { id name } } }
    }
  }
`;

type SearchData = { searchFaces: { matches: Array<{ feature: { id: string; database: { id: string } } }> } };

/** "POST /openapi/face/v1/<app>/databases/search" → "POST /databases/search", ids → ":id" */
function callKind(call: string, appPrefix: string): string {
  const [method, path] = call.split(' ');
  return `${method} ${path.replace(appPrefix, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').split('?')[0]}`;
}

export async function runSearchScenario(ctx: BenchContext, log: (line: string) => void): Promise<SearchReport> {
  const { options, upstream } = ctx;
  const probe = readBase64(FACE_PHOTO);
  const databaseIds: string[] = [];
  for (const [i, count] of SPREAD.entries()) {
    const dbId = await createDatabase(upstream, `bench-search-${i + 1}`, 100);
    await enrol(upstream, dbId, Array<string>(count).fill(probe), (n) => `bench-search-${i + 1}-${n}`);
    databaseIds.push(dbId);
  }
  const enrolledFeatures = SPREAD.reduce((sum, count) => sum + count, 0);
  const base = { databases: databaseIds.length, enrolledFeatures, requests: options.searchRequests, connections: CONNECTIONS };

  // the direct REST search, through the same proxy (0 ms), as the reference
  await ctx.proxy.request('setDelay', 0);
  const searchBody = JSON.stringify({ image: { data: probe }, db_ids: databaseIds, top_k: 10, min_score: 0 });
  const check = await callRest<SearchResponse>(upstream, 'POST', '/databases/search', searchBody);
  if (check.batches[0]?.features.length !== enrolledFeatures) {
    throw new Error(`the REST search found ${check.batches[0]?.features.length} of the ${enrolledFeatures} enrolled features`);
  }
  const searchPath = appPath(ctx.proxiedUpstream, '/databases/search');
  const direct = summarize([await runLoad(
    {
      url: `${new URL(ctx.proxiedUpstream.url).origin}${searchPath}`,
      headers: () => ({ ...signedHeaders(upstream, 'POST', searchPath), 'content-type': 'application/json' }),
      body: searchBody,
      connections: CONNECTIONS,
      durationS: 0,
      warmupS: options.warmupS,
      amount: options.searchRequests,
    },
    { upstream: cpuCounter(ctx.faceApi) },
  )]);
  const directRest = { p50Ms: direct.p50Ms, p99Ms: direct.p99Ms, failures: direct.failures, upstreamCpuMsPerRequest: direct.increase.upstream / 1000 / direct.requests };
  log(`  (b) direct REST search: p50 ${direct.p50Ms.toFixed(1)} ms, p99 ${direct.p99Ms.toFixed(1)} ms`);

  if (!gatewayAvailable()) {
    return { ...base, skipped: 'gateway: src/gateway/server.ts does not exist yet', matchesPerAnswer: NaN, upstreamCallsPerRequest: NaN, upstreamCalls: {}, gatewayCpuMsPerRequest: NaN, gateway: { p50Ms: NaN, p99Ms: NaN, failures: 0 }, directRest };
  }
  const gateway = await startServerUnderTest('gateway', ctx.proxiedUpstream, ctx);
  try {
    const variables = { databaseIds, image: { base64: probe } };
    const first = (await postJson<SearchData>(gateway.info.url, SEARCH, variables, jsonHeaders(ctx.clientApiKey))).body;
    const matches = first.data?.searchFaces.matches ?? [];
    if (first.errors || matches.length !== enrolledFeatures || !matches.every((m) => databaseIds.includes(m.feature.database.id))) {
      throw new Error(`searchFaces did not return the ${enrolledFeatures} enrolled features: ${JSON.stringify(first).slice(0, 400)}`);
    }
    const body = JSON.stringify({ query: SEARCH, variables });
    let calls: string[] = [];
    let callsSeen = 0;
    const result = summarize([await runLoad(
      {
        url: gateway.info.url,
        headers: () => jsonHeaders(ctx.clientApiKey),
        body,
        connections: CONNECTIONS,
        durationS: 0,
        warmupS: options.warmupS,
        amount: options.searchRequests,
      },
      {
        gateway: cpuCounter(gateway),
        // taking empties the proxy's list, so the last take holds exactly the measured run's calls
        calls: async () => {
          calls = await ctx.proxy.request<string[]>('takeCalls');
          callsSeen += calls.length;
          return callsSeen;
        },
      },
    )]);
    const appPrefix = appPath(ctx.proxiedUpstream, '');
    const upstreamCalls: Record<string, number> = {};
    for (const call of calls) upstreamCalls[callKind(call, appPrefix)] = (upstreamCalls[callKind(call, appPrefix)] ?? 0) + 1;
    const report: SearchReport = {
      ...base,
      matchesPerAnswer: matches.length,
      upstreamCallsPerRequest: result.increase.calls / result.requests,
      upstreamCalls,
      gatewayCpuMsPerRequest: result.increase.gateway / 1000 / result.requests,
      gateway: { p50Ms: result.p50Ms, p99Ms: result.p99Ms, failures: result.failures },
      directRest,
    };
    log(`  (b) gateway searchFaces: ${report.upstreamCallsPerRequest.toFixed(2)} upstream calls/request, ${report.gatewayCpuMsPerRequest.toFixed(2)} CPU ms/request, p50 ${result.p50Ms.toFixed(1)} ms`);
    return report;
  } finally {
    await gateway.stop();
  }
}
