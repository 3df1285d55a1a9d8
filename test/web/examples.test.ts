/** The frontend snippets of examples/frontend type-check against typed documents generated from the committed schema. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const bin = (path: string) => join(ROOT, 'node_modules', path);

test('Apollo Client (uploads), urql and graphql-request snippets compile against the generated types', () => {
  execFileSync(process.execPath, [bin('@graphql-codegen/cli/cjs/bin.js'), '--config', 'examples/frontend/codegen.test.yml', '--silent'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  // a field renamed in the schema, or an enum value gone, fails here
  execFileSync(process.execPath, [bin('typescript/bin/tsc'), '-p', 'examples/frontend/tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);
