/** Child processes of the federation example: TypeScript entry points run with ts-node, their output watched. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface Started {
  name: string;
  child: ChildProcess;
  output(): string;
  /** resolves with the first match of `pattern` in the output; rejects when the process exits first or on timeout */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Runs `entry` (relative to the repository) with ts-node; `echo` copies its output to ours, prefixed by name. */
export function startTs(name: string, entry: string, env: Record<string, string>, echo = false): Started {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onData = (chunk: Buffer) => {
    output += chunk;
    if (echo) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `));
    listeners.forEach((listener) => listener());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.once('exit', () => listeners.forEach((listener) => listener()));
  return {
    name,
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${name}: no ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
        const finish = (result: RegExpMatchArray | Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (result instanceof Error) reject(result);
          else resolve(result);
        };
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(match);
          else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`${name} exited (${child.exitCode ?? child.signalCode}); output:\n${output}`));
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
