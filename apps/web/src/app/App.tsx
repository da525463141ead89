// The staff app: sign-in, then the queue, referral form, matter page and audit log.
import { can, type Role } from '@relief-desk/domain';
import {
  partialMatchKey,
  type Query,
  QueryClientProvider,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { TRPCProvider, trpcClient, useTRPC } from '../trpc.ts';
import { Layout } from './Layout.tsx';
import {
  AuditPage,
  CalendarPage,
  ClientPage,
  DashboardPage,
  DeliveryProblemsPage,
  EnrolPage,
  FilingRunsPage,
  IdleWatch,
  InvitationPage,
  MatterPage,
  MergeClientsPage,
  MessageSettingsPage,
  NewReferralPage,
  OfficeSettingsPage,
  PageSuspense,
  PasswordResetPage,
  QueuePage,
  RapReviewPage,
  RulesReviewPage,
  SessionsPage,
  SignInLinkPage,
  SignInPage,
  SignInSecurityPage,
  UsersPage,
} from './lazyPages.tsx';
import { NoSuchPage } from './NoSuchPage.tsx';
import { queryClient } from './startup.ts';

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route
              path="/sign-in"
              element={
                <PageSuspense>
                  <SignInPage />
                </PageSuspense>
              }
            />
            {/*
              Before a session: a locked owner's sign-in link, an invited person's first visit, a
              password link an administrator sent.
            */}
            <Route
              path="/sign-in/link"
              element={
                <PageSuspense>
                  <SignInLinkPage />
                </PageSuspense>
              }
            />
            <Route
              path="/invitation"
              element={
                <PageSuspense>
                  <InvitationPage />
                </PageSuspense>
              }
            />
            <Route
              path="/password-reset"
              element={
                <PageSuspense>
                  <PasswordResetPage />
                </PageSuspense>
              }
            />
            <Route path="/*" element={<SignedInRoutes />} />
          </Routes>
        </BrowserRouter>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/**
 * When who is signed in answers with another role (an administrator changed it; a refusal asked again,
 * trpc.ts), or the RAP sheet permission changed: what was read under the former powers is dropped.
 * This runs after the routes were drawn for the new role, so the pages it no longer allows are gone
 * and their reads are no longer in use: those are removed, not read again (which the server would
 * refuse, and put on record); the pages still shown read theirs again.
 */
function useDropReadsOfFormerPowers(user: { id: string; role: Role; canViewRapSheets: boolean } | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const powers = user ? `${user.id} ${user.role} ${user.canViewRapSheets}` : undefined;
  const readUnder = useRef(powers);
  useEffect(() => {
    if (powers === undefined) return;
    if (readUnder.current !== undefined && readUnder.current !== powers) {
      const meKey = trpc.auth.me.queryKey();
      const others = (query: Query) => !partialMatchKey(query.queryKey, meKey);
      queryClient.removeQueries({ predicate: others, type: 'inactive' });
      void queryClient.invalidateQueries({ predicate: others, type: 'active' });
    }
    readUnder.current = powers;
  }, [powers, queryClient, trpc]);
}

function SignedInRoutes() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), retry: false });
  useDropReadsOfFormerPowers(me.data);
  if (me.isPending) return <p className="loading">Loading…</p>;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  // The office requires a second factor, or an administrator reset theirs, and this person has none:
  // setting one up comes first.
  if (me.data.enrolmentOnly)
    return (
      <>
        <PageSuspense>
          <EnrolPage user={me.data} />
        </PageSuspense>
        <IdleWatch userId={me.data.id} />
      </>
    );
  // The same permissions the server checks, so a route exists only where its procedures answer.
  const role = me.data.role;
  return (
    <Layout user={me.data}>
      <IdleWatch userId={me.data.id} />
      <PageSuspense>
        <Routes>
          <Route index element={<Navigate to="/matters" replace />} />
          <Route path="matters" element={<QueuePage />} />
          <Route path="matters/:matterId" element={<MatterPage />} />
          <Route path="matters/:matterId/rap-imports/:importId" element={<RapReviewPage />} />
          <Route path="clients/:clientId" element={<ClientPage />} />
          {can(role, 'mergeClients') && (
            <Route path="clients/:clientId/merge" element={<MergeClientsPage />} />
          )}
          <Route path="calendar" element={<CalendarPage />} />
          {can(role, 'decideEligibility') && <Route path="filing" element={<FilingRunsPage />} />}
          <Route path="account/sessions" element={<SessionsPage />} />
          <Route path="account/security" element={<SignInSecurityPage />} />
          {can(role, 'administer') && <Route path="settings" element={<OfficeSettingsPage />} />}
          {can(role, 'administer') && <Route path="settings/users" element={<UsersPage />} />}
          <Route path="messages/problems" element={<DeliveryProblemsPage />} />
          {can(role, 'administer') && <Route path="settings/messages" element={<MessageSettingsPage />} />}
          {can(role, 'decideEligibility') && <Route path="rules-review" element={<RulesReviewPage />} />}
          <Route path="referrals/new" element={<NewReferralPage officeCounties={me.data.officeCounties} />} />
          {can(role, 'readAuditLog') && <Route path="audit" element={<AuditPage />} />}
          {can(role, 'readAuditLog') && <Route path="dashboard" element={<DashboardPage />} />}
          <Route path="*" element={<NoSuchPage role={role} />} />
        </Routes>
      </PageSuspense>
    </Layout>
  );
}
