// Every page is a chunk of its own, fetched the first time it is opened: sign-in and the queue do not
// download the dashboard's charts, the matter page's forms or the settings. A page added to the router
// is declared here the same way. While a page's chunk loads, PageSuspense shows a status message.
import { lazy, type ReactNode, Suspense } from 'react';

const load = {
  sessions: () => import('../features/account/SessionsPage.tsx'),
  security: () => import('../features/account/SignInSecurityPage.tsx'),
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
  queue: () => import('../features/queue/QueuePage.tsx'),
  newReferral: () => import('../features/referrals/NewReferralPage.tsx'),
  officeSettings: () => import('../features/settings/OfficeSettingsPage.tsx'),
  users: () => import('../features/users/UsersPage.tsx'),
  invitation: () => import('../features/invitations/InvitationPage.tsx'),
  signInLink: () => import('../features/auth/SignInLinkPage.tsx'),
  filingRuns: () => import('../features/petitions/FilingRunsPage.tsx'),
  rapReview: () => import('../features/rap-sheet/RapReviewPage.tsx'),
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
    '/sign-in/link': load.signInLink,
    '/filing': load.filingRuns,
  };
  return byPath[path];
}

// The page the app opens on starts downloading with the app, beside the check of who is signed in,
// instead of after it. A failure here is left to the page's own load, which reports it.
loaderFor(window.location.pathname)?.().catch(() => undefined);

export const SessionsPage = lazy(() => load.sessions().then((m) => ({ default: m.SessionsPage })));
export const SignInSecurityPage = lazy(() =>
  load.security().then((m) => ({ default: m.SignInSecurityPage })),
);
export const EnrolPage = lazy(() => load.enrol().then((m) => ({ default: m.EnrolPage })));
export const ClientPage = lazy(() => load.client().then((m) => ({ default: m.ClientPage })));
export const MergeClientsPage = lazy(() =>
  load.mergeClients().then((m) => ({ default: m.MergeClientsPage })),
);
export const AuditPage = lazy(() => load.audit().then((m) => ({ default: m.AuditPage })));
export const SignInPage = lazy(() => load.signIn().then((m) => ({ default: m.SignInPage })));
export const DashboardPage = lazy(() => load.dashboard().then((m) => ({ default: m.DashboardPage })));
export const RulesReviewPage = lazy(() => load.rulesReview().then((m) => ({ default: m.RulesReviewPage })));
export const CalendarPage = lazy(() => load.calendar().then((m) => ({ default: m.CalendarPage })));
export const MatterPage = lazy(() => load.matter().then((m) => ({ default: m.MatterPage })));
export const RapReviewPage = lazy(() => load.rapReview().then((m) => ({ default: m.RapReviewPage })));
export const FilingRunsPage = lazy(() => load.filingRuns().then((m) => ({ default: m.FilingRunsPage })));
export const DeliveryProblemsPage = lazy(() =>
  load.deliveryProblems().then((m) => ({ default: m.DeliveryProblemsPage })),
);
export const MessageSettingsPage = lazy(() =>
  load.messageSettings().then((m) => ({ default: m.MessageSettingsPage })),
);
export const QueuePage = lazy(() => load.queue().then((m) => ({ default: m.QueuePage })));
export const NewReferralPage = lazy(() => load.newReferral().then((m) => ({ default: m.NewReferralPage })));
export const OfficeSettingsPage = lazy(() =>
  load.officeSettings().then((m) => ({ default: m.OfficeSettingsPage })),
);
export const UsersPage = lazy(() => load.users().then((m) => ({ default: m.UsersPage })));
export const InvitationPage = lazy(() => load.invitation().then((m) => ({ default: m.InvitationPage })));
export const SignInLinkPage = lazy(() => load.signInLink().then((m) => ({ default: m.SignInLinkPage })));

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
