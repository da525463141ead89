// The office's public addresses, to hand out (a flyer, the office's web site, a partner): its online
// application and the page where an applicant asks for a new status link, each with a copy button.
// They keep the office's first slug after a rename, so addresses already given out keep working.
import { missingOfficeContact } from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTRPC } from '../../trpc.ts';

export function PublicPages() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.offices.profile.queryOptions()).data;
  if (!profile?.publicPages) return null;
  // PUBLIC_ORIGIN when the server has it (staff may open the desk at an inside address clients cannot
  // reach), else the address this page was opened at.
  const origin = profile.publicPages.origin ?? window.location.origin;
  const closed = missingOfficeContact(profile).length > 0;
  return (
    <section aria-labelledby="public-pages-heading" className="panel">
      <h2 id="public-pages-heading">Public addresses</h2>
      <p className="small">
        Give these to clients and partners. They keep working when the office is renamed: each keeps the
        address it was given when the office was made.
      </p>
      <CopyableAddress
        label="Online application"
        address={`${origin}${profile.publicPages.application}`}
        note={
          closed
            ? 'Closed until the office profile’s mailing address, phone and e-mail are set: it says the office is not taking applications online yet.'
            : null
        }
      />
      <CopyableAddress
        label="New status link (for applicants who lost theirs)"
        address={`${origin}${profile.publicPages.statusLink}`}
        note={null}
      />
    </section>
  );
}

function CopyableAddress({ label, address, note }: { label: string; address: string; note: string | null }) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(address);
      setSaid('Copied.');
    } catch {
      // No clipboard (an old browser, or one that refuses it): the address is selected to copy by hand.
      field.current?.select();
      setSaid('Selected: press Ctrl+C (or ⌘C) to copy it.');
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {note && (
        <p className="field__hint" id={`${id}-note`}>
          {note}
        </p>
      )}
      <div className="inline-row">
        <input
          id={id}
          ref={field}
          type="text"
          readOnly
          value={address}
          size={Math.min(60, address.length)}
          aria-describedby={note ? `${id}-note` : undefined}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button small" onClick={() => void copy()}>
          Copy <span className="visually-hidden">{label}</span>
        </button>
        <span role="status" className="small">
          {said}
        </span>
      </div>
    </div>
  );
}
