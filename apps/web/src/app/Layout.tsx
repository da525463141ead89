// The frame of every signed-in page: a skip link, the navigation, who is signed in, and sign-out.
// On a narrow screen the navigation folds behind a Menu button (a disclosure: Escape closes it and
// returns focus to the button); on a wide one it is a single row.
import { can, ROLE_LABELS, type Role } from '@relief-desk/domain';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { useSignOut } from '../features/auth/signOut.ts';
import { SetupNotice } from '../features/offices/SetupNotice.tsx';
import { DeliveryBanner } from './lazyPages.tsx';
import { SITE_PAGES } from './pages.ts';

interface LayoutProps {
  user: { name: string; role: Role; officeName: string };
  children: ReactNode;
}

export function Layout({ user, children }: LayoutProps) {
  const navigate = useNavigate();
  const signOut = useSignOut(() => void navigate('/sign-in', { replace: true }));
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  // Following a link closes the menu: the page it opens is what the person wants to see.
  const { pathname } = useLocation();
  const [menuPath, setMenuPath] = useState(pathname);
  if (menuPath !== pathname) {
    setMenuPath(pathname);
    setMenuOpen(false);
  }
  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <span className="brand">Relief Desk</span>
        <button
          ref={menuButton}
          type="button"
          className="topbar__menu-button"
          aria-expanded={menuOpen}
          aria-controls="site-menu"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <div id="site-menu" className={menuOpen ? 'topbar__menu topbar__menu--open' : 'topbar__menu'}>
          <nav aria-label="Main">
            <ul className="topbar__pages">
              {/* Only what the role can use: the same permissions the server checks. */}
              {SITE_PAGES.filter((page) => page.menu !== false && can(user.role, page.permission)).map(
                (page) => (
                  <li key={page.path}>
                    <NavLink to={page.path} end={page.path === '/matters'}>
                      {page.label}
                    </NavLink>
                  </li>
                ),
              )}
            </ul>
          </nav>
          <div className="topbar__user">
            <p>
              <span>
                <span className="topbar__name">{user.name}</span> · {ROLE_LABELS[user.role]}
              </span>
              <span className="topbar__office">{user.officeName}</span>
            </p>
            <NavLink to="/account/sessions">Your sessions</NavLink>
            <NavLink to="/account/security">Sign-in security</NavLink>
            <button type="button" className="button button--quiet" onClick={() => signOut.mutate()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* Administrators are the ones who can finish the office profile. */}
        {can(user.role, 'administer') && <SetupNotice />}
        <DeliveryBanner role={user.role} />
        {children}
      </main>
    </>
  );
}
