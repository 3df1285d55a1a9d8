/** `src/main.ts` (`npm start`) as a real child process, for process-level tests. */
import type { ChildProcess } from 'node:child_process';
import { runEntry, waitForText } from '../../support/child-process';

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts main.ts with only PATH and `env`; `as` runs it as another user (when this process is root). */
export function run(env: Record<string, string>, as?: { uid: number; gid: number }): Started {
  const started = runEntry('src/main.ts', env, as);
  return { child: started.child, output: started.output, exited: started.ended.then(({ code }) => code) };
}

export function waitFor(started: Started, pattern: RegExp, timeoutMs = 90000): Promise<RegExpMatchArray> {
  return waitForText(started.child, started.output, pattern, timeoutMs, (why) =>
    why === 'exited early' ? `exited early:\n${started.output()}` : `timed out waiting for ${pattern}:\n${started.output()}`,
  );
}
