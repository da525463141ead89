// The frame of every signed-in page: a skip link, the navigation, who is signed in, and sign-out.
import { can, ROLE_LABELS, type Role } from '@relief-desk/domain';
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
          {/* Shown for the same permissions that guard the routes in App.tsx and the server. */}
          {can(user.role, 'administer') && <NavLink to="/settings">Office settings</NavLink>}
          <NavLink to="/messages/problems">Delivery</NavLink>
          {can(user.role, 'administer') && <NavLink to="/settings/messages">Message templates</NavLink>}
          {can(user.role, 'decideEligibility') && <NavLink to="/rules-review">Rules review</NavLink>}
          {can(user.role, 'readAuditLog') && <NavLink to="/dashboard">Dashboard</NavLink>}
          {can(user.role, 'readAuditLog') && <NavLink to="/audit">Audit log</NavLink>}
        </nav>
        <div className="topbar__user">
          <span>
            {user.name} · {ROLE_LABELS[user.role]} · {user.officeName}
          </span>
          <NavLink to="/account/sessions">Your sessions</NavLink>
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
