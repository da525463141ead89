// Picks the wording for a client's language. Languages without templates yet (Chinese, Vietnamese,
// Korean, Tagalog) get English, and the caller is told so it can arrange interpretation.
import { type IsoDate, isRealDate, type LanguageCode } from '@relief-desk/domain';
import { TemplateError } from '../errors.ts';
import type { TemplateLanguage } from './catalog.ts';
import type { LanguagePack } from './language-pack.ts';
import { ENGLISH } from './wording-en.ts';
import { SPANISH } from './wording-es.ts';

const PACKS: Record<TemplateLanguage, LanguagePack> = { en: ENGLISH, es: SPANISH };

export interface ResolvedLanguage {
  language: TemplateLanguage;
  pack: LanguagePack;
  fallbackFrom?: LanguageCode;
}

export function resolveLanguage(requested: LanguageCode): ResolvedLanguage {
  if (requested === 'en' || requested === 'es') return { language: requested, pack: PACKS[requested] };
  return { language: 'en', pack: ENGLISH, fallbackFrom: requested };
}

/** A calendar date as a client reads it: "March 7, 2027" or "7 de marzo de 2027". */
export function formatClientDate(date: IsoDate, language: LanguageCode, field = 'date'): string {
  if (!isRealDate(date)) {
    throw new TemplateError('INVALID_VALUE', [field], `${field} must be a real date as YYYY-MM-DD.`);
  }
  const { pack } = resolveLanguage(language);
  const [year, month, day] = date.split('-').map(Number);
  const monthName = pack.months[(month ?? 1) - 1] ?? '';
  return pack.formatDate(day ?? 1, monthName, year ?? 0);
}
