// The audit log's filters: person, client or matter, action (or a group of actions), California days
// and outcome. The form checks what was chosen with the same schema the server uses, then writes it to
// the page's address; the client or matter is found by name, date of birth or matter reference.
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_OUTCOME_LABELS,
  AUDIT_OUTCOMES,
  type AuditActionGroup,
  type AuditFilters,
  type AuditOutcome,
  auditActionChoices,
  auditFiltersSchema,
  isAuditAction,
} from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { checkInput } from '../../lib/checkInput.ts';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { DateField, unreadableDateErrors } from '../../ui/DateField.tsx';
import { Alert, SelectField, TextField } from '../../ui/fields.tsx';

const CHOICES = auditActionChoices();

/** The action select's value: an action, or a whole group. */
function actionValue(filters: AuditFilters): string {
  if (filters.action) return filters.action;
  return filters.actionGroup ? `group:${filters.actionGroup}` : '';
}

/** The client or matter the log is narrowed to, as the server named them. */
export interface ChosenRecords {
  client: { id: string; name: string } | null;
  matter: { id: string; reference: string; clientName: string } | null;
}

/** A client or matter chosen here: its id, and how to name it. */
interface Chosen {
  id: string;
  label: string;
}

interface AuditFiltersProps {
  filters: AuditFilters;
  chosen: ChosenRecords;
  people: { id: string; name: string; active: boolean }[];
  unknownAccounts: boolean;
  onApply: (filters: AuditFilters) => void;
}

export function AuditFilterForm({ filters, chosen, people, unknownAccounts, onApply }: AuditFiltersProps) {
  const [person, setPerson] = useState(filters.person ?? '');
  const [action, setAction] = useState(actionValue(filters));
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  const [outcome, setOutcome] = useState(filters.outcome ?? '');
  const [client, setClient] = useState<Chosen | null>(
    filters.client ? { id: filters.client, label: chosen.client?.name ?? 'the chosen client' } : null,
  );
  const [matter, setMatter] = useState<Chosen | null>(
    filters.matter
      ? {
          id: filters.matter,
          label: chosen.matter
            ? `${chosen.matter.reference} (${chosen.matter.clientName})`
            : 'the chosen matter',
        }
      : null,
  );
  const [errors, setErrors] = useState<Record<string, string>>({});

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const group = action.startsWith('group:') ? action.slice('group:'.length) : null;
    const candidate = {
      person: person || null,
      client: client?.id ?? null,
      matter: matter?.id ?? null,
      action: isAuditAction(action) ? action : null,
      actionGroup: group && Object.hasOwn(AUDIT_ACTION_GROUPS, group) ? (group as AuditActionGroup) : null,
      from: from || null,
      to: to || null,
      outcome: (outcome || null) as AuditOutcome | null,
    };
    const checked = checkInput(auditFiltersSchema, candidate);
    // A day the browser could not read reaches here as "", as if no day were chosen.
    const unreadable = unreadableDateErrors(event.currentTarget.elements);
    if (!checked.success || Object.keys(unreadable).length > 0) {
      const refused = checked.success ? [] : checked.error.issues.map((i) => [i.path.join('.'), i.message]);
      setErrors({ ...Object.fromEntries(refused), ...unreadable });
      return;
    }
    setErrors({});
    onApply(checked.data);
  };

  return (
    <form className="panel" aria-labelledby="audit-filters" onSubmit={apply} noValidate>
      <h3 id="audit-filters">Filters</h3>
      <div className="filters">
        <SelectField label="Person" value={person} onChange={(e) => setPerson(e.target.value)}>
          <option value="">Anyone</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.active ? p.name : `${p.name} (former account)`}
            </option>
          ))}
          {unknownAccounts && <option value="unknown">Unknown account (sign-ins naming no account)</option>}
        </SelectField>
        <SelectField
          label="Action"
          value={action}
          error={errors.action}
          onChange={(e) => setAction(e.target.value)}
        >
          <option value="">Any action</option>
          {CHOICES.map((choice) => (
            <optgroup key={choice.group} label={choice.label}>
              <option value={`group:${choice.group}`}>All: {choice.label.toLowerCase()}</option>
              {choice.actions.map((a) => (
                <option key={a.action} value={a.action}>
                  {a.label}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <DateField
          label="From"
          hint="First California day"
          name="from"
          value={from}
          error={errors.from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <DateField
          label="To"
          hint="Last California day"
          name="to"
          value={to}
          error={errors.to}
          onChange={(e) => setTo(e.target.value)}
        />
        <SelectField label="Outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
          <option value="">Any outcome</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {AUDIT_OUTCOME_LABELS[o]}
            </option>
          ))}
        </SelectField>
      </div>
      <RecordChoice
        client={client}
        matter={matter}
        onClient={(chosenClient) => {
          setClient(chosenClient);
          if (chosenClient) setMatter(null);
        }}
        onMatter={(chosenMatter) => {
          setMatter(chosenMatter);
          if (chosenMatter) setClient(null);
        }}
      />
      <p className="inline-row">
        <button type="submit" className="button button--primary">
          Apply filters
        </button>
        <button type="button" className="button" onClick={() => onApply(auditFiltersSchema.parse({}))}>
          Clear filters
        </button>
      </p>
    </form>
  );
}

/** The client or matter the log is narrowed to: shown with Remove, or found by a search. */
function RecordChoice({
  client,
  matter,
  onClient,
  onMatter,
}: {
  client: Chosen | null;
  matter: Chosen | null;
  onClient: (client: Chosen | null) => void;
  onMatter: (matter: Chosen | null) => void;
}) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const found = useQuery({
    ...trpc.matters.list.queryOptions({ queue: 'all', search, limit: 10 }),
    enabled: search !== '',
  });
  const results = found.data?.items ?? [];
  const find = () => setSearch(typed.trim());

  return (
    <div>
      {(client || matter) && (
        <ul className="chips" aria-label="Records the log is narrowed to">
          {client && (
            <li>
              Client: {client.label}
              <button type="button" className="button button--quiet" onClick={() => onClient(null)}>
                Remove<span className="visually-hidden"> the client {client.label}</span>
              </button>
            </li>
          )}
          {matter && (
            <li>
              Matter {matter.label}
              <button type="button" className="button button--quiet" onClick={() => onMatter(null)}>
                Remove<span className="visually-hidden"> the matter {matter.label}</span>
              </button>
            </li>
          )}
        </ul>
      )}
      <div className="inline-row">
        <TextField
          label="Client or matter"
          hint="Name, date of birth or matter reference; then choose the client or one matter"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            // Enter finds, rather than applying the filters with a half-typed name.
            if (e.key === 'Enter') {
              e.preventDefault();
              find();
            }
          }}
        />
        {/* Named apart from the disclosure report's Find, on the same page. */}
        <button
          type="button"
          className="button"
          aria-label="Find a client or matter to filter by"
          onClick={find}
        >
          Find
        </button>
      </div>
      {found.error && <Alert tone="error">{describeError(found.error).message}</Alert>}
      {search !== '' && found.data && results.length === 0 && (
        <p className="muted" role="status">
          No client or matter matches “{search}”.
        </p>
      )}
      {results.length > 0 && (
        <ul aria-label="Matching clients and matters" className="plain-list">
          {results.map((m) => (
            <li key={m.id} className="inline-add">
              <span>
                {m.clientName}, matter {m.reference}
              </span>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  onClient({ id: m.clientId, label: m.clientName });
                  setSearch('');
                }}
              >
                Choose the client<span className="visually-hidden"> {m.clientName}</span>
              </button>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  onMatter({ id: m.id, label: `${m.reference} (${m.clientName})` });
                  setSearch('');
                }}
              >
                Choose matter {m.reference}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
