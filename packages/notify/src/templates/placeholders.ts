// Placeholders are `{name}` in template text. An office's edited template may only use the known
// names, so a typo such as {clientname} is refused when saved rather than sent to a client.
import { templatePlaceholders } from '@relief-desk/domain';
import { TemplateError } from '../errors.ts';
import { CONTACT_PLACEHOLDERS, PLACEHOLDERS } from './catalog.ts';

// The same pattern as templatePlaceholders (domain), which names them; this one fills them.
const PLACEHOLDER_PATTERN = /\{([^{}]*)\}/g;
const KNOWN: ReadonlySet<string> = new Set(PLACEHOLDERS);
/** Placeholders whose value is wording ("call us at …"), not data: it takes a capital where it starts a sentence. */
const PHRASES: ReadonlySet<string> = new Set(CONTACT_PLACEHOLDERS);
/**
 * The filled text before a placeholder that starts a sentence: nothing, a line break, ". ", "! ",
 * "? ", ": ", "¿", "¡". Tested on what the client reads (the values before it filled in), not on the
 * template: "{nextSteps} {reachUsAll}." starts a sentence when the next steps end with one.
 */
const SENTENCE_START = /(?:^\s*|[.!?:]\s+|[\n¿¡]\s*)$/;
/** Placeholders whose value is a list set apart (the next steps): what follows it starts a sentence. */
const LISTS: ReadonlySet<string> = new Set(['nextSteps']);

/** The placeholder names in a template that Relief Desk does not know; empty when the template is fine. */
export function validateTemplate(body: string): string[] {
  return templatePlaceholders(body).filter((name) => !KNOWN.has(name));
}

export function assertKnownPlaceholders(texts: string[]): void {
  const unknown = [...new Set(texts.flatMap(validateTemplate))];
  if (unknown.length > 0) {
    throw new TemplateError(
      'UNKNOWN_PLACEHOLDER',
      unknown,
      `Unknown placeholders: ${unknown.map((n) => `{${n}}`).join(', ')}. ` +
        `Use only ${PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}.`,
    );
  }
}

/**
 * Replaces every placeholder in one pass, so braces inside a value (a name typed oddly) are never
 * read as placeholders. A placeholder without a non-blank value is an error naming it, unless it is
 * listed in `mayBeEmpty` (an empty list of next steps simply disappears). A phrase ({reachUs}) takes a
 * capital wherever it begins a sentence of the filled text, in any language.
 */
export function fillPlaceholders(
  text: string,
  values: Readonly<Record<string, string | undefined>>,
  mayBeEmpty: readonly string[] = [],
): string {
  const missing = templatePlaceholders(text).filter(
    (name) => !mayBeEmpty.includes(name) && !values[name]?.trim(),
  );
  if (missing.length > 0) {
    throw new TemplateError(
      'MISSING_VALUE',
      missing,
      `Missing values for ${missing.map((n) => `{${n}}`).join(', ')}.`,
    );
  }
  let filled = '';
  let end = 0;
  let afterList = false;
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1] ?? '';
    const between = text.slice(end, match.index);
    filled += between;
    const value = values[name] ?? '';
    const startsSentence =
      PHRASES.has(name) && ((afterList && between.trim() === '') || SENTENCE_START.test(filled));
    filled += startsSentence ? value.charAt(0).toUpperCase() + value.slice(1) : value;
    // An empty value leaves what came before it in place: a list then still precedes what follows.
    afterList =
      LISTS.has(name) && value.trim() !== '' ? true : afterList && between.trim() === '' && !value.trim();
    end = match.index + match[0].length;
  }
  return filled + text.slice(end);
}

/** Tidies what empty placeholders leave behind: runs of blank lines, doubled spaces, trailing spaces. */
export function tidyText(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
