// Languages a client may prefer. Client-facing text exists in English and Spanish today; the others
// are recorded so staff know to arrange interpretation.
import { z } from 'zod';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Spanish (Español)' },
  { code: 'zh', label: 'Chinese (中文)' },
  { code: 'vi', label: 'Vietnamese (Tiếng Việt)' },
  { code: 'ko', label: 'Korean (한국어)' },
  { code: 'tl', label: 'Tagalog' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];
/** A language as people read it in a list or a sentence: "Spanish (Español)"; an unknown code as it is. */
export function languageLabel(code: string): string {
  return LANGUAGES.find((l) => l.code === code)?.label ?? code;
}

export const languageSchema = z.enum(LANGUAGE_CODES, { error: 'Choose a language from the list.' });
