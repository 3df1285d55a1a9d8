/**
 * The layers of src/ hold (docs/architecture.md): dependency-cruiser reads every import of src/, type-only
 * imports included, and checks it against the rules in .dependency-cruiser.cjs (no circle; each floor imports
 * only the floors below it). A fixture tree with one breach of each rule shows that every rule can fail.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Where each file of src/ belongs; a file outside all of them has no rule and so no layer. */
const LAYERS = /^src\/(main\.ts$|config\/|gateway\/|upstream\/|local-face-api\/|face-api-contract\/|settings\/|observability\/)/;

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: Array<{ name: string }>;
}
interface Cruise {
  modules: Array<{ source: string; dependencies: Array<{ resolved: string; dependencyTypes: string[] }> }>;
  summary: { violations: Violation[]; ruleSetUsed: { forbidden: Array<{ name: string; comment: string }> } };
}

/** depcruise exits with the number of errors, so its answer is read whatever the exit code. */
async function cruise(cwd: string): Promise<Cruise> {
  const args = [CLI, 'src', '--config', CONFIG, '--output-type', 'json'];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`dependency-cruiser failed: ${error.stderr}`);
      return { stdout: error.stdout };
    },
  );
  return JSON.parse(stdout) as Cruise;
}

function explain(violation: Violation, result: Cruise): string {
  const rule = result.summary.ruleSetUsed.forbidden.find((r) => r.name === violation.rule.name);
  const path = violation.cycle ? ` (circle: ${[violation.from, ...violation.cycle.map((c) => c.name)].join(' → ')})` : '';
  return `${violation.rule.name}: ${violation.from} → ${violation.to}${path}; ${rule?.comment ?? ''}`;
}

describe('the import graph of src/', () => {
  let result: Cruise;
  beforeAll(async () => {
    result = await cruise(ROOT);
  }, 120_000);

  it('is read whole: every file, type-only imports included, each file in a layer', () => {
    expect(result.modules.length).toBeGreaterThan(100);
    const typeOnly = result.modules.flatMap((m) => m.dependencies).filter((d) => d.dependencyTypes.includes('type-only'));
    expect(typeOnly.length).toBeGreaterThan(10);
    expect(result.modules.map((m) => m.source).filter((source) => !LAYERS.test(source))).toEqual([]);
  });

  it('breaks no rule: no circle, no import up or across the layers', () => {
    expect(result.summary.violations.map((v) => explain(v, result))).toEqual([]);
  });
});

describe('the rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('each catch its breach in a fixture tree', async () => {
    const files: Record<string, string> = {
      'src/settings/index.ts': 'export const setting = 1;\n',
      'src/face-api-contract/index.ts': "import '../settings';\n", // the bottom floor importing src
      'src/config/index.ts': 'export const config = 1;\n',
      'src/upstream/client.ts': "import '../config';\n", // the client importing the top floor
      'src/local-face-api/server.ts': "import '../upstream/client';\n", // the local Face API importing the client
      'src/local-face-api/engine/index.ts': "import '../server';\n", // the engine importing its server
      'src/local-face-api/engine/a.ts': "import './b';\nexport const a = 1;\n", // a circle
      'src/local-face-api/engine/b.ts': "import { a } from './a';\nexport const b = a;\n",
      'src/local-face-api/engine/models/m.ts': "import '../geometry/g';\n", // models importing geometry
      'src/local-face-api/engine/geometry/g.ts': "import '../models/n';\n", // geometry importing models
      'src/local-face-api/engine/models/n.ts': 'export const n = 1;\n',
      'src/local-face-api/engine/analysis/x.ts': "import '../threads/t';\n", // analysis importing threads
      'src/local-face-api/engine/threads/t.ts': "import '../index';\n", // threads importing the engine's index
      'src/gateway/server.ts': "import '../local-face-api/engine/a';\n", // across, and into the engine's files
      'src/gateway/start.ts': "import '../main';\n", // an entry point imported
      'src/main.ts': 'export {};\n',
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022', strict: true } }),
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const fixture = await cruise(dir);
    const broken = new Set(fixture.summary.violations.map((v) => v.rule.name));
    expect([...broken].sort()).toEqual(fixture.summary.ruleSetUsed.forbidden.map((r) => r.name).sort());
  }, 120_000);
});
