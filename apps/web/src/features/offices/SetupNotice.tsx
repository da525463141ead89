// Tells administrators, on every page, what the office profile still lacks: until its mailing
// address, phone and e-mail are set, the online application is closed and no message can be sent.
import { missingOfficeContact, officeDetailsInWords } from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useTRPC } from '../../trpc.ts';

export function SetupNotice() {
  const trpc = useTRPC();
  const { pathname } = useLocation();
  const profile = useQuery(trpc.offices.profile.queryOptions()).data;
  if (!profile) return null;
  const missing = missingOfficeContact(profile);
  if (missing.length === 0) return null;
  const are = missing.length > 1 ? 'are' : 'is';
  const them = missing.length > 1 ? 'them' : 'it';
  return (
    <div className="delivery-banner" role="status">
      <p>
        <strong>Finish setting up the office.</strong> Its {officeDetailsInWords(missing)} {are} not set:
        until {missing.length > 1 ? 'they are' : 'it is'}, the office’s online application is closed and no
        message can be sent to clients.{' '}
        {pathname === '/settings' ? (
          `Set ${them} in the office profile below.`
        ) : (
          <Link to="/settings">Set {them} at Office settings.</Link>
        )}
      </p>
    </div>
  );
}
