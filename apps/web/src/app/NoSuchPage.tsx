// What an address without a page for this person shows: a page their role cannot use says who it is
// for (the server would refuse its procedures too); any other address is not a page at all.
import { can, ROLE_LABELS, type Role } from '@relief-desk/domain';
import { Link, useLocation } from 'react-router';
import { usePageHeading } from '../ui/usePageTitle.ts';
import { pageAt, whoMay } from './pages.ts';

export function NoSuchPage({ role }: { role: Role }) {
  const page = pageAt(useLocation().pathname);
  const refused = page && !can(role, page.permission) ? page : undefined;
  const title = refused ? `${refused.label}: not for your role` : 'Page not found';
  const heading = usePageHeading<HTMLHeadingElement>(title);
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {refused ? (
        <>
          <p>
            This page is for {whoMay(refused.permission)}. Your role is {ROLE_LABELS[role]}, so the page is
            not in your menu. If your work needs it, ask an administrator of your office.
          </p>
          <p>
            <Link to="/matters">Go to the case queue.</Link>
          </p>
        </>
      ) : (
        <p>
          That address does not match a page. <Link to="/matters">Go to the case queue.</Link>
        </p>
      )}
    </section>
  );
}
