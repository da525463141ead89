// Languages a client may prefer. Client-facing text exists in English and Spanish today; the others
// are recorded so staff know to arrange interpretation.
import { z } from 'zod';

export const LANGUAGES = [
  { code: 'en', label: 'English', english: 'English' },
  { code: 'es', label: 'Spanish (Español)', english: 'Spanish' },
  { code: 'zh', label: 'Chinese (中文)', english: 'Chinese' },
  { code: 'vi', label: 'Vietnamese (Tiếng Việt)', english: 'Vietnamese' },
  { code: 'ko', label: 'Korean (한국어)', english: 'Korean' },
  { code: 'tl', label: 'Tagalog', english: 'Tagalog' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];
/** A language as people read it in a list or a sentence: "Spanish (Español)"; an unknown code as it is. */
export function languageLabel(code: string): string {
  return LANGUAGES.find((l) => l.code === code)?.label ?? code;
}

/** A language by its English name alone, as court papers (in English, CCP 185) name it: "Spanish". */
export function languageEnglishName(code: string): string {
  return LANGUAGES.find((l) => l.code === code)?.english ?? code;
}

export const languageSchema = z.enum(LANGUAGE_CODES, { error: 'Choose a language from the list.' });
