/**
 * The cost limit with its per-document memo, over HTTP (offline gateway: a refused operation never calls the
 * upstream, an admitted one fails as UPSTREAM_UNAVAILABLE). A document without variables keeps its verdict
 * on every run; one with variables is judged by each request's values, never by a remembered cost.
 */
import type { RunningGateway } from '../../src/gateway/server';
import { postJson } from './support/graphql';
import { startOfflineGateway } from './support/unreachable-upstream';

let gateway: RunningGateway;
beforeAll(async () => void (gateway = await startOfflineGateway()));
afterAll(() => gateway?.close());

const nested = (limit: string) =>
  `database(id: "d") { features(limit: ${limit}) { features { database { features(limit: ${limit}) { total } } } } }`;
const code = async (query: string, variables: Record<string, unknown> = {}) => (await postJson(gateway.url, query, variables)).body.errors?.[0]?.extensions?.code;

test('an expensive operation without variables is refused on every run, a cheap one admitted on every run', async () => {
  for (let run = 0; run < 3; run++) {
    expect(await code(`{ ${nested('1000')} }`)).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    expect(await code(`{ ${nested('2')} }`)).toBe('UPSTREAM_UNAVAILABLE');
  }
});

test('the same document with variables is judged by each request\'s values', async () => {
  const query = `query($l: Int!) { ${nested('$l')} }`;
  for (const [limit, expected] of [[2, 'UPSTREAM_UNAVAILABLE'], [1000, 'COST_ESTIMATED_TOO_EXPENSIVE'], [2, 'UPSTREAM_UNAVAILABLE'], [1000, 'COST_ESTIMATED_TOO_EXPENSIVE']] as const) {
    expect({ limit, code: await code(query, { l: limit }) }).toEqual({ limit, code: expected });
  }
});
