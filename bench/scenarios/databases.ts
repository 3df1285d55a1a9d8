import type { ListDatabasesResponse } from '../../src/face-api-contract';
import type { BenchContext } from '../lib/context';
import { runLoad, summarize, type Counter, type LoadResult, type LoadRun } from '../lib/load';
import { createDatabase } from '../lib/fixtures';
import { jsonHeaders } from '../../tools/graphql-client';
import { appPath, signedHeaders, type Upstream } from '../lib/rest';
import { cpuCounter, gatewayAvailable, ownCpuCounter, startServerUnderTest, type ServerKind, type ServerUnderTest } from '../lib/servers';
import type { Link } from '../lib/options';
import { ratio } from '../lib/stats';

/**
 * Scenario (a): `query { databases { id name } }` at each concurrency level, against the upstream as it is
 * and through the 20 ms latency link: the signed REST call itself, a bare hop, Apollo Server standalone and on
 * express, the gateway with the bench's upstream capacity and with its own defaults. Every server gets the
 * same upstream pool (BENCH_UPSTREAM_CONNECTIONS). CPU per request is the server-under-test's own process time.
 */

export type Way = 'direct REST' | ServerKind;
export type { Link };

export interface DatabasesRow extends LoadResult {
  link: Link;
  way: Way;
  /** CPU ms per request of the server under test (none for the direct call) */
  cpuMsPerRequest?: number;
  /** CPU ms per request of the local Face API, to show every way asked the same of it */
  upstreamCpuMsPerRequest: number;
  /** CPU ms per request of the latency link (none on the "as is" link) */
  proxyCpuMsPerRequest: number;
  /** CPU ms per request of the load generator (autocannon, in the orchestrator) */
  loadGeneratorCpuMsPerRequest: number;
}

export interface DatabasesComparison {
  link: Link;
  connections: number;
  /** bare hop / direct REST req/s: below 0.9 something other than the servers caps the run */
  bareHopVsDirectThroughput: number;
  gatewayVsApolloThroughput?: number;
  gatewayMinusApolloP50Ms?: number;
  gatewayVsApolloCpu?: number;
  gatewayVsDirectThroughput?: number;
  gatewayDefaultsVsDirectThroughput?: number;
  apolloVsDirectThroughput: number;
  apolloMinusDirectP50Ms: number;
  apolloExpressVsStandaloneThroughput: number;
}

export interface DatabasesReport {
  databases: number;
  skipped: string[];
  rows: DatabasesRow[];
  comparisons: DatabasesComparison[];
}

type Counted = 'server' | 'upstream' | 'proxy' | 'loadGenerator';

const DATABASES = 5;
const GRAPHQL_BODY = JSON.stringify({ query: '{ databases { id name } }' });

async function createDatabases(upstream: Upstream): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= DATABASES; i++) ids.push(await createDatabase(upstream, `bench-list-${i}`, 100));
  return ids;
}

/** One request before measuring: the figures of a server that answers wrongly are worthless. */
async function checkAnswer(way: Way, url: string, headers: Record<string, string>, expectedIds: string[]): Promise<void> {
  const graphql = way !== 'direct REST';
  const answer = await fetch(url, { method: graphql ? 'POST' : 'GET', headers, body: graphql ? GRAPHQL_BODY : undefined });
  const text = await answer.text();
  const json = JSON.parse(text) as { data?: { databases?: Array<{ id: string }> } } & Partial<ListDatabasesResponse>;
  const listed = graphql
    ? json.data?.databases?.map((entry) => entry.id)
    : json.databases?.map((entry) => (typeof entry === 'string' ? entry : entry.db_id));
  const missing = expectedIds.filter((id) => !listed?.includes(id));
  if (!answer.ok || missing.length > 0) {
    throw new Error(`${way} at ${url} answered HTTP ${answer.status} without the expected databases: ${text.slice(0, 300)}`);
  }
}

function compare(rows: DatabasesRow[], link: Link, connections: number): DatabasesComparison {
  // a way left out (BENCH_WAYS) gives NaN ratios, shown as "–"
  const find = (way: Way) => rows.find((row) => row.link === link && row.way === way && row.connections === connections);
  const rps = (way: Way) => find(way)?.requestsPerSecond ?? NaN;
  const p50 = (way: Way) => find(way)?.p50Ms ?? NaN;
  const cpu = (way: Way) => find(way)?.cpuMsPerRequest ?? NaN;
  const hasGateway = find('gateway') !== undefined;
  return {
    link,
    connections,
    bareHopVsDirectThroughput: ratio(rps('bare hop'), rps('direct REST')),
    gatewayVsApolloThroughput: hasGateway ? ratio(rps('gateway'), rps('Apollo standalone')) : undefined,
    gatewayMinusApolloP50Ms: hasGateway ? p50('gateway') - p50('Apollo standalone') : undefined,
    gatewayVsApolloCpu: hasGateway ? ratio(cpu('gateway'), cpu('Apollo standalone')) : undefined,
    gatewayVsDirectThroughput: hasGateway ? ratio(rps('gateway'), rps('direct REST')) : undefined,
    gatewayDefaultsVsDirectThroughput: find('gateway defaults') ? ratio(rps('gateway defaults'), rps('direct REST')) : undefined,
    apolloVsDirectThroughput: ratio(rps('Apollo standalone'), rps('direct REST')),
    apolloMinusDirectP50Ms: p50('Apollo standalone') - p50('direct REST'),
    apolloExpressVsStandaloneThroughput: ratio(rps('Apollo express'), rps('Apollo standalone')),
  };
}

/** One way of answering the query, ready to be loaded. */
interface Contender {
  way: Way;
  url: string;
  headers: () => Record<string, string>;
  /** the GraphQL servers; none for the direct REST call */
  server?: ServerUnderTest;
}

function restContender(upstream: Upstream): Contender {
  const path = appPath(upstream, '/databases');
  // signed per run: x-date is valid for 300 s
  return { way: 'direct REST', url: `${new URL(upstream.url).origin}${path}`, headers: () => ({ ...signedHeaders(upstream, 'GET', path) }) };
}

function graphqlContender(way: ServerKind, server: ServerUnderTest, clientApiKey: string): Contender {
  return { way, url: server.info.url, server, headers: () => jsonHeaders(clientApiKey) };
}

export async function runDatabasesScenario(ctx: BenchContext, log: (line: string) => void): Promise<DatabasesReport> {
  const { options } = ctx;
  const expectedIds = await createDatabases(ctx.upstream);
  const kinds: ServerKind[] = ['bare hop', 'Apollo standalone', 'Apollo express'];
  const skipped: string[] = [];
  if (gatewayAvailable()) kinds.push('gateway', 'gateway defaults');
  else skipped.push('gateway: src/gateway/server.ts does not exist yet');
  if (options.ways) {
    skipped.push(...kinds.filter((kind) => !options.ways!.includes(kind)).map((kind) => `${kind}: not in BENCH_WAYS`));
    kinds.splice(0, kinds.length, ...kinds.filter((kind) => options.ways!.includes(kind)));
  }
  const latency =
    options.latency === 'http proxy' ? { child: ctx.proxy, upstream: ctx.proxiedUpstream } : { child: ctx.link, upstream: ctx.linkedUpstream };
  const links = (
    [
      { link: 'as is', upstream: ctx.upstream, delayMs: 0 },
      { link: 'proxy', upstream: latency.upstream, delayMs: options.proxyDelayMs },
    ] as Array<{ link: Link; upstream: Upstream; delayMs: number }>
  ).filter(({ link }) => options.links.includes(link));
  // every process on the request's path, so a run shows which one the machine's cores are spent on
  const shared = { upstream: cpuCounter(ctx.faceApi), proxy: cpuCounter(latency.child), loadGenerator: ownCpuCounter };
  const rows: DatabasesRow[] = [];

  const load = (contender: Contender, connections: number, durationS: number, warmupS: number) =>
    runLoad(
      {
        url: contender.url,
        method: contender.server ? 'POST' : 'GET',
        headers: contender.headers,
        body: contender.server ? GRAPHQL_BODY : undefined,
        connections,
        durationS,
        warmupS,
      },
      (contender.server ? { server: cpuCounter(contender.server), ...shared } : shared) as Record<Counted, Counter>,
    );

  for (const { link, upstream, delayMs } of links) {
    await latency.child.request('setDelay', delayMs);
    const servers: ServerUnderTest[] = [];
    try {
      // all servers stay up (idle ones cost nothing), so every configuration is measured in the same minutes
      for (const kind of kinds) servers.push(await startServerUnderTest(kind, upstream, ctx));
      const contenders = [
        restContender(upstream),
        ...servers.map((server, i) => graphqlContender(kinds[i], server, ctx.clientApiKey)),
      ];
      for (const contender of contenders) {
        await checkAnswer(contender.way, contender.url, contender.headers(), expectedIds);
        // a fresh process runs cold code: load it before measuring anything
        await load(contender, 10, options.primeS, 0);
      }
      for (const connections of options.connections) {
        const runs = new Map<Way, Array<LoadRun<Counted>>>(contenders.map((c) => [c.way, []]));
        for (let round = 0; round < options.rounds; round++) {
          // alternate the order so drift in the machine's load does not favour one way
          const order = round % 2 === 0 ? contenders : [...contenders].reverse();
          for (const contender of order) {
            runs.get(contender.way)!.push(await load(contender, connections, options.durationS / options.rounds, options.warmupS));
          }
        }
        for (const contender of contenders) {
          const result = summarize(runs.get(contender.way)!);
          const perRequest = (micros: number | undefined) => (micros === undefined ? undefined : micros / 1000 / result.requests);
          const row: DatabasesRow = {
            link,
            way: contender.way,
            connections,
            requests: result.requests,
            seconds: result.seconds,
            requestsPerSecond: result.requestsPerSecond,
            p50Ms: result.p50Ms,
            p99Ms: result.p99Ms,
            failures: result.failures,
            cpuMsPerRequest: perRequest(result.increase.server),
            upstreamCpuMsPerRequest: perRequest(result.increase.upstream)!,
            proxyCpuMsPerRequest: perRequest(result.increase.proxy)!,
            loadGeneratorCpuMsPerRequest: perRequest(result.increase.loadGenerator)!,
          };
          rows.push(row);
          log(
            `  (a) ${link.padEnd(5)} ${contender.way.padEnd(17)} c=${String(connections).padStart(2)}: ` +
              `${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms` +
              (row.failures > 0 ? `, ${row.failures} FAILED` : ''),
          );
        }
      }
    } finally {
      for (const server of servers) await server.stop();
    }
  }
  await latency.child.request('setDelay', 0);
  const comparisons = links.flatMap(({ link }) => options.connections.map((connections) => compare(rows, link, connections)));
  return { databases: expectedIds.length, skipped, rows, comparisons };
}
