// Says plainly, on every page, when a channel has no server configured (messages wait, unsent), and
// when deliveries failed or letters wait to be printed.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../trpc.ts';

export function DeliveryBanner() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.messages.deliveryStatus.queryOptions(), refetchInterval: 60_000 }).data;
  if (!status) return null;
  const notes: string[] = [];
  if (!status.email.configured)
    notes.push(
      `E-mail is not configured (SMTP_URL is not set): ${status.email.waiting} e-mail(s) are waiting in the outbox and have not been sent.`,
    );
  if (!status.sms.configured)
    notes.push(
      `Text messages are not configured (SMS_API_URL is not set): ${status.sms.waiting} text(s) are waiting in the outbox and have not been sent.`,
    );
  if (notes.length === 0 && status.problems === 0 && status.lettersToPrint === 0) return null;
  return (
    <div className="delivery-banner" role="status">
      {notes.map((n) => (
        <p key={n}>{n}</p>
      ))}
      {(status.problems > 0 || status.lettersToPrint > 0) && (
        <p>
          {status.problems > 0 && <Link to="/messages/problems">{status.problems} delivery problem(s)</Link>}
          {status.problems > 0 && status.lettersToPrint > 0 && ' · '}
          {status.lettersToPrint > 0 && (
            <Link to="/messages/problems">{status.lettersToPrint} letter(s) to print</Link>
          )}
        </p>
      )}
    </div>
  );
}
