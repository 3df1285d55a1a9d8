import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_APP, useTestApi, type TestApi } from './support/api';
import { makeTempDir } from './support/temp-dir';

/** A stdlib-only Python client that signs like the cloud's quickstart drives the server unchanged. */

const SCRIPT = join(__dirname, 'python', 'manage_databases.py');
const python = spawnSync('python3', ['--version']).status === 0;
if (!python) console.warn('Python client test skipped: python3 is not installed');

(python ? describe : describe.skip)('Python quickstart-style client', () => {
  let t: TestApi;
  const params = makeTempDir();

  const writeParameters = (secretKey: string) =>
    writeFileSync(
      join(params.path, 'api_parameters.py'),
      `api_url = "${t.api.url}"\napp_id = "${TEST_APP.appId}"\naccess_key = "${TEST_APP.accessKey}"\nsecret_key = "${secretKey}"\n`,
    );
  // Asynchronous: the server answers from this same process.
  const runPython = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('python3', [SCRIPT, ...args], { env: { ...process.env, PYTHONPATH: params.path } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  useTestApi((_, api) => (t = api));
  afterAll(() => params.remove());

  it('creates, lists and deletes a database', async () => {
    writeParameters(TEST_APP.secretKey);
    const created = await runPython('create', 'foo', '1000');
    expect(created.stderr).toBe('');
    const database = JSON.parse(created.stdout);
    expect(database).toMatchObject({ name: 'foo', max_size: 1000, db_id: expect.any(String) });

    const listed = JSON.parse((await runPython('list')).stdout);
    expect(listed.databases.map((db: { db_id: string }) => db.db_id)).toContain(database.db_id);

    const deleted = await runPython('delete', database.db_id);
    expect(deleted.status).toBe(0);
    expect(JSON.parse((await runPython('list')).stdout).databases).toEqual([]);

    const again = await runPython('delete', database.db_id);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^HTTP 404 .*"code":5/);
  });

  it('gets the Kong 401 with a wrong secret key', async () => {
    writeParameters('not-the-secret');
    const answer = await runPython('list');
    expect(answer.status).toBe(1);
    expect(answer.stderr).toMatch(/^HTTP 401 \{.*"message":"HMAC signature does not match"/);
  });
});
