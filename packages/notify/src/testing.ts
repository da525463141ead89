// Test-only stand-ins for the outside world: a real SMTP server on loopback (smtp-server) that can
// refuse, defer or stall chosen messages, and a real HTTP server standing in for the SMS provider.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  raw: Buffer;
  mail: ParsedMail;
}

/** What the server answers to a message: accept it, refuse it with a code, or never answer. */
export type SmtpVerdict = 'accept' | 'stall' | { responseCode: number; message: string };

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Resolves when a message has been received and stalled. */
  stalled: Promise<string>;
  close(): Promise<void>;
}

export async function startSmtpServer(
  verdict: (messageId: string, copy: number) => SmtpVerdict = () => 'accept',
  options: {
    /** A port of its own (to start a server again where a stopped one was); default any free port. */
    port?: number;
    /**
     * How long to take over each accepted message before answering 250 (a busy mail server), for all
     * or by Message-ID and copy. The message counts as received when its last byte arrives, as a
     * real server commits it then: a sender that stops waiting for the 250 leaves it received.
     */
    acceptDelayMs?: number | ((messageId: string, copy: number) => number);
  } = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let onStall: (id: string) => void = () => {};
  const stalled = new Promise<string>((resolve) => {
    onStall = resolve;
  });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const mail = await simpleParser(raw);
        const messageId = mail.messageId ?? '';
        const copy = received.filter((r) => r.messageId === messageId).length + 1;
        const answer = verdict(messageId, copy);
        if (answer === 'accept') {
          received.push({ messageId, raw, mail });
          const delay =
            typeof options.acceptDelayMs === 'function'
              ? options.acceptDelayMs(messageId, copy)
              : options.acceptDelayMs;
          if (delay) setTimeout(() => callback(), delay);
          else callback();
        } else if (answer === 'stall') {
          // The whole message arrived but the server never says 250: the sender cannot know.
          received.push({ messageId, raw, mail });
          onStall(messageId);
        } else {
          callback(Object.assign(new Error(answer.message), { responseCode: answer.responseCode }));
        }
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    stalled,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stalled sessions would hold close() open.
        setTimeout(resolve, 500).unref();
      }),
  };
}

export interface SmsRequest {
  idempotencyKey: string;
  authorization: string;
  body: { to: string; text: string; idempotencyKey: string };
}

export interface TestSmsProvider {
  url: string;
  requests: SmsRequest[];
  /** Answer with this status instead of 202. */
  failWith: number | null;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSmsProvider(): Promise<TestSmsProvider> {
  const provider: TestSmsProvider = { url: '', requests: [], failWith: null, close: async () => {} };
  const server = createServer(async (request, response) => {
    const body = JSON.parse(await bodyOf(request)) as SmsRequest['body'];
    provider.requests.push({
      idempotencyKey: String(request.headers['idempotency-key'] ?? ''),
      authorization: String(request.headers.authorization ?? ''),
      body,
    });
    response.writeHead(provider.failWith ?? 202, { 'content-type': 'application/json' });
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  provider.url = `http://127.0.0.1:${port}/v1/messages`;
  provider.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return provider;
}

export { textDefects } from './text-defects.ts';
