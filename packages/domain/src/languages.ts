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
export const languageSchema = z.enum(LANGUAGE_CODES, { error: 'Choose a language from the list.' });
