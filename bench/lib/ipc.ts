import { fork, type ChildProcess } from 'node:child_process';
import { isAbsolute, join } from 'node:path';

/**
 * A tiny request/response protocol over Node's IPC channel, so that each process under test runs alone
 * (its own event loop and CPU accounting) and the orchestrator can still ask it for figures.
 *   parent → child: { id, type, payload }        child → parent: { id, ok, result | error }
 *   child → parent once listening: { ready: info }
 */

interface Request {
  id: number;
  type: string;
  payload?: unknown;
}
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
type Handler = (payload: any) => unknown;

export interface BenchChild<Info> {
  name: string;
  info: Info;
  request<T = unknown>(type: string, payload?: unknown): Promise<T>;
  /** asks the child to close its servers, then waits for it to exit (kills it after a grace period) */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
// A crashed or interrupted bench must not leave servers running on the shared machine.
process.on('exit', () => live.forEach((child) => child.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => process.exit(130));
}

const CHILDREN_DIR = join(__dirname, '..', 'children');

/** Forks bench/children/<script>.ts (or `script` itself when it is an absolute path) with ts-node and resolves once the child reports ready. */
export function startChild<Info>(
  script: string,
  options: unknown,
  extraExecArgv: string[] = [],
  readyTimeoutMs = 120_000,
): Promise<BenchChild<Info>> {
  const child = fork(isAbsolute(script) ? script : join(CHILDREN_DIR, `${script}.ts`), [JSON.stringify(options)], {
    execArgv: ['-r', 'ts-node/register/transpile-only', ...extraExecArgv],
    // resolve `./x` to x.ts before a sibling x.json, as tsc and ts-jest do
    env: { ...process.env, TS_NODE_PREFER_TS_EXTS: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    live.delete(child);
    for (const { reject } of pending.values()) reject(new Error(`${script} exited (${code ?? signal})`));
    pending.clear();
  });
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`${script}: ${message.error}`));
  });

  const request = <T>(type: string, payload?: unknown) =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`${script} is not running`));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, type, payload } satisfies Request);
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} not ready after ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    };
    child.once('exit', onEarlyExit);
    child.on('message', (message: { ready?: Info }) => {
      if (!('ready' in message)) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      resolve({
        name: script,
        info: message.ready as Info,
        request,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const grace = setTimeout(() => child.kill('SIGKILL'), 10_000);
          try {
            await request('close');
          } catch {
            // exiting while closing is fine
          }
          await exited;
          clearTimeout(grace);
        },
      });
    });
  });
}

/**
 * Child side: parses the options from argv, starts the servers and serves requests.
 * `close` is always handled: it runs the child's own close and exits.
 */
export function serveAsChild<Options, Info>(start: ChildStart<Options, Info>): void {
  serve(start).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

export type ChildStart<Options, Info> = (
  options: Options,
) => Promise<{ info: Info; handlers?: Record<string, Handler>; close(): Promise<void> }>;

async function serve<Options, Info>(start: ChildStart<Options, Info>): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as Options;
  const { info, handlers = {}, close } = await start(options);
  const all: Record<string, Handler> = {
    ...handlers,
    close: async () => {
      await close();
      setImmediate(() => process.exit(0));
    },
  };
  process.on('message', async ({ id, type, payload }: Request) => {
    let reply: Reply;
    try {
      const handler = all[type];
      if (!handler) throw new Error(`unknown request ${type}`);
      reply = { id, ok: true, result: await handler(payload) };
    } catch (error) {
      reply = { id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    process.send?.(reply);
  });
  // The orchestrator died: do not linger.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: info });
}
