// Every page is a chunk of its own, fetched the first time it is opened: sign-in and the queue do not
// download the dashboard's charts, the matter page's forms or the settings. A page added to the router
// is declared here the same way. While a page's chunk loads, PageSuspense shows a status message.
import type { Role } from '@relief-desk/domain';
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';

const load = {
  sessions: () => import('../features/auth/SessionsPage.tsx'),
  security: () => import('../features/auth/SignInSecurityPage.tsx'),
  enrol: () => import('../features/auth/EnrolPage.tsx'),
  audit: () => import('../features/audit/AuditPage.tsx'),
  signIn: () => import('../features/auth/SignInPage.tsx'),
  client: () => import('../features/clients/ClientPage.tsx'),
  mergeClients: () => import('../features/clients/MergeClientsPage.tsx'),
  dashboard: () => import('../features/dashboard/DashboardPage.tsx'),
  rulesReview: () => import('../features/eligibility/RulesReviewPage.tsx'),
  calendar: () => import('../features/matters/CalendarPage.tsx'),
  matter: () => import('../features/matters/MatterPage.tsx'),
  deliveryProblems: () => import('../features/messages/DeliveryProblemsPage.tsx'),
  messageSettings: () => import('../features/messages/MessageSettingsPage.tsx'),
  queue: () => import('../features/queues/QueuePage.tsx'),
  newReferral: () => import('../features/referrals/NewReferralPage.tsx'),
  officeSettings: () => import('../features/offices/OfficeSettingsPage.tsx'),
  users: () => import('../features/users/UsersPage.tsx'),
  invitation: () => import('../features/invitations/InvitationPage.tsx'),
  passwordReset: () => import('../features/password-resets/PasswordResetPage.tsx'),
  signInLink: () => import('../features/auth/SignInLinkPage.tsx'),
  filingRuns: () => import('../features/packets/FilingRunsPage.tsx'),
  rapReview: () => import('../features/rap-import/RapReviewPage.tsx'),
};

/** The chunk of the page at a path, as the routes in App.tsx place them. */
function loaderFor(pathname: string): (() => Promise<unknown>) | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (/^\/matters\/[^/]+$/.test(path)) return load.matter;
  if (/^\/matters\/[^/]+\/rap-imports\/[^/]+$/.test(path)) return load.rapReview;
  if (/^\/clients\/[^/]+$/.test(path)) return load.client;
  if (/^\/clients\/[^/]+\/merge$/.test(path)) return load.mergeClients;
  const byPath: Record<string, () => Promise<unknown>> = {
    '/': load.queue,
    '/matters': load.queue,
    '/sign-in': load.signIn,
    '/account/sessions': load.sessions,
    '/account/security': load.security,
    '/audit': load.audit,
    '/dashboard': load.dashboard,
    '/rules-review': load.rulesReview,
    '/calendar': load.calendar,
    '/messages/problems': load.deliveryProblems,
    '/settings/messages': load.messageSettings,
    '/referrals/new': load.newReferral,
    '/settings': load.officeSettings,
    '/settings/users': load.users,
    '/invitation': load.invitation,
    '/password-reset': load.passwordReset,
    '/sign-in/link': load.signInLink,
    '/filing': load.filingRuns,
  };
  return byPath[path];
}

// biome-ignore lint/suspicious/noExplicitAny: the bound React.lazy itself puts on a component's props.
type LazyPage = ComponentType<any>;

/** Modules already loaded, by loader: a page drawn from one needs no Suspense fallback. */
const loaded = new Map<() => Promise<unknown>, unknown>();

/**
 * Starts loading the chunk of the page at a path (app/startup.ts calls it as the app starts, beside
 * the check of who is signed in); resolves when it is in, or failed (the page's own load reports it).
 */
export function preloadPageAt(pathname: string): Promise<void> {
  const loader = loaderFor(pathname);
  if (!loader) return Promise.resolve();
  return loader().then(
    (module) => {
      loaded.set(loader, module);
    },
    () => undefined,
  );
}

/**
 * A page as a lazy component. When its chunk is already in, it resolves at once (React takes a
 * thenable that calls back synchronously), so the first draw shows the page, not "Loading page…".
 */
function page<M extends object, K extends keyof M>(loader: () => Promise<M>, name: K) {
  return lazy(() => {
    const module = loaded.get(loader) as M | undefined;
    if (module !== undefined) {
      const resolved = { default: module[name] as LazyPage };
      // biome-ignore lint/suspicious/noThenProperty: a thenable that calls back at once, on purpose.
      return { then: (onLoaded: (m: typeof resolved) => void) => onLoaded(resolved) } as Promise<
        typeof resolved
      >;
    }
    return loader().then((m) => {
      loaded.set(loader, m);
      return { default: m[name] as LazyPage };
    });
  }) as unknown as M[K];
}

export const SessionsPage = page(load.sessions, 'SessionsPage');
export const SignInSecurityPage = page(load.security, 'SignInSecurityPage');
export const EnrolPage = page(load.enrol, 'EnrolPage');
export const ClientPage = page(load.client, 'ClientPage');
export const MergeClientsPage = page(load.mergeClients, 'MergeClientsPage');
export const AuditPage = page(load.audit, 'AuditPage');
export const SignInPage = page(load.signIn, 'SignInPage');
export const DashboardPage = page(load.dashboard, 'DashboardPage');
export const RulesReviewPage = page(load.rulesReview, 'RulesReviewPage');
export const RapReviewPage = page(load.rapReview, 'RapReviewPage');
export const CalendarPage = page(load.calendar, 'CalendarPage');
export const MatterPage = page(load.matter, 'MatterPage');
export const FilingRunsPage = page(load.filingRuns, 'FilingRunsPage');
export const DeliveryProblemsPage = page(load.deliveryProblems, 'DeliveryProblemsPage');
export const MessageSettingsPage = page(load.messageSettings, 'MessageSettingsPage');
export const QueuePage = page(load.queue, 'QueuePage');
export const NewReferralPage = page(load.newReferral, 'NewReferralPage');
export const OfficeSettingsPage = page(load.officeSettings, 'OfficeSettingsPage');
export const UsersPage = page(load.users, 'UsersPage');
export const InvitationPage = page(load.invitation, 'InvitationPage');
export const PasswordResetPage = page(load.passwordReset, 'PasswordResetPage');
export const SignInLinkPage = page(load.signInLink, 'SignInLinkPage');

/** Where a page's chunk is loading: a polite status message, so screen readers hear it too. */
export function PageSuspense({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="loading" role="status">
          Loading page…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

// Parts of every signed-in page that draw nothing at first: the idle warning (two minutes before the
// session's limit) and the delivery banner (once its own answer comes from the server). Their chunk
// loads beside the page instead of in the app's entry, so the sign-in page does not carry them.
const LazyIdleWatch = lazy(() =>
  import('../features/auth/IdleWatch.tsx').then((m) => ({ default: m.IdleWatch })),
);
const LazyDeliveryBanner = lazy(() =>
  import('../features/messages/DeliveryBanner.tsx').then((m) => ({ default: m.DeliveryBanner })),
);

export function IdleWatch({ userId }: { userId: string }) {
  return (
    <Suspense fallback={null}>
      <LazyIdleWatch userId={userId} />
    </Suspense>
  );
}

export function DeliveryBanner({ role }: { role: Role }) {
  return (
    <Suspense fallback={null}>
      <LazyDeliveryBanner role={role} />
    </Suspense>
  );
}
