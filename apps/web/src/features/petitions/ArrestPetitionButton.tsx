// "Draft petition to seal" on one arrest, for the arrests panel of a matter: a PC 851.91 petition on
// the arrest (one petition an arrest), filed in the matter's county, with the case number when charges
// were filed. The server refuses an arrest not decided eligible, or one that has a petition, saying so.
import { type County, createArrestPetitionInputSchema } from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { checkInput } from '../../lib/checkInput.ts';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';

export function ArrestPetitionButton({
  arrestId,
  county,
  label,
  onDrafted,
}: {
  arrestId: string;
  county: County;
  /** How the arrest reads: "PC 459 (felony) arrest of 2019-03-04, charges dismissed". */
  label: string;
  /** Told once the petition is drafted (before the lists it changes are fetched again). */
  onDrafted?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [caseNumber, setCaseNumber] = useState('');
  const [typed, setTyped] = useState<string | null>(null);
  const formId = useId();
  const create = useMutation(
    trpc.petitions.createForArrest.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        onDrafted?.();
        // The matter's petitions gain it, and the arrests panel then shows it in place of this button.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.matters.get.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.arrests.list.pathKey() }),
        ]);
      },
    }),
  );
  if (create.isSuccess)
    return <Alert tone="success">Petition to seal drafted: prepare its packet under Petitions.</Alert>;
  if (!open)
    return (
      <button type="button" className="button" aria-controls={formId} onClick={() => setOpen(true)}>
        Draft petition to seal <span className="visually-hidden">the {label}</span>
      </button>
    );
  return (
    <form
      id={formId}
      noValidate
      aria-label={`Petition to seal the ${label}`}
      className="inline-row"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = checkInput(createArrestPetitionInputSchema, { arrestId, county, caseNumber });
        setTyped(parsed.success ? null : (parsed.error.issues[0]?.message ?? null));
        if (parsed.success) create.mutate(parsed.data);
      }}
    >
      <TextField
        label="Case number, if charges were filed"
        value={caseNumber}
        error={typed ?? (create.error ? describeError(create.error).message : undefined)}
        onChange={(e) => setCaseNumber(e.target.value)}
      />
      <BusyButton type="submit" className="button button--primary" busy={create.isPending}>
        Draft petition
      </BusyButton>{' '}
      <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
