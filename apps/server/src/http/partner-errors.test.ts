// What a partner's program is told of a refusal the API words for a person on a page: a request whose
// Idempotency-Key is still being processed is told, in a program's terms, to retry after Retry-After
// seconds with the same key and body (409 carries Retry-After).
import { AppError } from '@relief-desk/api';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { sendPartnerError } from './partner-api.ts';

describe('a partner referral refused while its Idempotency-Key is still being processed', () => {
  it('is answered 409 with Retry-After and words for a program, not a person', async () => {
    const app = Fastify();
    app.post('/in-progress', async (request, reply) =>
      sendPartnerError(
        reply,
        request,
        new AppError(
          'REQUEST_IN_PROGRESS',
          'This change is still being saved. Wait a moment and try again: it will not be saved twice.',
        ),
      ),
    );
    const answer = await app.inject({ method: 'POST', url: '/in-progress' });
    expect(answer.statusCode).toBe(409);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    const { error } = answer.json<{ error: { message: string; appCode: string } }>();
    expect(error.appCode).toBe('REQUEST_IN_PROGRESS');
    expect(error.message).toContain('Idempotency-Key');
    expect(error.message).toContain('Retry-After');
    expect(error.message).not.toContain('still being saved');
    await app.close();
  });
});
