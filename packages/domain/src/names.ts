// Name handling that survives accents, ñ, word order and punctuation: the keys are computed here,
// in code, so SQLite and PostgreSQL search and sort the same way.

/**
 * Letters that NFKD leaves whole (no base letter plus mark), spelled as a reader without them types
 * them: "Dang" finds Đặng, "Lukasz Orsted" finds Łukasz Ørsted. Stored keys were folded with this:
 * a change here needs a migration that rebuilds them (0045 did for these).
 */
export const LETTERS_WITHOUT_DECOMPOSITION: Readonly<Record<string, string>> = {
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Ł: 'L',
  ł: 'l',
  Ø: 'O',
  ø: 'o',
  ß: 'ss',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
  Ŧ: 'T',
  ŧ: 't',
};
const UNDECOMPOSED = new RegExp(`[${Object.keys(LETTERS_WITHOUT_DECOMPOSITION).join('')}]`, 'gu');

/**
 * Apostrophes and the marks typed for them inside names (O'Brien, D’Souza, Kaʻahumanu): folding makes
 * each a space between words, and a name is also searched and sorted with them closed up. Stored keys
 * were made with this: a change here needs a migration that rebuilds them (0046 did for these).
 */
export const APOSTROPHES = /['‘’ʼʻ`´]/gu;

/**
 * The characters a person's name is written with: letters of any script and the marks written on them
 * (accents, tones, vowel signs), spaces, and the punctuation names use: apostrophes (O'Brien, D’Souza,
 * the Hebrew geresh ׳ and gershayim ״, the Armenian apostrophe ՚), hyphens and dashes, periods and
 * commas ("Mary-Jane St. John, Jr."), and the middle dots between the parts of a foreign name written
 * in Chinese or Japanese (约翰·史密斯, ジョン・スミス). Digits, ":", "/", "@", "<", "=" and the like are
 * in no one's name as an ID writes it, and let a form's name field carry a link or a formula.
 */
const NAME_CHARACTER = new RegExp(
  `^(?:[\\p{L}\\p{M}\\s\\p{Pd}.,·・\u05f3\u05f4\u055a]|${APOSTROPHES.source})$`,
  'u',
);

/** The first character of a name that names are not written with (NAME_CHARACTER); null when none is. */
export function characterNotInName(name: string): string | null {
  for (const character of name) if (!NAME_CHARACTER.test(character)) return character;
  return null;
}

/**
 * Lower-case, strip diacritics (José → jose, Núñez → nunez), spell out letters with none to strip
 * (Đặng → dang, Łukasz → lukasz, Straße → strasse), keep letters, digits and single spaces.
 */
export function foldName(name: string): string {
  // The letters are spelled out after the marks are stripped, so Ǿ (Ø with acute) becomes O too.
  return name
    .replace(APOSTROPHES, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(UNDECOMPOSED, (letter) => LETTERS_WITHOUT_DECOMPOSITION[letter] ?? letter)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The distinct words of a name, folded, apostrophes closed up (O'Brien and OBrien are one person's
 * "obrien"); one-letter initials are dropped as too weak to match on.
 */
export function nameTokens(name: string): string[] {
  return [...new Set(foldName(closedUp(name)).split(' '))].filter((t) => t.length > 1);
}

/** The name with its apostrophes closed up (O'Brien → OBrien); the name itself when it has none. */
function closedUp(name: string): string {
  return name.replace(APOSTROPHES, '');
}

/** The key matters are sorted by: the folded legal name's words, in order, apostrophes closed up (O'Brien among the Ob…). */
export function nameSortKey(name: string): string {
  return foldName(closedUp(name));
}

/**
 * Words that begin many surnames, folded (de la Cruz, del Río, dos Santos, van der Berg, San Martín):
 * written apart or together ("Dela Cruz", "Delacruz"), they are one surname. Stored keys were made
 * with this list: a change here needs a migration that rebuilds them (0063 did for these).
 */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(
  'de del dela della la las los le les da das do dos di du van von der den ter ten st san santa'.split(' '),
);

/**
 * A folded name with each run of particles glued to the word after it ("maria de la cruz" → "maria
 * delacruz"; a run at the end is glued on its own); null when it has no particle.
 */
export function gluedParticles(folded: string): string | null {
  const words = folded.split(' ');
  const glued: string[] = [];
  let run = '';
  for (const word of words) {
    if (NAME_PARTICLES.has(word)) run += word;
    else {
      glued.push(run + word);
      run = '';
    }
  }
  if (run) glued.push(run);
  const joined = glued.join(' ');
  return joined === folded ? null : joined;
}

/**
 * The key a client is searched by: the folded legal and other names, joined by " | ", each name with
 * an apostrophe once more closed up, so "obrien" finds O'Brien as "brien" and "o'brien" do, and each
 * name with particles once more glued to their surname, so "dela cruz" finds De La Cruz.
 */
export function nameSearchKey(legalName: string, otherNames: readonly string[]): string {
  const names = [legalName, ...otherNames];
  const closed = names.map(closedUp).filter((name, i) => name !== names[i]);
  const folded = [...names, ...closed].map(foldName);
  const glued = folded.map(gluedParticles).filter((name): name is string => name !== null);
  return [...new Set([...folded, ...glued])].join(' | ');
}

/**
 * What a search by name asks of a client's names, term by term: each word must start one of the
 * names' words. A run of particles with the word after it is one term, met either glued ("de la
 * cruz" as "delacruz", which the key holds for De La Cruz, Dela Cruz and Delacruz alike) or word by
 * word ("de", "cruz" in Maria de la Cruz). One-letter words are too weak to ask for and are left out.
 */
export function nameSearchTerms(text: string): { glued: string; parts: string[] }[] {
  const words = nameTokens(text);
  const terms: { glued: string; parts: string[] }[] = [];
  let run: string[] = [];
  for (const word of words) {
    if (NAME_PARTICLES.has(word)) run.push(word);
    else {
      terms.push({ glued: [...run, word].join(''), parts: [...run, word] });
      run = [];
    }
  }
  if (run.length > 0) terms.push({ glued: run.join(''), parts: run });
  return terms;
}

/**
 * How alike two names are, 0..1, ignoring accents, case and word order: the share of the shorter
 * name's words found in the longer one. "Maria Jose Nunez" ~ "Núñez, María" scores 1.
 */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const [shorter, longer] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  const longerSet = new Set(longer);
  const shared = shorter.filter((t) => longerSet.has(t) || [...longerSet].some((l) => nearlyEqual(t, l)));
  return shared.length / shorter.length;
}

/** Two names are a plausible match when at least half the shorter name's words are shared. */
export const NAME_MATCH_THRESHOLD = 0.5;

// One typo (edit distance 1) in words of five letters or more still counts: "Hernandes" ~ "Hernandez".
function nearlyEqual(a: string, b: string): boolean {
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 1) return false;
  return editDistanceAtMostOne(a, b);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    edits++;
    if (edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

const collator = new Intl.Collator(['es', 'en'], { sensitivity: 'base' });
/** Orders names as a Spanish- and English-speaking reader expects (Núñez after Nunez, before Nuño). */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

/** The other names (aliases, earlier names) a client's record holds at most (the client form's limit). */
export const OTHER_NAMES_MAX = 20;

/**
 * A record's other names with more names it learns of (a merged record's, another office's): each
 * name not already its legal name or another name (compared folded, so Renée is Renee), in order,
 * up to the limit.
 */
export function withOtherNames(
  legalName: string,
  otherNames: readonly string[],
  more: readonly string[],
): string[] {
  const known = new Set([legalName, ...otherNames].map(foldName));
  const names = [...otherNames];
  for (const name of more) {
    if (known.has(foldName(name)) || names.length >= OTHER_NAMES_MAX) continue;
    known.add(foldName(name));
    names.push(name);
  }
  return names;
}
