// Says plainly, on every page, when a channel has no server configured (messages wait, unsent), and
// when deliveries failed or letters wait to be printed. Staff learn who can fix it; administrators
// learn which settings to set.
import type { Role } from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../trpc.ts';
import { channelNotice, count } from './deliveryWords.ts';

export function DeliveryBanner({ role }: { role: Role }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.messages.deliveryStatus.queryOptions(), refetchInterval: 60_000 }).data;
  if (!status) return null;
  const notices = (['email', 'sms'] as const)
    .map((channel) => channelNotice(status, channel, role))
    .filter((n) => n !== null);
  if (notices.length === 0 && status.problems === 0 && status.lettersToPrint === 0) return null;
  return (
    <div className="delivery-banner" role="status">
      {notices.map((n) => (
        <p key={n.text}>
          {n.text}
          {n.settings && (
            <>
              {' '}
              <code>{n.settings[0]}</code> and <code>{n.settings[1]}</code> on the server and restart it.
            </>
          )}
        </p>
      ))}
      {(status.problems > 0 || status.lettersToPrint > 0) && (
        <p>
          {status.problems > 0 && (
            <Link to="/messages/problems">{count(status.problems, 'delivery problem')}</Link>
          )}
          {status.problems > 0 && status.lettersToPrint > 0 && ' · '}
          {status.lettersToPrint > 0 && (
            <Link to="/messages/problems">{count(status.lettersToPrint, 'letter')} to print</Link>
          )}
        </p>
      )}
    </div>
  );
}
