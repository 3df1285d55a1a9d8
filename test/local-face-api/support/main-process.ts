import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runEntry, waitForText } from '../../support/child-process';

/** `npm run face-api`'s entry point (src/local-face-api/main.ts) as a child process, for process-level tests. */

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runMain(env: Record<string, string>): Started {
  const started = runEntry('src/local-face-api/main.ts', env);
  return { child: started.child, output: started.output, exited: started.ended };
}

export function waitFor(started: Started, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return waitForText(started.child, started.output, pattern, timeoutMs, () => `no ${pattern} in: ${started.output()}`);
}

/** A field of the start-up log line (JSON). */
export const printed = (output: string, name: string) => output.match(new RegExp(`"${name}":"([^"]+)"`))?.[1];

/** The generated secret is never logged: it is read from the credentials file the start-up line names. */
export const printedSecret = (output: string): string => JSON.parse(readFileSync(printed(output, 'secret_key_in')!, 'utf8')).secretKey;
