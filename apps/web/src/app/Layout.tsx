// The frame of every signed-in page: a skip link, the navigation, who is signed in, and sign-out.
import { ROLE_LABELS, type Role } from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { DeliveryBanner } from '../features/messages/DeliveryBanner.tsx';
import { useTRPC } from '../trpc.ts';

interface LayoutProps {
  user: { name: string; role: Role; officeName: string };
  children: ReactNode;
}

export function Layout({ user, children }: LayoutProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        void navigate('/sign-in', { replace: true });
      },
    }),
  );
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <span className="brand">Relief Desk</span>
        <nav aria-label="Main">
          <NavLink to="/matters" end>
            Case queue
          </NavLink>
          <NavLink to="/referrals/new">New referral</NavLink>
          <NavLink to="/calendar">Calendar</NavLink>
          {user.role === 'admin' && <NavLink to="/settings">Office settings</NavLink>}
          <NavLink to="/messages/problems">Delivery</NavLink>
          {user.role === 'admin' && <NavLink to="/settings/messages">Message templates</NavLink>}
          {(user.role === 'attorney' || user.role === 'supervisor') && (
            <NavLink to="/rules-review">Rules review</NavLink>
          )}
          {(user.role === 'supervisor' || user.role === 'admin') && (
            <NavLink to="/dashboard">Dashboard</NavLink>
          )}
          {(user.role === 'supervisor' || user.role === 'admin') && <NavLink to="/audit">Audit log</NavLink>}
        </nav>
        <div className="topbar__user">
          <span>
            {user.name} · {ROLE_LABELS[user.role]} · {user.officeName}
          </span>
          <button type="button" className="button button--quiet" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <DeliveryBanner />
        {children}
      </main>
    </>
  );
}
