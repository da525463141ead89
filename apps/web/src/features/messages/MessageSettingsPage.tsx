// Administrators: the office's message templates (each status type's English and Spanish edited and
// saved together, held to the same placeholders; every save a new version; placeholders written
// wrong (doubled or stray braces, unknown names, a subject's list or lines) refused by name, as is wording without a placeholder whose words come from the matter's records,
// such as {signedOrder} in "Granted") and the automatic follow-up after a referral with no status
// update. Wording saved without such a placeholder before is shown as needing attention: messages use
// the built-in wording until an administrator updates it.
import {
  type FollowUpSettingsInput,
  followUpSettingsInputSchema,
  MESSAGE_STATUS_LABELS,
  MESSAGE_STATUS_TYPES,
  NOT_IN_SUBJECT,
  type SaveTemplateInput,
  saveTemplateInputSchema,
  TEMPLATE_LANGUAGE_CODES,
  TEMPLATE_LANGUAGE_LABELS,
  type TemplateLanguageCode,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, Checkbox, TextAreaField, TextField } from '../../ui/fields.tsx';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';

type Template = ApiOutputs['messages']['templates']['templates'][number];
type StatusType = SaveTemplateInput['statusType'];

/**
 * Each status type's templates, one per language. A status type the list withholds (an update about
 * the record or the court, without the RAP sheet permission) is left out: it cannot be edited whole.
 */
function byStatus(templates: readonly Template[]): [StatusType, Record<TemplateLanguageCode, Template>][] {
  return MESSAGE_STATUS_TYPES.flatMap((statusType) => {
    const languages = TEMPLATE_LANGUAGE_CODES.map((l) =>
      templates.find((t) => t.statusType === statusType && t.language === l),
    );
    if (languages.some((t) => !t)) return [];
    return [
      [
        statusType,
        Object.fromEntries(languages.map((t) => [t?.language, t])) as Record<TemplateLanguageCode, Template>,
      ],
    ];
  });
}

export function MessageSettingsPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Messages to clients');
  const trpc = useTRPC();
  const templates = useQuery(trpc.messages.templates.queryOptions());
  const [selected, setSelected] = useState<StatusType | null>(null);
  const rows = byStatus(templates.data?.templates ?? []);
  const current = rows.find(([statusType]) => statusType === selected)?.[1];
  // Only the statuses this person may see: the others' templates (and names) are withheld without the
  // RAP sheet permission, as what they tell is criminal history.
  const mustUse = (templates.data?.mustUse ?? []).filter((m) =>
    rows.some(([statusType]) => statusType === m.statusType),
  );
  const needAttention = rows.filter(([, languages]) =>
    TEMPLATE_LANGUAGE_CODES.some((l) => languages[l].problems.length > 0),
  );

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Messages to clients
      </h1>
      <FollowUpForm />
      <section aria-labelledby="templates-heading" className="panel">
        <h2 id="templates-heading">Templates</h2>
        <p>
          Placeholders: {templates.data?.placeholders.map((p) => `{${p}}`).join(', ')}. {'{reachUs}'} says how
          to reach the office with the details it has (its phone, else its e-mail); {'{reachUsAll}'} gives
          each of them. A placeholder is written with one brace on each side. A subject is one line: it cannot
          use{' '}
          {Object.keys(NOT_IN_SUBJECT)
            .map((p) => `{${p}}`)
            .join(', ')}
          , which fill in as several lines, a list or several sentences. Each template is saved in every
          language at once, with the same placeholders in each, so every client is told the same. Each save is
          a new version; sent messages keep the version they used.
        </p>
        {mustUse.length > 0 && (
          <p>
            Some placeholders say what the matter’s records hold, which changes from one client to the next,
            so the office’s wording must keep them wherever the built-in wording uses them:{' '}
            {mustUse
              .map(
                ({ statusType, placeholders }) =>
                  `“${MESSAGE_STATUS_LABELS[statusType]}” ${placeholders.map((p) => `{${p}}`).join(', ')}`,
              )
              .join('; ')}
            .
          </p>
        )}
        {needAttention.length > 0 && (
          <Alert tone="error">
            <p>
              {needAttention.length === 1 ? 'One template needs' : `${needAttention.length} templates need`}{' '}
              attention: the office’s wording leaves out a placeholder it must use, so it could tell a client
              what is not true of them, or writes a placeholder so that it cannot be sent as it is (each
              problem is shown at its part). Until it is updated, messages use the built-in wording instead.
            </p>
            <ul>
              {needAttention.map(([statusType, languages]) => (
                <li key={statusType}>
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => setSelected(statusType)}
                  >
                    Update {MESSAGE_STATUS_LABELS[statusType]}
                  </button>{' '}
                  {/* The first sentence of each ("The English text message of … must use {signedOrder}."); the form says the rest at each field. */}
                  {TEMPLATE_LANGUAGE_CODES.flatMap((l) =>
                    languages[l].problems.map(
                      (p) => /^.*? must use [^.]*\./.exec(p.message)?.[0] ?? p.message,
                    ),
                  ).join(' ')}
                </li>
              ))}
            </ul>
          </Alert>
        )}
        <ScrollRegion label="Templates table">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                {TEMPLATE_LANGUAGE_CODES.map((l) => (
                  <th scope="col" key={l}>
                    {TEMPLATE_LANGUAGE_LABELS[l]}
                  </th>
                ))}
                <th scope="col">Edit</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([statusType, languages]) => (
                <tr key={statusType}>
                  <td>{MESSAGE_STATUS_LABELS[statusType]}</td>
                  {TEMPLATE_LANGUAGE_CODES.map((l) => (
                    <td key={l}>
                      {languages[l].isDefault
                        ? 'Built-in'
                        : `Version ${languages[l].version}${languages[l].createdBy ? ` by ${languages[l].createdBy}` : ''}`}
                      {languages[l].problems.length > 0 && (
                        <strong> — needs attention (not used: the built-in wording is sent instead)</strong>
                      )}
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => setSelected(statusType)}
                    >
                      Edit {MESSAGE_STATUS_LABELS[statusType]}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        {selected && current && <TemplateForm key={selected} statusType={selected} languages={current} />}
      </section>
    </section>
  );
}

function TemplateForm({
  statusType,
  languages,
}: {
  statusType: StatusType;
  languages: Record<TemplateLanguageCode, Template>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const wordingOf = (t: Template) => ({
    baseVersion: t.editVersion,
    subject: t.subject,
    body: t.body,
    sms: t.sms,
  });
  const form = useForm<SaveTemplateInput, unknown, z.output<typeof saveTemplateInputSchema>>({
    resolver: inputResolver(saveTemplateInputSchema),
    defaultValues: {
      statusType,
      wording: { en: wordingOf(languages.en), es: wordingOf(languages.es) },
    },
  });
  const save = useMutation(
    trpc.messages.saveTemplate.mutationOptions({
      onSuccess: async (result, values) => {
        // The form stays (and says it saved); the next save builds on the versions just written.
        form.reset({
          ...values,
          wording: {
            en: { ...values.wording.en, baseVersion: result.en.version },
            es: { ...values.wording.es, baseVersion: result.es.version },
          },
        });
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.messages.templates.queryKey() });
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  // Wording saved without a placeholder it must use: each problem shown at its field from the start.
  const problems = JSON.stringify(TEMPLATE_LANGUAGE_CODES.flatMap((l) => languages[l].problems));
  useEffect(() => {
    for (const problem of JSON.parse(problems) as Template['problems'])
      form.setError(problem.path as `wording.${TemplateLanguageCode}.${'subject' | 'body' | 'sms'}`, {
        type: 'server',
        message: problem.message,
      });
  }, [form, problems]);
  const errors = form.formState.errors.wording;
  return (
    <form
      aria-label="Edit template"
      noValidate
      onSubmit={form.handleSubmit((values) => {
        setSaved(false);
        save.mutate(values);
      })}
    >
      <h3>{MESSAGE_STATUS_LABELS[statusType]}</h3>
      {save.error && <Alert tone="error">{describeError(save.error).message}</Alert>}
      {saved && <Alert tone="success">Saved as a new version.</Alert>}
      <div className="two-columns">
        {TEMPLATE_LANGUAGE_CODES.map((l) => (
          <fieldset key={l}>
            <legend>{TEMPLATE_LANGUAGE_LABELS[l]}</legend>
            {/* Each language's wording is read out in its language, not the page's (the labels stay English). */}
            {errors?.[l]?.message && <Alert tone="error">{errors[l]?.message}</Alert>}
            <TextField
              label="Subject"
              error={errors?.[l]?.subject?.message}
              lang={l}
              {...form.register(`wording.${l}.subject`)}
            />
            <TextAreaField
              label="E-mail and letter text"
              rows={12}
              error={errors?.[l]?.body?.message}
              lang={l}
              {...form.register(`wording.${l}.body`)}
            />
            <TextAreaField
              label="Text message"
              rows={3}
              error={errors?.[l]?.sms?.message}
              lang={l}
              {...form.register(`wording.${l}.sms`)}
            />
          </fieldset>
        ))}
      </div>
      <BusyButton type="submit" className="button button--primary" busy={save.isPending}>
        Save template
      </BusyButton>
    </form>
  );
}

function FollowUpForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.messages.followUpSettings.queryOptions());
  const [saved, setSaved] = useState(false);
  const form = useForm<FollowUpSettingsInput, unknown, z.output<typeof followUpSettingsInputSchema>>({
    resolver: inputResolver(followUpSettingsInputSchema),
    defaultValues: { version: 0, enabled: true, days: 42 },
  });
  useEffect(() => {
    if (settings.data) form.reset(settings.data);
  }, [settings.data, form]);
  const save = useMutation(
    trpc.messages.saveFollowUpSettings.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.messages.followUpSettings.queryKey() });
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  return (
    <section aria-labelledby="follow-up-heading" className="panel">
      <h2 id="follow-up-heading">Automatic follow-up</h2>
      <form
        noValidate
        onSubmit={form.handleSubmit((values) => {
          setSaved(false);
          save.mutate(values);
        })}
      >
        {save.error && <Alert tone="error">{describeError(save.error).message}</Alert>}
        {saved && <Alert tone="success">Follow-up setting saved.</Alert>}
        <Checkbox
          label="Send the “In review” follow-up when a referral still being reviewed (before any petition is prepared) has had no status update"
          {...form.register('enabled')}
        />
        <TextField
          label="Days after the referral"
          type="number"
          inputMode="numeric"
          error={form.formState.errors.days?.message}
          {...form.register('days')}
        />
        <BusyButton type="submit" className="button" busy={save.isPending}>
          Save follow-up setting
        </BusyButton>
      </form>
    </section>
  );
}
