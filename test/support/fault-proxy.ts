import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP proxy in front of a real upstream that can inject faults, add latency and count calls.
 * Used by resilience tests (faults), DataLoader tests (call counting) and benchmarks (latency of a cloud API).
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'hang' } // never answer (until the client gives up)
  | { kind: 'status'; status: number; body: string; contentType?: string }
  | { kind: 'reset' } // destroy the connection before any response
  | { kind: 'truncate' } // forward the real answer but cut the body in half and close
  | { kind: 'kill-after'; passes: number } // forward `passes` matching calls, then reset every later one
  | { kind: 'reset-first'; resets: number }; // reset the first `resets` matching calls, forward every later one

export interface FaultRule {
  /** which calls this rule applies to; default all */
  match?: (method: string, path: string) => boolean;
  fault: Fault;
}

export interface FaultProxy {
  /** base URL to use instead of the upstream's, same path layout */
  origin: string;
  /** calls seen, as "METHOD /path" (query included) */
  calls: string[];
  setRules(rules: FaultRule[]): void;
  setDelay(ms: number): void;
  /**
   * Close a client connection once it has been idle for `ms` after an answer, without announcing it in a
   * Keep-Alive header (as some upstreams and load balancers do); 0: keep connections open (the default).
   */
  setIdleClose(ms: number): void;
  /** client connections open now (to check that nothing leaks) */
  openConnections(): number;
  /** requests held by a 'hang' fault whose client has not given up yet */
  hanging(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(targetOrigin: string, port = 0): Promise<FaultProxy> {
  const target = new URL(targetOrigin);
  let rules: FaultRule[] = [];
  let delayMs = 0;
  const calls: string[] = [];
  const passed = new Map<FaultRule, number>();
  const sockets = new Set<Socket>();
  let hanging = 0;
  let idleCloseMs = 0;

  const forward = (req: IncomingMessage, res: ServerResponse, truncate: boolean) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (!truncate) {
          const { 'keep-alive': _announced, ...headers } = answer.headers;
          // with idle closing on, the upstream's Keep-Alive hint is not passed on (this proxy closes earlier)
          res.writeHead(answer.statusCode ?? 502, idleCloseMs > 0 ? headers : answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          res.writeHead(answer.statusCode ?? 200, { ...answer.headers, 'content-length': String(body.length) });
          res.write(body.subarray(0, Math.floor(body.length / 2)));
          res.socket?.destroy();
        });
      },
    );
    upstream.on('error', () => res.socket?.destroy());
    // a client that gives up mid-body must not leave the upstream waiting for the rest
    req.on('close', () => {
      if (!req.complete) upstream.destroy();
    });
    req.pipe(upstream);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    calls.push(`${method} ${path}`);
    const rule = rules.find((candidate) => candidate.match?.(method, path) ?? true);
    const fault: Fault = rule?.fault ?? { kind: 'pass' };
    switch (fault.kind) {
      case 'pass':
        return forward(req, res, false);
      case 'truncate':
        return forward(req, res, true);
      case 'hang':
        hanging += 1;
        res.once('close', () => (hanging -= 1));
        return req.resume();
      case 'reset':
        return req.socket.destroy();
      case 'status':
        req.resume();
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json' });
        return res.end(fault.body);
      case 'kill-after': {
        const count = passed.get(rule!) ?? 0;
        passed.set(rule!, count + 1);
        return count < fault.passes ? forward(req, res, false) : req.socket.destroy();
      }
      case 'reset-first': {
        const count = passed.get(rule!) ?? 0;
        passed.set(rule!, count + 1);
        return count < fault.resets ? req.socket.destroy() : forward(req, res, false);
      }
    }
  };

  const idleTimers = new WeakMap<Socket, NodeJS.Timeout>();
  const closeWhenIdle = (socket: Socket) => {
    if (idleCloseMs === 0 || socket.destroyed) return;
    idleTimers.set(socket, setTimeout(() => socket.end(), idleCloseMs));
  };

  const server: Server = createServer((req, res) => {
    clearTimeout(idleTimers.get(req.socket));
    res.once('finish', () => closeWhenIdle(req.socket));
    if (delayMs > 0) setTimeout(() => handle(req, res), delayMs);
    else handle(req, res);
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: boundPort } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${boundPort}`,
    calls,
    setRules(next) {
      rules = next;
      passed.clear();
    },
    setDelay(ms) {
      delayMs = ms;
    },
    setIdleClose(ms) {
      idleCloseMs = ms;
    },
    openConnections: () => sockets.size,
    hanging: () => hanging,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
