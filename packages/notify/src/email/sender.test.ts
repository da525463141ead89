// Delivers through a real SMTP server on loopback and reads back what arrived.
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError, NotifyConfigError } from '../errors.ts';
import { renderStatusMessage } from '../templates/render-status.ts';
import { CLIENT_VALUES } from '../test-support.ts';
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

  it('refuses a message id that is not an outbox id, before connecting', async () => {
    const sender = await senderFor(await closedPort());
    const err = await deliveryError(
      sender.send({ to: 'a@example.net', subject: 'S', text: 'T', messageId: '<x@y>', language: 'en' }),
    );
    expect(err).toMatchObject({ code: 'INVALID_MESSAGE', retryable: false });
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
