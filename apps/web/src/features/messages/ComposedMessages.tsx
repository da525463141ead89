// The rendered message for each channel the client allows: staff choose the channels, may edit the
// text, and see what the client's preferences rule out, and a letter that could not be printed (a
// name with a character the letters' font has not): it starts unchosen, with what to correct.
import {
  languageLabel,
  MESSAGE_CHANNEL_LABELS,
  type MessageChannel,
  type OutgoingMessage,
} from '@relief-desk/domain';
import type { ApiOutputs } from '../../trpc.ts';
import { Alert, Checkbox, TextAreaField, TextField } from '../../ui/fields.tsx';

export type Composition = ApiOutputs['messages']['composeStatus'];

export interface Draft extends OutgoingMessage {
  include: boolean;
  recipient: string;
}

export function draftsOf(composition: Composition): Draft[] {
  return composition.messages.map((m) => ({
    channel: m.channel,
    subject: m.subject,
    text: m.text,
    recipient: m.recipient,
    // Sending it would be refused: the other channels can go without it.
    include: m.cannotPrint === null,
  }));
}

export function ComposedMessages({
  composition,
  drafts,
  onChange,
}: {
  composition: Composition;
  drafts: Draft[];
  onChange: (drafts: Draft[]) => void;
}) {
  const update = (channel: MessageChannel, change: Partial<Draft>) =>
    onChange(drafts.map((d) => (d.channel === channel ? { ...d, ...change } : d)));
  return (
    <div className="composed">
      <p>
        In {languageLabel(composition.language)}
        {composition.fallbackFrom &&
          ` (no written templates in ${languageLabel(composition.fallbackFrom)} yet: arrange interpretation)`}
        .
      </p>
      {/* The office's own wording dropped a placeholder the records fill: staff read why it is not used. */}
      {composition.templateSetAside && <Alert tone="info">{composition.templateSetAside}</Alert>}
      {drafts.length === 0 && <p>The client has no channel a message can go to.</p>}
      {drafts.map((draft) => {
        const label = MESSAGE_CHANNEL_LABELS[draft.channel];
        const meta = composition.messages.find((m) => m.channel === draft.channel);
        return (
          <fieldset key={draft.channel} className="composed__channel">
            <legend>
              {label} to {draft.recipient.split('\n')[0]}
            </legend>
            {meta?.cannotPrint && (
              <Alert tone="error">This letter cannot be printed. {meta.cannotPrint}</Alert>
            )}
            <Checkbox
              label={`Send by ${label.toLowerCase()}`}
              checked={draft.include}
              onChange={(e) => update(draft.channel, { include: e.target.checked })}
            />
            {draft.channel !== 'sms' && (
              <TextField
                label={`${label} subject`}
                // Written in the client's language, which the page around it is not.
                lang={composition.language}
                value={draft.subject}
                onChange={(e) => update(draft.channel, { subject: e.target.value })}
              />
            )}
            <TextAreaField
              label={`${label} text`}
              rows={draft.channel === 'sms' ? 3 : 10}
              hint={
                [
                  draft.channel === 'sms'
                    ? `${meta?.smsParts ?? 1} text part(s)${meta?.shortened ? ', shortened to fit' : ''}. No case details go by text.`
                    : '',
                  // The server marks words of staff's own: they may tell of the record.
                  meta && (draft.text !== meta.text || draft.subject !== meta.subject)
                    ? 'Changed from the office’s wording: only colleagues with the RAP sheet permission will read it.'
                    : '',
                ]
                  .filter(Boolean)
                  .join(' ') || undefined
              }
              lang={composition.language}
              value={draft.text}
              onChange={(e) => update(draft.channel, { text: e.target.value })}
            />
          </fieldset>
        );
      })}
      {composition.unreachable.length > 0 && (
        <ul className="muted small">
          {composition.unreachable.map((u) => (
            <li key={u.channel}>
              No {MESSAGE_CHANNEL_LABELS[u.channel].toLowerCase()}: {u.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const outgoing = (drafts: Draft[]): OutgoingMessage[] =>
  drafts.filter((d) => d.include).map(({ channel, subject, text }) => ({ channel, subject, text }));
