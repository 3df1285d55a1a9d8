import { Pool } from 'undici';
import type { ListDatabasesResponse } from '../../src/face-api-contract';
import { callRest, type Upstream } from '../lib/rest';

/**
 * The one upstream call of scenario (a), shared by the bare hop and the Apollo Server contenders so that they all
 * do exactly the same upstream work as the gateway: a signed GET /{app_id}/databases over a keep-alive pool.
 */

export interface DatabaseSummary {
  id: string;
  name: string;
}

export interface DatabaseLister {
  list(): Promise<DatabaseSummary[]>;
  close(): Promise<void>;
}

export function createDatabaseLister(upstream: Upstream, connections: number): DatabaseLister {
  const pool = new Pool(new URL(upstream.url).origin, { connections, pipelining: 1 });
  return {
    async list() {
      const answer = await callRest<ListDatabasesResponse>(upstream, 'GET', '/databases', undefined, { dispatcher: pool });
      // the real cloud may list bare ids (contract E5)
      return answer.databases.map((entry) =>
        typeof entry === 'string' ? { id: entry, name: entry } : { id: entry.db_id, name: entry.name },
      );
    },
    close: () => pool.close(),
  };
}
