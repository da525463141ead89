// Sends through a real HTTP server on loopback standing in for the SMS provider.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../errors.ts';
import { createSmsSender, toE164 } from './sender.ts';

interface ReceivedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: unknown;
}

interface FakeProvider {
  url: string;
  received: ReceivedRequest[];
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function startProvider(status: number, delayMs = 0): Promise<FakeProvider> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      setTimeout(() => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 'provider-1' }));
      }, delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/v1/messages`, received };
}

const message = {
  to: '(510) 555-0123',
  text: 'Hola, Begoña Núñez. ¿Preguntas?',
  idempotencyKey: 'outbox-42',
};

async function deliveryError(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(err)}`);
  return err;
}

describe('createSmsSender against a local HTTP provider', () => {
  it('POSTs JSON with the Bearer key and the idempotency key; 200 is success', async () => {
    const provider = await startProvider(200);
    const sender = createSmsSender({ apiUrl: provider.url, apiKey: 'test-key-123' });
    await expect(sender.send(message)).resolves.toEqual({ status: 200 });

    expect(provider.received).toHaveLength(1);
    const [request] = provider.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/messages');
    expect(request?.headers.authorization).toBe('Bearer test-key-123');
    expect(request?.headers['idempotency-key']).toBe('outbox-42');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({
      to: '+15105550123',
      text: 'Hola, Begoña Núñez. ¿Preguntas?',
      idempotencyKey: 'outbox-42',
    });
  });

  it.each([500, 503, 400, 401, 429])('HTTP %i is a failure to retry', async (status) => {
    const provider = await startProvider(status);
    const sender = createSmsSender({ apiUrl: provider.url, apiKey: 'k' });
    const err = await deliveryError(sender.send(message));
    expect(err).toMatchObject({ code: 'HTTP_STATUS', retryable: true });
    expect(err.reason).toContain(String(status));
  });

  it('a provider that does not answer in time is a timeout to retry', async () => {
    const provider = await startProvider(200, 2_000);
    const sender = createSmsSender({ apiUrl: provider.url, apiKey: 'k', timeoutMs: 200 });
    await expect(sender.send(message)).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('an unreachable provider is a connection failure to retry', async () => {
    const provider = await startProvider(200);
    const sender = createSmsSender({ apiUrl: provider.url, apiKey: 'k' });
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    await expect(sender.send(message)).rejects.toMatchObject({ code: 'CONNECTION', retryable: true });
  });

  it('a number that cannot receive texts is refused without a request', async () => {
    const provider = await startProvider(200);
    const sender = createSmsSender({ apiUrl: provider.url, apiKey: 'k' });
    await expect(sender.send({ ...message, to: '555-0123' })).rejects.toMatchObject({
      code: 'INVALID_RECIPIENT',
      retryable: false,
    });
    expect(provider.received).toHaveLength(0);
  });

  it.each([
    ['SMS_API_URL', { apiUrl: 'ftp://x', apiKey: 'k' }],
    ['SMS_API_URL', { apiUrl: 'not a url', apiKey: 'k' }],
    ['SMS_API_KEY', { apiUrl: 'https://sms.example.org', apiKey: ' ' }],
  ])('bad configuration names %s', (variable, options) => {
    expect(() => createSmsSender(options)).toThrow(new RegExp(`^${variable}: `));
  });
});

describe('toE164', () => {
  it.each([
    ['(510) 555-0123', '+15105550123'],
    ['510.555.0123', '+15105550123'],
    ['1 510 555 0123', '+15105550123'],
    ['+52 55 1234 5678', '+525512345678'],
    ['555-0123', null],
    ['+0 123', null],
  ])('%s → %s', (phone, expected) => {
    expect(toE164(phone)).toBe(expected);
  });
});
