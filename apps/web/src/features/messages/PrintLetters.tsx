// Printing letters in two steps: the server renders the PDF (a POST; nothing changes yet), the browser
// saves it, and once the pages are out of the printer staff confirm, which marks the letters sent.
// Until then they stay in the print queue, so a jammed printer or a closed tab loses no letter. A
// mailing run leaves out letters that cannot be printed as they are: only those printed are confirmed.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';

type Printed = { messageIds: string[]; count: number; leftOut: number };

/**
 * POSTs to a print route and saves the PDF it answers with; returns how many letters it holds and
 * the ids of those the server left out (they cannot be printed as they are).
 * Throws an Error with a message to show.
 */
async function downloadPdf(url: string, body?: unknown): Promise<{ count: number; leftOut: string[] }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  } catch {
    throw new Error('The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(answer?.error?.message ?? 'The letters could not be printed. Try again.');
  }
  const blob = await response.blob();
  const filename =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'letters.pdf';
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the address is no use after it.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return {
    count: Number(response.headers.get('x-letter-count') ?? '1'),
    leftOut: (response.headers.get('x-letters-left-out') ?? '').split(',').filter(Boolean),
  };
}

export interface PrintLettersProps {
  /** The button: "Print letter", "Print the mailing run (one PDF)". */
  label: string;
  /** The letters to print (asked when the button is pressed) and where to POST for their PDF. */
  prepare: () => Promise<{ url: string; body?: unknown; messageIds: string[] }>;
  /** Ask for a confirmation after printing: false when printing again a letter already sent. */
  confirm: boolean;
  /** The question once the PDF is saved: "Printed all of them?". */
  question: (count: number) => string;
  onChanged: () => void;
}

export function PrintLetters({ label, prepare, confirm, question, onChanged }: PrintLettersProps) {
  const trpc = useTRPC();
  const [busy, setBusy] = useState(false);
  const [printed, setPrinted] = useState<Printed | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const yesButton = useRef<HTMLButtonElement>(null);
  const confirmPrinted = useMutation(
    trpc.messages.confirmPrinted.mutationOptions({
      onSuccess: (result) => {
        setPrinted(null);
        setDone(
          result.marked === 1
            ? 'Marked sent.'
            : `${result.marked} letters marked sent.${result.alreadyMarked > 0 ? ` ${result.alreadyMarked} had been marked already.` : ''}`,
        );
        // A page printed before a colleague took its letter out of the queue must not go in the post.
        const out = result.takenOut;
        if (out.length > 0)
          setProblem(
            `${out.length === 1 ? 'One letter was' : `${out.length} letters were`} taken out of the print queue after printing: do not mail ${out.length === 1 ? 'it' : 'them'}. ${out.map((t) => t.reason).join(' ')}`,
          );
        onChanged();
      },
      onError: (error) => setProblem(describeError(error).message),
    }),
  );

  const print = async () => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const { url, body, messageIds } = await prepare();
      if (messageIds.length === 0) throw new Error('No letters are waiting to be printed.');
      const { count, leftOut } = await downloadPdf(url, body);
      if (confirm) {
        setPrinted({
          messageIds: messageIds.filter((id) => !leftOut.includes(id)),
          count,
          leftOut: leftOut.length,
        });
        // The question is what to do next: take the keyboard there.
        setTimeout(() => yesButton.current?.focus(), 0);
      }
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The letters could not be printed. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="actions">
      {!printed && (
        <BusyButton type="button" className="button" busy={busy} onClick={() => void print()}>
          {label}
        </BusyButton>
      )}
      {busy && <span role="status">Preparing the PDF…</span>}
      {printed && (
        <fieldset className="print-confirm">
          <legend>{question(printed.count)}</legend>
          {printed.leftOut > 0 && (
            <p>
              {printed.leftOut === 1 ? '1 letter was' : `${printed.leftOut} letters were`} left out: they
              cannot be printed as they are, and stay in the print queue.
            </p>
          )}
          <BusyButton
            ref={yesButton}
            type="button"
            className="button button--primary"
            busy={confirmPrinted.isPending}
            onClick={() => confirmPrinted.mutate({ messageIds: printed.messageIds })}
          >
            {printed.count === 1 ? 'Yes, mark it sent' : 'Yes, mark them sent'}
          </BusyButton>
          <button type="button" className="button button--quiet" onClick={() => setPrinted(null)}>
            Not printed: keep in the print queue
          </button>
        </fieldset>
      )}
      {done && <span role="status">{done}</span>}
      {problem && (
        <span className="field__error" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
