/** A TypeScript entry point of this repository as a real child process (ts-node), for process-level tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

export interface ChildRun {
  child: ChildProcess;
  /** stdout and stderr as they came, interleaved */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `entry` (relative to the repository) with only PATH and `env`; `as` runs it as another user (when root). */
export function runEntry(entry: string, env: Record<string, string>, as?: { uid: number; gid: number }): ChildRun {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => ((stdout += chunk), (output += chunk)));
  child.stderr!.on('data', (chunk) => ((stderr += chunk), (output += chunk)));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, output: () => output, stdout: () => stdout, stderr: () => stderr, ended };
}

/**
 * Polls `text()` until `pattern` matches; throws `failure(why)` when the child exits first or `timeoutMs` passes.
 */
export async function waitForText(
  child: ChildProcess,
  text: () => string,
  pattern: RegExp,
  timeoutMs: number,
  failure: (why: 'exited early' | 'timed out') => string,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(text());
    if (match) return match;
    if (child.exitCode !== null) throw new Error(failure('exited early'));
    if (Date.now() > deadline) throw new Error(failure('timed out'));
    await new Promise((wait) => setTimeout(wait, 100));
  }
}
