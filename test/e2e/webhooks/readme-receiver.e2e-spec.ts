import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../../libs/devstack/src/index.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

/** The README's receiver, as it is printed: the ```js block of its Webhooks section. */
function readmeReceiver(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Webhooks'));
  const block = /```js\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no ```js receiver under ### Webhooks');
  return block[1]!;
}

describe("the README's webhook receiver", () => {
  let api: TestApi;
  let receiver: ChildProcess;
  let receiverUrl: string;
  let printed = '';
  let secret: string;
  let webhookId: string;

  beforeAll(async () => {
    api = await startTestApi();
    const port = await freePort();
    receiverUrl = `http://127.0.0.1:${port}/events`;
    const made = await api.request('POST', '/v1/webhooks', { body: { url: receiverUrl, events: ['notification.delivered'] } });
    expect(made.status).toBe(201);
    ({ secret, id: webhookId } = made.body);
    // Inside the repository, so that `standardwebhooks` resolves from its node_modules.
    mkdirSync('test/artifacts', { recursive: true });
    const file = join('test/artifacts', 'readme-receiver.mjs');
    writeFileSync(file, readmeReceiver());
    receiver = spawn(process.execPath, [file], {
      env: { PATH: process.env.PATH, HERALD_WEBHOOK_SECRET: secret, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    receiver.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    for (let tries = 0; tries < 100; tries++) {
      if (
        await fetch(receiverUrl, { method: 'POST', body: '{}' }).then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    receiver?.kill();
    await api?.close();
  });

  it('verifies the test event Herald sends it, and refuses an unsigned one', async () => {
    const answer = await api.request('POST', `/v1/webhooks/${webhookId}/test`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ delivered: true, status: 204, eventId: expect.stringMatching(/^evt_[0-9a-f]{32}$/) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(printed).toContain(`webhook.test ${answer.body.eventId}`);
    const forged = await fetch(receiverUrl, {
      method: 'POST',
      headers: { 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      body: '{}',
    });
    expect(forged.status).toBe(400);
  });

  it('is verified with the old secret too while a rotation overlaps', async () => {
    const rotated = await api.request('POST', `/v1/webhooks/${webhookId}/rotate-secret`, { body: { overlapSeconds: 60 } });
    expect(rotated.body.secret).not.toBe(secret);
    // The receiver still holds the old secret.
    expect((await api.request('POST', `/v1/webhooks/${webhookId}/test`)).body).toMatchObject({ delivered: true, status: 204 });
    await api.request('POST', `/v1/webhooks/${webhookId}/rotate-secret`, { body: { overlapSeconds: 0 } });
    expect((await api.request('POST', `/v1/webhooks/${webhookId}/test`)).body).toMatchObject({ delivered: false, status: 400 });
  });
});

describe('a test delivery to an endpoint that redirects, or never answers', () => {
  let api: TestApi;
  let server: Server;
  let base: string;
  let redirectedTo = 0;

  beforeAll(async () => {
    api = await startTestApi();
    server = createServer((request, response) => {
      if (request.url === '/redirect') return void response.writeHead(302, { location: '/elsewhere' }).end();
      if (request.url === '/elsewhere') redirectedTo += 1;
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await api?.close();
  });

  it('reports a redirect as the answer, without following it', async () => {
    const { id } = (await api.request('POST', '/v1/webhooks', { body: { url: `${base}/redirect`, events: ['notification.sent'] } })).body;
    expect((await api.request('POST', `/v1/webhooks/${id}/test`)).body).toMatchObject({ delivered: false, status: 302 });
    expect(redirectedTo).toBe(0);
  });

  it('reports a refused connection', async () => {
    const { id } = (await api.request('POST', '/v1/webhooks', { body: { url: `http://127.0.0.1:${await freePort()}/gone`, events: ['notification.sent'] } }))
      .body;
    const answer = await api.request('POST', `/v1/webhooks/${id}/test`);
    expect(answer.body).toMatchObject({ delivered: false, status: null, error: expect.any(String) });
  });
});
