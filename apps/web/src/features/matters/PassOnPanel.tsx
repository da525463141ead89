// A matter at "Referred out": pass it on to the office of the desk serving its county, so that office
// holds a referral of its own and the client may be told it will contact them; or, passed on, when.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, SelectField } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { type MatterDetail, useRefreshMatter } from './useMatter.ts';

export function PassOnPanel({ matter }: { matter: MatterDetail }) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matter.id);
  const offices = matter.passOnOffices;
  const [officeId, setOfficeId] = useState('');
  const chosen = offices.find((o) => o.id === officeId) ?? offices[0];
  const passOn = useMutation(trpc.matters.passOn.mutationOptions({ onSuccess: () => refresh() }));

  if (matter.passedOnAt)
    return (
      <p>
        Passed on to {matter.referredTo} on{' '}
        <time dateTime={matter.passedOnAt}>{formatInstant(matter.passedOnAt)}</time>: that office holds a
        referral of its own for this client.
      </p>
    );
  if (!chosen)
    return (
      <p>
        No other office of the desk serves {matter.county} County. Tell the client yourself whom to contact,
        such as the public defender of that county.
      </p>
    );
  return (
    <form
      aria-labelledby="pass-on-heading"
      onSubmit={(e) => {
        e.preventDefault();
        passOn.mutate({ matterId: matter.id, version: matter.version, officeId: chosen.id });
      }}
    >
      <h3 id="pass-on-heading">Pass on to another office</h3>
      <p>
        {matter.county} County is served by {offices.map((o) => o.name).join(', ')}, which does not have this
        matter yet. Passing it on gives that office a referral of its own: the client’s names, date of birth,
        contact details and language, and this county. Your notes and records stay here. Ask the client first.
      </p>
      {offices.length > 1 && (
        <SelectField label="Office" value={chosen.id} onChange={(e) => setOfficeId(e.target.value)}>
          {offices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
      )}
      {passOn.error && <Alert tone="error">{describeError(passOn.error).message}</Alert>}
      <BusyButton type="submit" className="button" busy={passOn.isPending}>
        Pass on to {chosen.name}
      </BusyButton>
    </form>
  );
}
