import { rmSync } from 'node:fs';
import type { FaceEngine } from '../../src/local-face-api/engine';
import { startTestApi, useTestApi, TRACE_ID, type TestApi } from './support/api';

/** E4/E5/E6 over HTTP: shapes, validation and 404s. */

let engine: FaceEngine;
let t: TestApi;

useTestApi((e, api) => {
  engine = e;
  t = api;
});

it('creates a database with the contract shape, lists it and deletes it', async () => {
  const created = await t.client.call('POST', 'databases', { name: 'foo', description: 'quickstart', max_size: 1000 });
  expect(created.status).toBe(200);
  expect(created.body).toEqual({
    trace_id: expect.stringMatching(TRACE_ID),
    db_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    name: 'foo',
    description: 'quickstart',
    max_size: 1000,
    size: 0,
    object_type: 'OBJECT_FACE',
    feature_version: 2,
    created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  });
  const { db_id: dbId, trace_id: _, ...database } = created.body;

  const listed = await t.client.call('GET', 'databases');
  expect(listed.status).toBe(200);
  expect(listed.body.databases).toContainEqual({ db_id: dbId, ...database });

  const deleted = await t.client.call('DELETE', `databases/${dbId}`);
  expect(deleted.status).toBe(200);
  expect(deleted.body).toEqual({ trace_id: expect.stringMatching(TRACE_ID) });
  expect((await t.client.call('GET', 'databases')).body.databases.map((db: { db_id: string }) => db.db_id)).not.toContain(dbId);
});

it('description is optional and defaults to ""', async () => {
  const created = await t.client.call('POST', 'databases', { name: 'bare', max_size: 1 });
  expect(created.body.description).toBe('');
});

it.each([
  ['name missing', { max_size: 10 }, 'name'],
  ['name empty', { name: '  ', max_size: 10 }, 'name'],
  ['name not a string', { name: 5, max_size: 10 }, 'name'],
  ['name too long', { name: 'x'.repeat(257), max_size: 10 }, 'name'],
  ['max_size missing', { name: 'a' }, 'max_size'],
  ['max_size zero', { name: 'a', max_size: 0 }, 'max_size'],
  ['max_size fractional', { name: 'a', max_size: 1.5 }, 'max_size'],
  ['max_size a string', { name: 'a', max_size: '10' }, 'max_size'],
  ['max_size above 8 million', { name: 'a', max_size: 8_000_001 }, 'max_size'],
  ['description not a string', { name: 'a', max_size: 1, description: 3 }, 'description'],
])('400 INVALID_ARGUMENT naming the field when %s', async (_, body, field) => {
  const answer = await t.client.call('POST', 'databases', body);
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ code: 3, trace_id: expect.stringMatching(TRACE_ID) });
  expect(answer.body.message).toContain(field);
});

it('404 NOT_FOUND when deleting an unknown database', async () => {
  const answer = await t.client.call('DELETE', 'databases/00000000-0000-0000-0000-000000000000');
  expect(answer.status).toBe(404);
  expect(answer.body).toMatchObject({ code: 5, message: expect.stringContaining('does not exist') });
});

it('keeps databases across a restart on the same DATA_DIR', async () => {
  const own = await startTestApi(engine);
  const dbId = await own.client.createDatabase(5, 'durable');
  await own.close(true);
  const again = await startTestApi(engine, own.dataDir);
  try {
    const listed = await again.client.call('GET', 'databases');
    expect(listed.body.databases).toEqual([expect.objectContaining({ db_id: dbId, name: 'durable', max_size: 5 })]);
  } finally {
    await again.close();
    rmSync(own.dataDir, { recursive: true, force: true });
  }
});
