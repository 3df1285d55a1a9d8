/**
 * A client that gives up mid-request (its timeout, a cancel) is not an internal error of the local Face API:
 * no 500 log line, and the server keeps serving.
 */
import { logger } from '../../src/observability/logger';
import { connect } from 'node:net';
import { signRequest } from '../../src/face-api-contract';
import { TEST_APP, useTestApi, type TestApi } from './support/api';

let t: TestApi;
useTestApi((_engine, api) => {
  t = api;
});

/** Sends a signed POST announcing `announced` bytes, sends fewer, then closes the connection. */
function abortMidBody(url: URL, announced: number, sent: number): Promise<void> {
  const headers = signRequest(TEST_APP, 'POST', url.pathname);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
          `X-Date: ${headers['x-date']}\r\nAuthorization: ${headers.authorization}\r\nContent-Length: ${announced}\r\n\r\n`,
      );
      socket.write(`{"image": "${'A'.repeat(sent)}`, () => setTimeout(() => socket.destroy(), 200));
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

test('a client that disconnects mid-body gives no error log and the server keeps serving', async () => {
  const errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  try {
    const url = new URL(`${t.api.url}/${TEST_APP.appId}/detect`);
    await abortMidBody(url, 100_000, 1000);
    await new Promise((wait) => setTimeout(wait, 300));
    expect(errors).not.toHaveBeenCalled();
  } finally {
    errors.mockRestore();
  }
  expect((await t.client.call('GET', 'databases')).status).toBe(200);
});
