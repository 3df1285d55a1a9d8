/** Real processes for the operations tests: `src/main.ts` with an environment, its stdout kept line by line. */
import type { ChildProcess } from 'node:child_process';
import { runEntry, waitForText } from '../support/child-process';

export interface GatewayProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** stdout's lines parsed as JSON (throws on a line that is not) */
  logLines: () => Array<Record<string, any>>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

export function startMain(env: Record<string, string>): GatewayProcess {
  const { child, stdout, stderr, ended } = runEntry('src/main.ts', env);
  const exited = ended.then(({ code }) => code);
  return {
    child,
    stdout,
    stderr,
    exited,
    logLines: () =>
      stdout()
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, any>;
          } catch {
            throw new Error(`a stdout line is not JSON: ${line.slice(0, 200)}`);
          }
        }),
    waitFor(pattern, timeoutMs = 120_000) {
      return waitForText(child, stdout, pattern, timeoutMs, (why) =>
        why === 'exited early' ? `exited early:\n${stdout()}\n${stderr()}` : `timed out waiting for ${pattern}:\n${stdout()}\n${stderr()}`,
      );
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until `check` holds (polling), or fails with `what`. */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

/** The value of one Prometheus sample, e.g. metric('gateway_upstream_in_flight') or with labels. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.startsWith(`${name}{`) ? line.slice(name.length + 1, line.lastIndexOf('}')) : '';
    const present = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
