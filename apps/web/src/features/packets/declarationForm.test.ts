// The declaration's form offers the client's own language to read it to them in, English (the client
// read it themselves) first among the choices, and keeps what was saved.
import { LANGUAGE_CODES } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { declarationDefaults, READ_TO_CLIENT_CHOICES } from './declarationForm.ts';

const saved = {
  version: 3,
  rehabilitation: 'I finished the program.',
  employment: '',
  communityTies: '',
  otherReasons: '',
  readToClientIn: null,
  translatorName: '',
};

describe('the declaration’s “Read to the client in” and “Translator’s name”', () => {
  it('offers English (read by the client) first, then every other language once', () => {
    expect(READ_TO_CLIENT_CHOICES[0]).toEqual({ value: '', label: 'English: the client read it themselves' });
    expect(READ_TO_CLIENT_CHOICES.map((c) => c.value).slice(1)).toEqual(
      LANGUAGE_CODES.filter((code) => code !== 'en'),
    );
    expect(READ_TO_CLIENT_CHOICES.find((c) => c.value === 'es')?.label).toBe('Spanish (Español)');
  });

  it.each(LANGUAGE_CODES)('a client preferring %s: the form starts at their language, or English', (code) => {
    const fresh = declarationDefaults('p1', null, code);
    expect(fresh.readToClientIn).toBe(code === 'en' ? '' : code);
    expect(fresh.translatorName).toBe('');
    expect(declarationDefaults('p1', saved, code).readToClientIn).toBe(code === 'en' ? '' : code);
  });

  it('keeps the language and translator saved, whatever the client prefers', () => {
    const translated = { ...saved, readToClientIn: 'vi' as const, translatorName: 'Lan Tran' };
    expect(declarationDefaults('p1', translated, 'en')).toMatchObject({
      version: 3,
      rehabilitation: 'I finished the program.',
      readToClientIn: 'vi',
      translatorName: 'Lan Tran',
    });
    expect(declarationDefaults('p1', null, null).readToClientIn).toBe('');
  });
});
