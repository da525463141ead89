// The pages that open without a session: signing in, a locked owner's sign-in link, an invited
// person's first visit, a password link. The app does not ask who is signed in there, nor send anyone
// to sign in.
const PUBLIC_PATHS = new Set(['/sign-in', '/sign-in/link', '/invitation', '/password-reset']);

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname);
}
