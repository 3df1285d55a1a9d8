import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `npm run face-api`'s entry point (src/local-face-api/main.ts) as a child process, for process-level tests. */

const MAIN = join(__dirname, '..', '..', '..', 'src', 'local-face-api', 'main.ts');

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

export async function waitFor(started: Started, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = started.output().match(pattern);
    if (match) return match;
    if (started.child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in: ${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A field of the start-up log line (JSON). */
export const printed = (output: string, name: string) => output.match(new RegExp(`"${name}":"([^"]+)"`))?.[1];


/** The generated secret is never logged: it is read from the credentials file the start-up line names. */
export const printedSecret = (output: string): string => JSON.parse(readFileSync(printed(output, 'secret_key_in')!, 'utf8')).secretKey;
