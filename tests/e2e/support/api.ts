// The router over HTTP, signed in as one person of a demo office, as a partner's form or a script
// calls it: tests prepare what the browser then shows through it.
import { DEMO_PASSWORD } from './browser.ts';

export type ApiCall = <T>(path: string, input: unknown, method?: 'GET' | 'POST') => Promise<T>;

export async function apiCaller(url: string, email: string): Promise<ApiCall> {
  const signedIn = await fetch(`${url}/trpc/auth.signIn`, {
    method: 'POST',
    // A browser sends Origin with every POST; the server refuses a POST without it.
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie)
    throw new Error(`Signing in as ${email} was answered ${signedIn.status}: ${await signedIn.text()}`);
  return async <T>(path: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> => {
    const response =
      method === 'GET'
        ? await fetch(`${url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
            headers: { cookie },
          })
        : await fetch(`${url}/trpc/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: url, cookie },
            body: JSON.stringify(input),
          });
    const body = (await response.json()) as { result?: { data: T } };
    if (!body.result) throw new Error(`${path}: ${JSON.stringify(body)}`);
    return body.result.data;
  };
}
