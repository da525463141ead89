// The declaration in support is in English (CCP 185); a client who cannot read it signs after someone
// read it to them in their language. The form says in which language and who read it, and refuses,
// saying how to fix it, a language without a translator or a translator without a language.
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES, LANGUAGES, languageEnglishName } from './languages.ts';
import { declarationInputSchema, packetDocuments } from './packets.ts';

const base = { petitionId: 'p1', version: 0, rehabilitation: 'I finished the program.' };
const OTHER_THAN_ENGLISH = LANGUAGE_CODES.filter((code) => code !== 'en');

function issuesOf(input: Record<string, unknown>) {
  const result = declarationInputSchema.safeParse({ ...base, ...input });
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('the declaration’s translation', () => {
  it('needs none: read in English by the client themselves (no choice, the empty choice, or English)', () => {
    for (const readToClientIn of [undefined, null, '', 'en']) {
      const parsed = declarationInputSchema.parse({ ...base, readToClientIn });
      expect(parsed.readToClientIn).toBeNull();
      expect(parsed.translatorName).toBe('');
    }
  });

  it.each(OTHER_THAN_ENGLISH)('%s: kept with the translator’s name', (code) => {
    const parsed = declarationInputSchema.parse({
      ...base,
      readToClientIn: code,
      translatorName: '  Rosa   Delgado ',
    });
    expect(parsed.readToClientIn).toBe(code);
    expect(parsed.translatorName).toBe('Rosa Delgado');
  });

  it.each(OTHER_THAN_ENGLISH)(
    '%s without a translator’s name: refused at the name, naming the language in English',
    (code) => {
      const language = languageEnglishName(code);
      expect(issuesOf({ readToClientIn: code, translatorName: ' ' })).toEqual([
        {
          path: 'translatorName',
          message: `Name the person who read the declaration to the client in ${language}; their declaration as translator is filed with it. If the client read it in English themselves, choose English.`,
        },
      ]);
    },
  );

  it('a translator’s name with English (or no language): refused at the language, saying what to do', () => {
    for (const readToClientIn of [null, 'en'])
      expect(issuesOf({ readToClientIn, translatorName: 'Rosa Delgado' })).toEqual([
        {
          path: 'readToClientIn',
          message:
            'Choose the language the translator read the declaration to the client in, or clear the translator’s name if the client read it in English themselves.',
        },
      ]);
  });

  it('refuses a language that is not on the list, and a name too long', () => {
    expect(issuesOf({ readToClientIn: 'fr', translatorName: 'X' }).map((i) => i.path)).toEqual([
      'readToClientIn',
    ]);
    expect(issuesOf({ readToClientIn: 'es', translatorName: 'x'.repeat(121) })).toEqual([
      { path: 'translatorName', message: 'Keep the translator’s name under 120 characters.' },
    ]);
  });

  it('every language has an English name for the papers, without its own name in brackets', () => {
    for (const { code, label } of LANGUAGES) {
      const name = languageEnglishName(code);
      expect(label.startsWith(name)).toBe(true);
      expect(name).toMatch(/^[A-Z][a-z]+$/);
    }
    expect(languageEnglishName('es')).toBe('Spanish');
  });

  it('the packet lists the translator’s declaration right after the declaration, only when there is one', () => {
    const declaration = { rehabilitation: 'x', employment: '', communityTies: '', otherReasons: '' };
    expect(packetDocuments({ declaration })).toEqual([
      'petition',
      'declaration',
      'order',
      'proof of service',
    ]);
    expect(
      packetDocuments({
        declaration: { ...declaration, translation: { language: 'vi', translatorName: 'Lan Tran' } },
      }),
    ).toEqual(['petition', 'declaration', 'translator’s declaration', 'order', 'proof of service']);
  });
});
