// A matter at "Referred out": pass it on, with the client's agreement, to the office of the desk
// serving its county, so that office holds the matter and the client may be told it will contact
// them; or, passed on, when.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, Checkbox, SelectField } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { type MatterDetail, useRefreshMatter } from './useMatter.ts';

export function PassOnPanel({ matter }: { matter: MatterDetail }) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matter.id);
  const offices = matter.passOnOffices;
  const [officeId, setOfficeId] = useState('');
  const [agreed, setAgreed] = useState(false);
  const chosen = offices.find((o) => o.id === officeId) ?? offices[0];
  const passOn = useMutation(trpc.matters.passOn.mutationOptions({ onSuccess: () => refresh() }));

  if (matter.passedOnAt)
    // A status, so that the step just taken is announced where the form was.
    return (
      <p role="status">
        Passed on to {matter.referredTo} on{' '}
        <time dateTime={matter.passedOnAt}>{formatInstant(matter.passedOnAt)}</time>: that office holds the
        matter now.
      </p>
    );
  if (!chosen)
    return (
      <p>
        No other office of the desk serves {matter.county} County. Tell the client yourself whom to contact,
        such as the public defender of that county.
      </p>
    );
  const names = offices.map((o) => o.name).join(', ');
  return (
    <form
      aria-labelledby="pass-on-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (agreed)
          passOn.mutate({
            matterId: matter.id,
            version: matter.version,
            officeId: chosen.id,
            clientAgreed: true,
          });
      }}
    >
      <h3 id="pass-on-heading">Pass on to another office</h3>
      <p>
        {matter.county} County is served by {names}. Passing it on gives that office the client’s names, date
        of birth, contact details and language, and this county: a referral of its own, or the matter it works
        for this client already. Your notes and records stay here, and that office asks the client before
        texting them.
      </p>
      {offices.length > 1 && (
        <SelectField
          label="Office to pass it on to"
          value={chosen.id}
          onChange={(e) => setOfficeId(e.target.value)}
        >
          {offices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
      )}
      <Checkbox
        label={`The client agrees that ${chosen.name} may have these details`}
        checked={agreed}
        onChange={(e) => setAgreed(e.target.checked)}
      />
      {passOn.error && <Alert tone="error">{describeError(passOn.error).message}</Alert>}
      <BusyButton type="submit" className="button" disabled={!agreed} busy={passOn.isPending}>
        Pass on to {chosen.name}
      </BusyButton>
    </form>
  );
}
