// Administrators: the office's message templates (every save a new version; unknown placeholders
// refused by name) and the automatic follow-up after a referral with no status update.
import { zodResolver } from '@hookform/resolvers/zod';
import {
  type FollowUpSettingsInput,
  followUpSettingsInputSchema,
  MESSAGE_STATUS_LABELS,
  type SaveTemplateInput,
  saveTemplateInputSchema,
  TEMPLATE_LANGUAGE_LABELS,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { Alert, Checkbox, TextAreaField, TextField } from '../../ui/fields.tsx';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';

type Template = ApiOutputs['messages']['templates']['templates'][number];

export function MessageSettingsPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Messages to clients');
  const trpc = useTRPC();
  const templates = useQuery(trpc.messages.templates.queryOptions());
  const [selected, setSelected] = useState<string | null>(null);
  const current = templates.data?.templates.find((t) => `${t.statusType}:${t.language}` === selected);

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Messages to clients
      </h1>
      <FollowUpForm />
      <section aria-labelledby="templates-heading" className="panel">
        <h2 id="templates-heading">Templates</h2>
        <p>
          Placeholders: {templates.data?.placeholders.map((p) => `{${p}}`).join(', ')}. Each save is a new
          version; sent messages keep the version they used.
        </p>
        <ScrollRegion label="Templates table">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Language</th>
                <th scope="col">Version</th>
                <th scope="col">Edit</th>
              </tr>
            </thead>
            <tbody>
              {templates.data?.templates.map((t) => (
                <tr key={`${t.statusType}:${t.language}`}>
                  <td>{MESSAGE_STATUS_LABELS[t.statusType]}</td>
                  <td>{TEMPLATE_LANGUAGE_LABELS[t.language]}</td>
                  <td>
                    {t.isDefault
                      ? 'Built-in'
                      : `Version ${t.version}${t.createdBy ? ` by ${t.createdBy}` : ''}`}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => setSelected(`${t.statusType}:${t.language}`)}
                    >
                      Edit {MESSAGE_STATUS_LABELS[t.statusType]} ({t.language})
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        {current && <TemplateForm key={selected} template={current} />}
      </section>
    </section>
  );
}

function TemplateForm({ template }: { template: Template }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const form = useForm<SaveTemplateInput, unknown, z.output<typeof saveTemplateInputSchema>>({
    resolver: zodResolver(saveTemplateInputSchema),
    defaultValues: {
      statusType: template.statusType,
      language: template.language,
      baseVersion: template.editVersion,
      subject: template.subject,
      body: template.body,
      sms: template.sms,
    },
  });
  const save = useMutation(
    trpc.messages.saveTemplate.mutationOptions({
      onSuccess: async (result, values) => {
        // The form stays (and says it saved); the next save builds on the version just written.
        form.reset({ ...values, baseVersion: result.version });
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.messages.templates.queryKey() });
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );
  const errors = form.formState.errors;
  return (
    <form
      aria-label="Edit template"
      noValidate
      onSubmit={form.handleSubmit((values) => {
        setSaved(false);
        save.mutate(values);
      })}
    >
      <h3>
        {MESSAGE_STATUS_LABELS[template.statusType]} · {TEMPLATE_LANGUAGE_LABELS[template.language]}
      </h3>
      {save.error && <Alert tone="error">{describeError(save.error).message}</Alert>}
      {saved && <Alert tone="success">Saved as a new version.</Alert>}
      <TextField label="Subject" error={errors.subject?.message} {...form.register('subject')} />
      <TextAreaField
        label="E-mail and letter text"
        rows={12}
        error={errors.body?.message}
        {...form.register('body')}
      />
      <TextAreaField label="Text message" rows={3} error={errors.sms?.message} {...form.register('sms')} />
      <button type="submit" className="button button--primary" disabled={save.isPending}>
        Save template
      </button>
    </form>
  );
}

function FollowUpForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.messages.followUpSettings.queryOptions());
  const [saved, setSaved] = useState(false);
  const form = useForm<FollowUpSettingsInput, unknown, z.output<typeof followUpSettingsInputSchema>>({
    resolver: zodResolver(followUpSettingsInputSchema),
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
          label="Send the “In review” follow-up when a referral has had no status update"
          {...form.register('enabled')}
        />
        <TextField
          label="Days after the referral"
          type="number"
          inputMode="numeric"
          error={form.formState.errors.days?.message}
          {...form.register('days')}
        />
        <button type="submit" className="button" disabled={save.isPending}>
          Save follow-up setting
        </button>
      </form>
    </section>
  );
}
