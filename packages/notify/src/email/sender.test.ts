// Delivers through a real SMTP server on loopback and reads back what arrived.
import { createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError, NotifyConfigError } from '../errors.ts';
import { renderStatusMessage } from '../templates/render-status.ts';
import { CLIENT_VALUES } from '../test-support.ts';
import { startSmtpServer as startSlowSmtpServer } from '../testing.ts';
import { createEmailSender, type EmailSender } from './sender.ts';
import { parseSmtpUrl } from './smtp-url.ts';

interface TestServer {
  port: number;
  received: Buffer[];
  close(): Promise<void>;
}

type Rejection = { responseCode: number; message: string };

async function startSmtpServer(rejectRecipient?: Rejection): Promise<TestServer> {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address: SMTPServerAddress, _session, callback) {
      if (!rejectRecipient) return callback();
      const err = Object.assign(new Error(rejectRecipient.message), {
        responseCode: rejectRecipient.responseCode,
      });
      callback(err);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP server has no port');
  return {
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function senderFor(port: number): Promise<EmailSender> {
  const sender = createEmailSender({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: 'Clean Slate Clinic <cleanslate@example.org>',
    timeoutMs: 3_000,
  });
  cleanups.push(() => sender.close());
  return sender;
}

async function deliveryError(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(err)}`);
  return err;
}

describe('createEmailSender with a real SMTP server', () => {
  it('delivers Spanish text and a PDF attachment intact, with a Message-ID from the outbox id', async () => {
    const server = await startSmtpServer();
    cleanups.push(() => server.close());
    const sender = await senderFor(server.port);
    await sender.verify();

    const message = renderStatusMessage({
      statusType: 'court_date_set',
      nextSteps: ['wait_for_decision', 'contact_us'],
      language: 'es',
      channel: 'email',
      values: CLIENT_VALUES,
    });
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256)),
    ]);
    const result = await sender.send({
      to: 'begona@example.net',
      subject: message.subject,
      text: message.text,
      attachments: [{ filename: 'orden-firmada.pdf', content: pdf, contentType: 'application/pdf' }],
      messageId: 'outbox-42',
      language: 'es',
    });
    expect(result.messageId).toBe('<outbox-42@relief-desk>');

    expect(server.received).toHaveLength(1);
    const mail = await simpleParser(server.received[0] ?? Buffer.alloc(0));
    expect(mail.subject).toBe('Fecha de su audiencia: 7 de marzo de 2027');
    expect(mail.text?.trimEnd()).toBe(message.text);
    expect(mail.text).toContain('Begoña Núñez');
    expect(mail.messageId).toBe('<outbox-42@relief-desk>');
    expect(mail.headers.get('content-language')).toBe('es');
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment?.filename).toBe('orden-firmada.pdf');
    expect(attachment?.contentType).toBe('application/pdf');
    expect(sha256(attachment?.content ?? Buffer.alloc(0))).toBe(sha256(pdf));
  });

  it('a retry of the same outbox row carries the same Message-ID', async () => {
    const server = await startSmtpServer();
    cleanups.push(() => server.close());
    const sender = await senderFor(server.port);
    const message = {
      to: 'a@example.net',
      subject: 'S',
      text: 'T',
      messageId: 'outbox-7',
      language: 'en',
    } as const;
    await sender.send(message);
    await sender.send(message);
    const ids = await Promise.all(server.received.map(async (raw) => (await simpleParser(raw)).messageId));
    expect(ids).toEqual(['<outbox-7@relief-desk>', '<outbox-7@relief-desk>']);
  });

  it('550 mailbox unavailable: a permanent failure', async () => {
    const server = await startSmtpServer({ responseCode: 550, message: 'Mailbox unavailable' });
    cleanups.push(() => server.close());
    const sender = await senderFor(server.port);
    const err = await deliveryError(
      sender.send({ to: 'gone@example.net', subject: 'S', text: 'T', messageId: 'outbox-1', language: 'en' }),
    );
    expect(err).toMatchObject({ code: 'SMTP_PERMANENT', retryable: false });
    expect(err.reason).toContain('550');
    expect(err.reason).not.toContain('gone@example.net');
  });

  it('451 try again later: a temporary failure', async () => {
    const server = await startSmtpServer({ responseCode: 451, message: 'Try again later' });
    cleanups.push(() => server.close());
    const sender = await senderFor(server.port);
    const err = await deliveryError(
      sender.send({ to: 'busy@example.net', subject: 'S', text: 'T', messageId: 'outbox-2', language: 'en' }),
    );
    expect(err).toMatchObject({ code: 'SMTP_TEMPORARY', retryable: true });
  });

  it('nothing listening: a connection failure to retry', async () => {
    const sender = await senderFor(await closedPort());
    const err = await deliveryError(
      sender.send({ to: 'a@example.net', subject: 'S', text: 'T', messageId: 'outbox-3', language: 'en' }),
    );
    expect(err).toMatchObject({ code: 'CONNECTION', retryable: true });
    await expect(sender.verify()).rejects.toMatchObject({ retryable: true });
  });

  it('Reply-To: the address given (the office’s), From kept; none given, no Reply-To', async () => {
    const server = await startSmtpServer();
    cleanups.push(() => server.close());
    const sender = await senderFor(server.port);
    const message = { to: 'a@example.net', subject: 'S', text: 'T', language: 'en' } as const;
    await sender.send({
      ...message,
      messageId: 'outbox-8',
      replyTo: { name: 'Bay Area Legal Aid', address: 'help@baylegal.example' },
    });
    await sender.send({ ...message, messageId: 'outbox-9' });
    const [withReply, without] = await Promise.all(server.received.map((raw) => simpleParser(raw)));
    expect(withReply?.replyTo?.value).toEqual([
      { name: 'Bay Area Legal Aid', address: 'help@baylegal.example' },
    ]);
    expect(withReply?.from?.value).toEqual([
      { name: 'Clean Slate Clinic', address: 'cleanslate@example.org' },
    ]);
    expect(without?.headers.has('reply-to')).toBe(false);
  });

  it('refuses a message id that is not an outbox id, before connecting', async () => {
    const sender = await senderFor(await closedPort());
    const err = await deliveryError(
      sender.send({ to: 'a@example.net', subject: 'S', text: 'T', messageId: '<x@y>', language: 'en' }),
    );
    expect(err).toMatchObject({ code: 'INVALID_MESSAGE', retryable: false });
  });
});

// RFC 5321 section 4.5.3.2: waits on the server by what it is doing. The tests shorten them.
describe('createEmailSender waiting on a slow server', () => {
  const message = { to: 'a@example.net', subject: 'S', text: 'T', language: 'en' } as const;

  /** A server that takes connections and says nothing, not even its greeting. */
  async function silentServer(): Promise<number> {
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  }

  it('by default waits as RFC 5321 asks: 5 minutes for the greeting, 10 for the end of the message', () => {
    const sender = createEmailSender({ smtpUrl: 'smtp://127.0.0.1:1', from: 'a@example.org' });
    cleanups.push(() => sender.close());
    // Connecting (15 s), the greeting, the reply to the end of the message and as long for the rest.
    expect(sender.sendLimitMs).toBe(15_000 + 5 * 60_000 + 2 * 10 * 60_000);
  });

  it('no answer to the end of the message: UNCONFIRMED, as the server has the whole of it', async () => {
    const server = await startSlowSmtpServer(undefined, { acceptDelayMs: 3_000 });
    cleanups.push(() => server.close());
    const sender = createEmailSender({
      smtpUrl: server.url,
      from: 'a@example.org',
      timeoutMs: 1_000,
      replyTimeoutMs: 1_000,
    });
    cleanups.push(() => sender.close());
    const err = await deliveryError(sender.send({ ...message, messageId: 'outbox-slow' }));
    expect(err).toMatchObject({ code: 'UNCONFIRMED', retryable: true });
    expect(err.reason).toMatch(/may have arrived/);
    expect(server.received.map((r) => r.messageId)).toEqual(['<outbox-slow@relief-desk>']);
  });

  it('no answer before the end of the message (here to MAIL FROM): TIMEOUT, nothing arrived', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom() {},
      onData(stream, _session, callback) {
        stream.on('data', () => {});
        stream.on('end', () => {
          received.push('message');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          setTimeout(resolve, 200).unref();
        }),
    );
    const address = server.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const sender = createEmailSender({
      smtpUrl: `smtp://127.0.0.1:${address.port}`,
      from: 'a@example.org',
      timeoutMs: 1_000,
      replyTimeoutMs: 1_000,
    });
    cleanups.push(() => sender.close());
    const err = await deliveryError(sender.send({ ...message, messageId: 'outbox-mail-from' }));
    expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(received).toEqual([]);
  });

  it('no greeting: TIMEOUT within the greeting wait; the check gives up within its own short limit', async () => {
    const port = await silentServer();
    const sender = createEmailSender({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'a@example.org',
      timeoutMs: 200,
      greetingTimeoutMs: 300,
    });
    cleanups.push(() => sender.close());
    const sent = Date.now();
    const err = await deliveryError(sender.send({ ...message, messageId: 'outbox-no-greeting' }));
    expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(Date.now() - sent).toBeLessThan(2_000);

    // With the send's greeting wait at RFC 5321's 5 minutes, the check still gives up at 200 ms.
    const patient = createEmailSender({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'a@example.org',
      timeoutMs: 200,
    });
    cleanups.push(() => patient.close());
    const checked = Date.now();
    await expect(patient.verify()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - checked).toBeLessThan(2_000);
  });
});

describe('parseSmtpUrl', () => {
  it.each([
    ['smtp://mail.example.org:2525', { host: 'mail.example.org', port: 2525, secure: false }],
    ['smtp://mail.example.org', { host: 'mail.example.org', port: 587, secure: false }],
    ['smtps://mail.example.org', { host: 'mail.example.org', port: 465, secure: true }],
    [
      'smtps://office%40example.org:p%40ss%3Aword@mail.example.org:465',
      {
        host: 'mail.example.org',
        port: 465,
        secure: true,
        auth: { user: 'office@example.org', pass: 'p@ss:word' },
      },
    ],
    ['smtp://[::1]:25', { host: '::1', port: 25, secure: false }],
  ])('%s', (url, expected) => {
    expect(parseSmtpUrl(url)).toEqual(expected);
  });

  it.each(['not a url', 'http://mail.example.org', 'smtp://user@mail.example.org', 'smtp://'])(
    'refuses %j, naming SMTP_URL without echoing it',
    (url) => {
      const parse = () => parseSmtpUrl(url);
      expect(parse).toThrow(NotifyConfigError);
      expect(parse).toThrow(/^SMTP_URL: /);
    },
  );

  it('never repeats the password in its error', () => {
    expect(() => parseSmtpUrl('ftp://me:s3cret@host')).toThrow(
      expect.not.objectContaining({ message: /s3cret/ }),
    );
  });

  it('createEmailSender refuses a MAIL_FROM that is not an address', () => {
    expect(() => createEmailSender({ smtpUrl: 'smtp://localhost', from: 'Clinic' })).toThrow(/^MAIL_FROM: /);
  });
});
