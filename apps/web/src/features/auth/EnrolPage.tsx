// Where someone who must set up a second factor (their office requires one, or an administrator reset
// theirs) lands until they do: a frame of its own (the rest of the app refuses this session), with the
// sign-in security page and a way to sign out.
import { SignInSecurityPage } from './SignInSecurityPage.tsx';
import { useSignOut } from './signOut.ts';

export function EnrolPage({ user }: { user: { name: string; officeName: string } }) {
  const signOut = useSignOut();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <span className="brand">Relief Desk</span>
        <div className="topbar__user">
          <p>
            <span className="topbar__name">{user.name}</span>{' '}
            <span className="topbar__office">{user.officeName}</span>
          </p>
          <button type="button" className="button button--quiet" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <SignInSecurityPage enrolment />
      </main>
    </>
  );
}
