import { createFaceEngine, type FaceEngine } from '../../../src/local-face-api/engine';
import { startLocalFaceApi, type RunningLocalFaceApi } from '../../../src/local-face-api/server';
import { signRequest, type Credentials } from '../../../src/face-api-contract';
import { makeTempDir } from './temp-dir';

/** A real local Face API on an ephemeral port with a temporary DATA_DIR, and a client that signs like the docs. */

export const TEST_APP = {
  appId: '5b0e2f6e-3f1c-4c55-9a43-0a4c8c3e9a11',
  accessKey: '005c5acf-5ea9-499c-8d3e-690413f9b5b9',
  secretKey: 'test-secret-key-of-thirty-one-c',
};

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** sign with other credentials */
  credentials?: Credentials;
  /** replace or remove (undefined) signed headers */
  headers?: Record<string, string | undefined>;
  /** send this body as is instead of JSON.stringify(body) */
  rawBody?: string | Buffer;
  /** the app id placed in the path */
  appId?: string;
}

export class FaceApiClient {
  constructor(
    readonly baseUrl: string,
    readonly appId = TEST_APP.appId,
  ) {}

  async call(method: string, subPath: string, body?: unknown, options: CallOptions = {}): Promise<ApiAnswer> {
    const url = new URL(`${this.baseUrl}/${options.appId ?? this.appId}/${subPath}`);
    const signed: Record<string, string | undefined> = {
      ...signRequest(options.credentials ?? TEST_APP, method, url.pathname + url.search),
      ...options.headers,
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(signed)) if (value !== undefined) headers[name] = value;
    const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** Creates a database and returns its db_id. */
  async createDatabase(maxSize = 100, name = 'test-db'): Promise<string> {
    const created = await this.call('POST', 'databases', { name, max_size: maxSize });
    if (created.status !== 200) throw new Error(`create database: ${JSON.stringify(created.body)}`);
    return created.body.db_id;
  }
}

export interface TestApi {
  api: RunningLocalFaceApi;
  client: FaceApiClient;
  dataDir: string;
  /** closes the server and removes the data unless `keepData` */
  close(keepData?: boolean): Promise<void>;
}

export async function startTestApi(engine: FaceEngine, dataDir?: string, port = 0): Promise<TestApi> {
  const temp = dataDir ? undefined : makeTempDir();
  const dir = dataDir ?? temp!.path;
  let api: RunningLocalFaceApi;
  try {
    api = await startLocalFaceApi({ port, dataDir: dir, engine, ...TEST_APP });
  } catch (error) {
    temp?.remove();
    throw error;
  }
  return {
    api,
    client: new FaceApiClient(api.url),
    dataDir: dir,
    async close(keepData = false) {
      await api.close();
      if (!keepData) temp?.remove();
    },
  };
}

export const TRACE_ID = /^[0-9a-f]{32}$/;

/**
 * Registers beforeAll/afterAll for one real engine and one server shared by a test file; `ready` receives
 * them once started (later beforeAll hooks of the file run after it).
 */
export function useTestApi(ready: (engine: FaceEngine, api: TestApi) => void): void {
  let engine: FaceEngine | undefined;
  let api: TestApi | undefined;
  beforeAll(async () => {
    engine = await createFaceEngine();
    api = await startTestApi(engine);
    ready(engine, api);
  }, 120_000); // loading the engine's models takes seconds, more on a busy machine
  afterAll(async () => {
    await api?.close();
    await engine?.close();
  });
}
