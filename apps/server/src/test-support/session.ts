// Signing in over HTTP in a test: the session cookie's value, as a browser on the desk's own page gets
// it. Throws with the answer when the sign-in is refused, so a test does not go on signed out.
import { TEST_PASSWORD } from '@relief-desk/api/testing';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../http/app.ts';

export async function sessionCookieOf(
  app: FastifyInstance,
  email: string,
  options: { password?: string; origin?: string } = {},
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/trpc/auth.signIn',
    headers: { origin: options.origin ?? 'http://localhost' },
    payload: { email, password: options.password ?? TEST_PASSWORD },
  });
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (response.statusCode !== 200 || !cookie)
    throw new Error(`Signing in as ${email} was answered ${response.statusCode}: ${response.body}`);
  return cookie;
}
