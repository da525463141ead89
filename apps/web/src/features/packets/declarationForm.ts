// What the declaration's form starts from, and the languages it may have been read to the client in.
// Court papers are in English (CCP 185): a client who does not read English signs the declaration
// after someone read it to them in their language, and that person's declaration is filed with it.
import { type DeclarationInput, LANGUAGES, type LanguageCode } from '@relief-desk/domain';

/** The choices of "Read to the client in": English first (the client read it themselves). */
export const READ_TO_CLIENT_CHOICES: { value: '' | LanguageCode; label: string }[] = [
  { value: '', label: 'English: the client read it themselves' },
  ...LANGUAGES.filter((l) => l.code !== 'en').map((l) => ({ value: l.code, label: l.label })),
];

export interface SavedDeclaration {
  version: number;
  rehabilitation: string;
  employment: string;
  communityTies: string;
  otherReasons: string;
  readToClientIn: LanguageCode | null;
  translatorName: string;
}

/**
 * The form's first values: as saved; a declaration not yet read to the client in another language
 * offers the client's own language when it is not English (the packet needs it then).
 */
export function declarationDefaults(
  petitionId: string,
  saved: SavedDeclaration | null,
  clientLanguage: LanguageCode | null,
): DeclarationInput {
  const offered = clientLanguage && clientLanguage !== 'en' ? clientLanguage : '';
  const readToClientIn =
    saved?.readToClientIn && saved.readToClientIn !== 'en' ? saved.readToClientIn : offered;
  return {
    petitionId,
    version: saved?.version ?? 0,
    rehabilitation: saved?.rehabilitation ?? '',
    employment: saved?.employment ?? '',
    communityTies: saved?.communityTies ?? '',
    otherReasons: saved?.otherReasons ?? '',
    readToClientIn,
    translatorName: saved?.translatorName ?? '',
  };
}
