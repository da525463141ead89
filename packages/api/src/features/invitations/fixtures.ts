// Test-only: an office's administrator signed in on a server that knows its public address (links in
// invitations and password e-mails need it).
import { createCaller } from '../../router.ts';
import type { ApiHarness } from '../../testing.ts';

export const PUBLIC_ORIGIN = 'https://desk.example.org';

export async function adminSignedIn(api: ApiHarness, office: 'alameda' | 'bayLegal') {
  const ctx = api.context({ publicOrigin: PUBLIC_ORIGIN });
  await createCaller(ctx).auth.signIn({
    email: `admin@${office.toLowerCase()}.test`,
    password: 'quiet river morning 42',
  });
  return createCaller(api.context({ sessionToken: ctx.cookieJar.token, publicOrigin: PUBLIC_ORIGIN }));
}
