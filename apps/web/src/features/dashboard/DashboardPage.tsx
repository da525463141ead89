// The supervisor dashboard: the open caseload by stage and county, its aging against the 2-6 week
// promise, first-contact times, per-person workload, throughput over the last 84 days in spans of 7 days
// ending today (not calendar weeks: spans.ts) and court outcomes. Every number opens the queue behind it.
import { STAGE_LABELS } from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { Alert } from '../../ui/fields.tsx';
import { formatDate } from '../../ui/format.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import {
  agingLink,
  countyLink,
  courtLink,
  firstContactLink,
  receivedBySourceLink,
  stageLink,
  throughputLink,
  workloadLink,
} from './dashboardLinks.ts';
import { type ChartRow, NumbersChart } from './NumbersChart.tsx';
import { spansSaid } from './spans.ts';

type Dashboard = ApiOutputs['dashboard']['get'];

const COUNT = [{ key: 'count', name: 'Matters', color: '#1f5f99' }];

export function DashboardPage() {
  const trpc = useTRPC();
  const heading = usePageHeading<HTMLHeadingElement>('Supervisor dashboard');
  const dashboard = useQuery(trpc.dashboard.get.queryOptions());
  const seesRapSheets = useQuery(trpc.auth.me.queryOptions()).data?.canViewRapSheets ?? false;
  return (
    <section className="dashboard">
      <h1 ref={heading} tabIndex={-1}>
        Supervisor dashboard
      </h1>
      {dashboard.error && <Alert tone="error">{describeError(dashboard.error).message}</Alert>}
      {dashboard.isPending && <p className="loading">Loading…</p>}
      {dashboard.data && <DashboardCharts data={dashboard.data} seesRapSheets={seesRapSheets} />}
    </section>
  );
}

function DashboardCharts({ data, seesRapSheets }: { data: Dashboard; seesRapSheets: boolean }) {
  const single = (label: string, link: ChartRow['cells'][string]): ChartRow => ({
    label,
    cells: { count: link },
  });
  return (
    <>
      <p className="muted">
        Figures for {formatDate(data.today)}. Choose a bar, or a number in a table, to open those matters in
        the queue.
      </p>
      <div className="dashboard__grid">
        <NumbersChart
          title="Open matters by stage"
          description="Where the open caseload sits today."
          rowHeader="Stage"
          series={COUNT}
          rows={data.byStage.map((s) => single(STAGE_LABELS[s.stage], stageLink(s.stage, s.count)))}
          layout="vertical"
        />
        <NumbersChart
          title="Aging against the 2-6 week promise"
          description="Matters still waiting to hear what they qualify for (referral received, gathering records, eligibility review), by days since the referral arrived."
          rowHeader="Days open"
          series={COUNT}
          rows={[
            single('Within 14 days', agingLink('within14', data.today, data.aging.within14)),
            single('15-42 days', agingLink('days15to42', data.today, data.aging.days15to42)),
            single('Over 42 days', agingLink('over42', data.today, data.aging.over42)),
          ]}
        />
        <NumbersChart
          title="Open matters by county"
          description="Open matters per county."
          rowHeader="County"
          series={COUNT}
          rows={data.byCounty.map((c) => single(c.county, countyLink(c.county, c.count)))}
          layout="vertical"
        />
        {data.court ? (
          <NumbersChart
            title="Court outcomes"
            description="Matters whose convictions the court granted or denied relief on in the last 84 days, today included (a matter with both counts in each), and matters with a petition still waiting for the court."
            rowHeader="Outcome"
            series={COUNT}
            rows={[
              single('Granted', courtLink('granted', data.today, data.court.granted, seesRapSheets)),
              single('Denied', courtLink('denied', data.today, data.court.denied, seesRapSheets)),
              single('Pending', courtLink('pending', data.today, data.court.pending, seesRapSheets)),
            ]}
          />
        ) : (
          // Withheld by the server without the RAP sheet permission: how the counts change tells what
          // the court decided. Said in the card's place, so the reader knows why and whom to ask.
          <section className="chart-card" aria-labelledby="court-outcomes-withheld">
            <h2 id="court-outcomes-withheld">Court outcomes</h2>
            <p className="muted chart-card__description">{data.courtWithheld}</p>
          </section>
        )}
        <NumbersChart
          title="Time to first contact"
          description="Referrals of the last 84 days, today included, by days until the client was first contacted."
          rowHeader="Time to first contact"
          series={COUNT}
          rows={data.firstContact.map((b) =>
            single(b.bucket, firstContactLink(b.bucket, data.today, b.count)),
          )}
        />
        <NumbersChart
          title="Workload per person"
          description="Open matters, those still waiting for their answer past 42 days, and matters each person touched in the last 7 days (today and the 6 days before it)."
          rowHeader="Person"
          series={[
            { key: 'open', name: 'Open', color: '#1f5f99' },
            { key: 'overdue', name: 'Waiting past 42 days', color: '#b3261e' },
            { key: 'touchedLast7Days', name: 'Touched in the last 7 days', color: '#2e7d32' },
          ]}
          rows={data.workload.map((w) => ({
            // A disabled person cannot sign in: the matters they still hold wait for someone to hand them on.
            label: w.active === false ? `${w.name} (disabled)` : w.name,
            cells: {
              open: workloadLink(w.userId, 'open', data.today, w.open),
              overdue: workloadLink(w.userId, 'overdue', data.today, w.overdue),
              // Work is touched by people: "Unassigned" touches nothing.
              touchedLast7Days: workloadLink(w.userId, 'touchedLast7Days', data.today, w.touchedLast7Days),
            },
          }))}
          layout="vertical"
        />
        <div className="dashboard__wide">
          <NumbersChart
            title="Throughput, last 84 days"
            description={`${spansSaid(data.today)} Per 7 days: referrals received, eligibility decided, a petition filed (a matter with two in the same 7 days counts once) and outcomes sent.`}
            rowHeader="7 days starting"
            series={[
              { key: 'received', name: 'Referrals received', color: '#1f5f99' },
              { key: 'decided', name: 'Eligibility decided', color: '#8a5a00' },
              { key: 'filed', name: 'Petition filed', color: '#6a3d9a' },
              { key: 'outcomesSent', name: 'Outcomes sent', color: '#2e7d32' },
            ]}
            rows={data.weeks.map((w) => ({
              label: formatDate(w.weekStart),
              cells: {
                received: throughputLink('received', w.weekStart, w.received),
                decided: throughputLink('decided', w.weekStart, w.decided),
                filed: throughputLink('filed', w.weekStart, w.filed),
                outcomesSent: throughputLink('outcomesSent', w.weekStart, w.outcomesSent),
              },
            }))}
          />
        </div>
        <div className="dashboard__wide">
          <NumbersChart
            title="Referrals by source, last 84 days"
            description={`${spansSaid(data.today)} Per 7 days: referrals staff recorded, those from partners, online applications, and matters another office of the desk passed on.`}
            rowHeader="7 days starting"
            series={[
              { key: 'staff', name: 'Recorded by staff', color: '#1f5f99' },
              { key: 'partner', name: 'From partners', color: '#8a5a00' },
              { key: 'online', name: 'Online applications', color: '#2e7d32' },
              { key: 'passedOn', name: 'Passed on by another office', color: '#6a3d9a' },
            ]}
            rows={data.weeks.map((w) => ({
              label: formatDate(w.weekStart),
              cells: {
                staff: receivedBySourceLink('staff', w.weekStart, w.receivedBySource.staff),
                partner: receivedBySourceLink('partner', w.weekStart, w.receivedBySource.partner),
                online: receivedBySourceLink('online', w.weekStart, w.receivedBySource.online),
                passedOn: receivedBySourceLink('passedOn', w.weekStart, w.receivedBySource.passedOn),
              },
            }))}
          />
        </div>
      </div>
    </>
  );
}
