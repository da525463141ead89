// "Prepare packet" on a petition: what the packet still needs, each with a link to where it is fixed;
// the attorney whose name heads the papers; the courthouse it is filed at (by its case number, or
// chosen); the prosecutor it is served on (by the settings, or chosen); the declaration in support (a
// guided form, in the client's own words) when a decision was discretionary; for arrest sealing, the
// arrest and where the agency that made it is served; then drawing the packet, stored with the
// matter's documents as a new version, and every version to download.
import {
  ARREST_DISPOSITION_LABELS,
  type ArrestingAgencyInput,
  arrestingAgencyInputSchema,
  DECLARATION_PROMPTS,
  type DeclarationInput,
  declarationInputSchema,
  type LanguageCode,
  languageEnglishName,
  PACKET_NOT_AS_DRAWN_TODAY,
  type PacketMissing,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, SelectField, TextAreaField, TextField } from '../../ui/fields.tsx';
import { formatDate, formatInstant } from '../../ui/format.ts';
import { declarationDefaults, READ_TO_CLIENT_CHOICES, type SavedDeclaration } from './declarationForm.ts';

/** Where each missing thing is fixed, and the words of the link. */
function fixFor(m: PacketMissing, petitionId: string): { href: string; label: string; page: boolean } | null {
  switch (m.code) {
    case 'court_settings':
    case 'probation_address':
      return { href: '/settings#court-settings-heading', label: 'Courts and service addresses', page: true };
    case 'state_bar_number':
      return { href: '/settings#state-bar-heading', label: 'State Bar numbers', page: true };
    case 'office_profile':
      return { href: '/settings#profile-heading', label: 'Office profile', page: true };
    case 'decision':
    case 'citation':
    case 'sentence_end':
    case 'conviction_facts':
    case 'decision_outdated':
    case 'arrest':
      return m.arrestId
        ? { href: '#arrests-heading', label: 'Go to the arrests', page: false }
        : { href: '#convictions-heading', label: 'Go to the convictions', page: false };
    case 'person_facts':
      // The facts about the person today sit under the convictions.
      return { href: '#convictions-heading', label: 'Go to the facts about the person', page: false };
    case 'prosecutor':
      return { href: `#packet-prosecutor-${petitionId}`, label: 'Choose the prosecutor', page: false };
    case 'declaration':
      return { href: `#declaration-${petitionId}`, label: 'Write the declaration', page: false };
    case 'declaration_translation':
      return {
        href: `#declaration-read-${petitionId}`,
        label: 'Say who read the declaration to the client',
        page: false,
      };
    case 'attorney':
      return { href: `#packet-attorney-${petitionId}`, label: 'Choose the attorney', page: false };
    case 'courthouse':
      return { href: `#packet-courthouse-${petitionId}`, label: 'Choose the courthouse', page: false };
    case 'arresting_agency':
      return { href: `#arresting-agency-${petitionId}`, label: 'Name the arresting agency', page: false };
    case 'matter_ended':
      return { href: '#stage-heading', label: 'Go to the stage', page: false };
    default:
      return null;
  }
}

export function PacketPanel({ petitionId, title }: { petitionId: string; title: string }) {
  const [open, setOpen] = useState(false);
  const regionId = useId();
  return (
    <div className="packet">
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={open ? regionId : undefined}
        onClick={() => setOpen(!open)}
      >
        Prepare packet <span className="visually-hidden">for {title}</span>
      </button>
      {open && <PacketDetails id={regionId} petitionId={petitionId} title={title} />}
    </div>
  );
}

function PacketDetails({ id, petitionId, title }: { id: string; petitionId: string; title: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [attorneyId, setAttorneyId] = useState<string | null>(null);
  // Kept here: the agency's form starts again from each saved version, which would drop its message.
  const [agencySaved, setAgencySaved] = useState(false);
  const check = useQuery(trpc.packets.check.queryOptions({ petitionId, attorneyId }));
  const [done, setDone] = useState<ApiOutputs['packets']['prepare'] | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const prepare = useMutation(
    trpc.packets.prepare.mutationOptions({
      onSuccess: async (packet) => {
        setDone(packet);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.packets.check.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.matters.get.pathKey() }),
        ]);
        outcome.current?.focus();
      },
      onError: () => outcome.current?.focus(),
    }),
  );
  if (check.error)
    return (
      <section id={id} aria-label={`Packet for ${title}`} className="subpanel">
        <Alert tone="error">{describeError(check.error).message}</Alert>
      </section>
    );
  if (!check.data)
    return (
      <p id={id} className="loading" role="status">
        Checking what the packet needs…
      </p>
    );
  const c = check.data;
  const newest = c.packets[0];
  return (
    <section id={id} aria-label={`Packet for ${title}`} className="subpanel">
      <h4>Petition packet</h4>
      {c.form ? (
        <p className="small">
          {c.form} content, on pleading paper: the petition,{' '}
          {c.discretionary ? 'your client’s declaration, ' : ''}
          the proposed order and the proof of service.
        </p>
      ) : null}
      <div ref={outcome} tabIndex={-1}>
        {prepare.error && <Alert tone="error">{describeError(prepare.error).message}</Alert>}
        {done && (
          <Alert tone="success">
            {done.created
              ? `Packet version ${done.version} prepared: ${done.pages} pages, kept with the matter’s documents.`
              : `Nothing changed since version ${done.version}: it is still the packet to file.`}{' '}
            <a href={`/api/files/${done.fileId}`} download>
              Download packet version {done.version}
            </a>
          </Alert>
        )}
      </div>
      {c.packets.length > 0 && (
        <>
          <p className="small">
            {c.upToDate ? (
              <>
                Version {newest?.version} says what the records say today. File it with the other petitions of{' '}
                {c.filedAt ? c.filedAt.name : 'the court'} at{' '}
                <Link
                  to={`/filing?county=${encodeURIComponent(c.county)}${c.filedAt ? `&courthouse=${encodeURIComponent(c.filedAt.id)}` : ''}`}
                >
                  Filing runs
                </Link>
                .
              </>
            ) : (
              `Version ${newest?.version} no longer says what would be drawn today: ${PACKET_NOT_AS_DRAWN_TODAY}.${
                c.changes.length > 0 ? ` What differs: ${c.changes.join('; ')}.` : ''
              } Prepare the packet again to file what it now says.`
            )}
          </p>
          <ul className="plain-list" aria-label="Packet versions">
            {c.packets.map((p) => (
              <li key={p.version}>
                <a href={`/api/files/${p.fileId}`} download>
                  Version {p.version} ({p.pages} pages)
                </a>{' '}
                <span className="small muted">
                  prepared {formatInstant(p.preparedAt)} by {p.preparedBy}; attorney {p.attorneyName}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div id={`packet-attorney-${petitionId}`}>
        <SelectField
          label="Attorney on the papers"
          value={c.attorneyId ?? ''}
          onChange={(e) => setAttorneyId(e.target.value || null)}
        >
          {!c.attorneyId && <option value="">Choose…</option>}
          {c.attorneys.map((a) => (
            <option key={a.userId} value={a.userId}>
              {a.name} {a.stateBarNumber ? `(State Bar No. ${a.stateBarNumber})` : '(no State Bar number)'}
            </option>
          ))}
        </SelectField>
      </div>
      {c.arrest && <ArrestSummary arrest={c.arrest} />}
      {c.courthouses.length > 0 && (
        <CourthouseChoice key={c.petitionVersion} petitionId={petitionId} check={c} />
      )}
      {c.prosecutors.length > 1 && (
        <ProsecutorChoice key={`p${c.petitionVersion}`} petitionId={petitionId} check={c} />
      )}
      {c.missing.length > 0 && (
        <div className="alert alert--info">
          <p id={`missing-${petitionId}`}>
            <strong>Before the packet can be drawn:</strong>
          </p>
          <ul aria-labelledby={`missing-${petitionId}`}>
            {c.missing.map((m) => {
              const fix = fixFor(m, petitionId);
              return (
                <li key={`${m.code}-${m.convictionId ?? m.arrestId ?? m.county ?? m.userId ?? ''}`}>
                  {m.message}{' '}
                  {fix &&
                    (fix.page ? <Link to={fix.href}>{fix.label}</Link> : <a href={fix.href}>{fix.label}</a>)}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {c.servesArrestingAgency && (
        <ArrestingAgencyForm
          key={c.arrestingAgency?.version ?? 0}
          petitionId={petitionId}
          saved={c.arrestingAgency}
          recorded={c.arrest?.agency ?? ''}
          savedBefore={agencySaved}
          onSaved={() => {
            setAgencySaved(true);
            return queryClient.invalidateQueries({ queryKey: trpc.packets.check.pathKey() });
          }}
        />
      )}
      {c.discretionary && (
        <DeclarationForm
          key={c.declaration?.version ?? 0}
          petitionId={petitionId}
          saved={c.declaration}
          clientLanguage={c.clientLanguage}
          onSaved={() => queryClient.invalidateQueries({ queryKey: trpc.packets.check.pathKey() })}
        />
      )}
      <BusyButton
        type="button"
        className="button button--primary"
        disabled={!c.ready || !c.attorneyId}
        busy={prepare.isPending}
        onClick={() => {
          setDone(null);
          if (c.attorneyId)
            prepare.mutate({ petitionId, attorneyId: c.attorneyId, baseVersion: newest?.version ?? 0 });
        }}
      >
        {newest ? 'Prepare a new version' : 'Draw packet'}
      </BusyButton>
      {prepare.isPending && <span role="status"> Drawing the packet…</span>}
    </section>
  );
}

function DeclarationForm(props: {
  petitionId: string;
  saved: SavedDeclaration | null;
  clientLanguage: LanguageCode | null;
  onSaved: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const form = useForm<DeclarationInput>({
    resolver: inputResolver(declarationInputSchema),
    defaultValues: declarationDefaults(props.petitionId, props.saved, props.clientLanguage),
  });
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const save = useMutation(
    trpc.packets.saveDeclaration.mutationOptions({
      onSuccess: async () => {
        setMessage({ tone: 'success', text: 'Declaration saved.' });
        await props.onSaved();
      },
      onError: (error) => setMessage({ tone: 'error', text: applyServerErrors(form, error) }),
    }),
  );
  const errors = form.formState.errors;
  const fields = ['rehabilitation', 'employment', 'communityTies', 'otherReasons'] as const;
  return (
    <form
      noValidate
      id={`declaration-${props.petitionId}`}
      aria-label="Declaration in support"
      className="subform"
      onSubmit={form.handleSubmit((values) => {
        setMessage(null);
        save.mutate(values);
      })}
    >
      <h5>Declaration in support</h5>
      <p className="small">
        Relief here is at the court’s discretion. Ask your client these questions and write the answers in
        their own words, in English; they sign the declaration before it is filed. If they do not read
        English, say below who read it to them, and in which language.
      </p>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {fields.map((name) => (
        <TextAreaField
          key={name}
          label={DECLARATION_PROMPTS[name].label}
          hint={DECLARATION_PROMPTS[name].hint}
          rows={name === 'rehabilitation' ? 5 : 3}
          error={errors[name]?.message}
          {...form.register(name)}
        />
      ))}
      <fieldset id={`declaration-read-${props.petitionId}`}>
        <legend>Reading it to the client</legend>
        <p className="small">
          The declaration is filed in English. If the client does not read English, someone reads it to them
          in their language before they sign, and signs a translator’s declaration that is filed with it.
        </p>
        <SelectField
          label="Read to the client in"
          hint={
            props.clientLanguage && props.clientLanguage !== 'en'
              ? `The client’s preferred language is ${languageEnglishName(props.clientLanguage)}.`
              : undefined
          }
          error={errors.readToClientIn?.message}
          {...form.register('readToClientIn')}
        >
          {READ_TO_CLIENT_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Translator’s name"
          hint="The person who read it to the client; leave it empty when the client read it in English themselves."
          autoComplete="off"
          error={errors.translatorName?.message}
          {...form.register('translatorName')}
        />
      </fieldset>
      <BusyButton type="submit" className="button" busy={save.isPending}>
        Save declaration
      </BusyButton>
    </form>
  );
}

const FOUND_BY: Record<'chosen' | 'named' | 'case_number' | 'only', string> = {
  chosen: 'chosen for this petition',
  named: 'named on the petition',
  case_number: 'by its case number',
  only: 'the county’s only courthouse',
};

/** The courthouse the petition is filed at: by its case number (the settings say which), or chosen. */
function CourthouseChoice({
  petitionId,
  check,
}: {
  petitionId: string;
  check: ApiOutputs['packets']['check'];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(check.chosenCourthouseId ?? '');
  const save = useMutation(
    trpc.petitions.setCourthouse.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.packets.check.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.matters.get.pathKey() }),
        ]);
      },
    }),
  );
  return (
    <form
      noValidate
      id={`packet-courthouse-${petitionId}`}
      aria-label="Courthouse"
      className="inline-row"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ petitionId, version: check.petitionVersion, courthouseId: value || null });
      }}
    >
      <SelectField
        label="Courthouse"
        value={value}
        hint={
          check.filedAt
            ? `Filed at ${check.filedAt.name}, ${FOUND_BY[check.filedAt.how]}.`
            : 'No courthouse yet: choose the one this petition is filed at.'
        }
        error={save.error ? describeError(save.error).message : undefined}
        onChange={(e) => setValue(e.target.value)}
      >
        <option value="">By the case number</option>
        {check.courthouses.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name}
            {h.casePrefixes.length > 0 ? ` (case numbers ${h.casePrefixes.join(', ')}…)` : ''}
          </option>
        ))}
      </SelectField>
      <BusyButton type="submit" className="button" busy={save.isPending}>
        Save courthouse
      </BusyButton>
    </form>
  );
}

/** PC 851.91: the arrest the petition asks to seal, as its record and decision say. */
function ArrestSummary({ arrest: a }: { arrest: NonNullable<ApiOutputs['packets']['check']['arrest']> }) {
  const disposition = ARREST_DISPOSITION_LABELS[a.disposition];
  return (
    <p className="small">
      <strong>Arrest to seal:</strong> {formatDate(a.arrestDate)}, {a.code} {a.section} ({a.level})
      {a.description ? `, ${a.description}` : ''}; {a.agency ? `by ${a.agency}; ` : ''}
      {disposition.toLowerCase()}
      {a.dispositionDate ? ` on ${formatDate(a.dispositionDate)}` : ''}.{' '}
      {a.citation ? `Relief under ${a.citation}.` : ''}
      {a.removed ? ' This arrest was removed from the matter.' : ''}
    </p>
  );
}

const PROSECUTOR_FOUND_BY = {
  chosen: 'chosen for this petition',
  court_and_level: 'it takes cases of this level at this courthouse',
  county: 'the county’s prosecutor',
} as const;

/** The prosecutor the petition is served on: as the settings say (by courthouse and level), or chosen. */
function ProsecutorChoice({
  petitionId,
  check,
}: {
  petitionId: string;
  check: ApiOutputs['packets']['check'];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(check.chosenProsecutorId ?? '');
  const save = useMutation(
    trpc.petitions.setProsecutor.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.packets.check.pathKey() }),
    }),
  );
  const p = check.prosecutor;
  return (
    <form
      noValidate
      id={`packet-prosecutor-${petitionId}`}
      aria-label="Prosecutor served"
      className="inline-row"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ petitionId, version: check.petitionVersion, prosecutorId: value || null });
      }}
    >
      <SelectField
        label="Prosecutor served"
        value={value}
        hint={
          p.prosecutor
            ? `Served on ${p.prosecutor.name} (${PROSECUTOR_FOUND_BY[p.how]}).`
            : 'Not known: choose the prosecutor this petition is served on.'
        }
        error={save.error ? describeError(save.error).message : undefined}
        onChange={(e) => setValue(e.target.value)}
      >
        <option value="">As Office settings say</option>
        {check.prosecutors.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </SelectField>
      <BusyButton type="submit" className="button" busy={save.isPending}>
        Save prosecutor
      </BusyButton>
    </form>
  );
}

/**
 * PC 851.91: where the law enforcement agency that made the arrest is served. The agency is the one the
 * arrest record names; its name is asked only when the record names none.
 */
function ArrestingAgencyForm(props: {
  petitionId: string;
  saved: { name: string; address: string; version: number } | null;
  /** The agency the arrest record names ('' when none). */
  recorded: string;
  /** A save of this form just went through (the form is drawn afresh from the saved version). */
  savedBefore: boolean;
  onSaved: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const form = useForm<ArrestingAgencyInput>({
    resolver: inputResolver(arrestingAgencyInputSchema),
    defaultValues: {
      petitionId: props.petitionId,
      version: props.saved?.version ?? 0,
      name: props.recorded ? '' : (props.saved?.name ?? ''),
      address: props.saved?.address ?? '',
    },
  });
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const save = useMutation(
    trpc.packets.saveArrestingAgency.mutationOptions({
      onSuccess: async () => {
        setMessage({ tone: 'success', text: 'Arresting agency’s address saved.' });
        await props.onSaved();
      },
      onError: (error) => setMessage({ tone: 'error', text: applyServerErrors(form, error) }),
    }),
  );
  const errors = form.formState.errors;
  return (
    <form
      noValidate
      id={`arresting-agency-${props.petitionId}`}
      aria-label="Agency that made the arrest"
      className="subform"
      onSubmit={form.handleSubmit((values) => {
        setMessage(null);
        save.mutate(values);
      })}
    >
      <h5>Agency that made the arrest</h5>
      <p className="small">
        A petition to seal an arrest is served on the prosecutor and on the law enforcement agency that made
        the arrest; the proof of service lists both.{' '}
        {props.recorded
          ? `The arrest record names ${props.recorded}: enter where it is served.`
          : 'The arrest record names no agency: name it here (or add it to the arrest) and where it is served.'}
      </p>
      {message ? (
        <Alert tone={message.tone}>{message.text}</Alert>
      ) : (
        props.savedBefore && <Alert tone="success">Arresting agency’s address saved.</Alert>
      )}
      {!props.recorded && (
        <TextField label="Agency" error={errors.name?.message} {...form.register('name')} />
      )}
      <TextAreaField
        label={props.recorded ? `Service address of ${props.recorded}` : 'Agency’s service address'}
        rows={3}
        error={errors.address?.message}
        {...form.register('address')}
      />
      <BusyButton type="submit" className="button" busy={save.isPending}>
        Save arresting agency’s address
      </BusyButton>
    </form>
  );
}
