import { describe, expect, it } from 'vitest';
import { likelyMatchReasons } from './duplicates.ts';
import {
  compareNames,
  foldName,
  gluedParticles,
  LETTERS_WITHOUT_DECOMPOSITION,
  NAME_MATCH_THRESHOLD,
  nameSearchKey,
  nameSearchTerms,
  nameSimilarity,
  nameSortKey,
  nameTokens,
} from './names.ts';

describe('foldName', () => {
  it.each([
    ['María José Núñez', 'maria jose nunez'],
    ['  PEÑA-López, Iñigo ', 'pena lopez inigo'],
    ['Nguyễn Thị Ánh', 'nguyen thi anh'],
    ["O'Brien", 'o brien'],
    ['Đặng Văn Minh', 'dang van minh'],
    ['Đỗ Thị Lan', 'do thi lan'],
    ['Łukasz Ørsted', 'lukasz orsted'],
    ['STRAẞE Weiß', 'strasse weiss'],
    ['Ǿrsted Ǽsa', 'orsted aesa'],
  ])('folds %s to %s', (input, expected) => {
    expect(foldName(input)).toBe(expected);
  });
});

describe('nameSimilarity', () => {
  it.each([
    ['same words in another order, without accents', 'María José Núñez', 'Nunez, Maria Jose', 1],
    ['surname and first name only', 'María José Núñez', 'Maria Nunez', 1],
    ['one typo in a long surname', 'Luis Hernandez', 'Luis Hernandes', 1],
    ['different people', 'María Núñez', 'Robert Chen', 0],
  ])('%s', (_why, a, b, expected) => {
    expect(nameSimilarity(a, b)).toBe(expected);
  });

  it('counts a shared surname alone as a possible match, a shared initial not at all', () => {
    expect(nameSimilarity('Ana Peña', 'Rosa Peña')).toBeGreaterThanOrEqual(NAME_MATCH_THRESHOLD);
    expect(nameTokens('J. Smith')).toEqual(['smith']);
  });
});

describe('compareNames', () => {
  it('sorts accented names beside their unaccented neighbours, not after z', () => {
    const sorted = ['Zúñiga', 'Álvarez', 'Alvarado', 'Ñúñez', 'Nunez'].sort(compareNames);
    expect(sorted).toEqual(['Alvarado', 'Álvarez', 'Nunez', 'Ñúñez', 'Zúñiga']);
  });
});

describe('letters with no accent to strip (Đ, Ł, Ø, ß, Æ…)', () => {
  const letters = Object.entries(LETTERS_WITHOUT_DECOMPOSITION);
  // Each letter at the start, inside and at the end of a word, beside accents and other names.
  const names = (letter: string) => [
    `${letter}ặng Văn Minh`,
    `Ana Ma${letter}${letter}ez`,
    `García ${letter}, Sofía`,
    `Nguyễn Thị ${letter}oan`,
  ];
  const pairs = letters.flatMap(([letter, spelled]) =>
    names(letter).map((name, i) => ({ letter, name, plain: names(spelled)[i] ?? '' })),
  );

  it.each(pairs)('$name folds as $plain', ({ name, plain }) => {
    expect(foldName(name)).toBe(foldName(plain));
    expect(foldName(name)).toMatch(/^[a-z ]+$/);
  });

  it.each(pairs)('$name is searched and sorted as $plain', ({ name, plain }) => {
    expect(nameSearchKey(name, [name, 'Rosa Peña'])).toBe(nameSearchKey(plain, [plain, 'Rosa Pena']));
    expect(nameSortKey(name)).toBe(nameSortKey(plain));
  });

  it.each(pairs)('$name matches $plain, typed either way', ({ name, plain }) => {
    expect(nameTokens(name)).toEqual(nameTokens(plain));
    expect(nameSimilarity(name, plain)).toBe(1);
    const person = (legal: string) => ({ names: [legal], dateOfBirth: '1966-03-10', phone: '', email: '' });
    expect(likelyMatchReasons(person(plain), person(name))).toEqual(['name']);
    expect(likelyMatchReasons(person(name), person(plain))).toEqual(['name']);
  });

  it('spells the upper- and lower-case letter alike once folded', () => {
    for (const [letter] of letters)
      expect(foldName(letter.toUpperCase())).toBe(foldName(letter.toLowerCase()));
  });
});

describe('names with apostrophes (O’Brien, D’Souza, Kaʻahumanu)', () => {
  // Each mark typed for an apostrophe, in names of each shape.
  const marks = ["'", '‘', '’', 'ʼ', 'ʻ', '`', '´'];
  const shapes = (mark: string) => [
    { name: `Patrick O${mark}Brien`, closed: 'patrick obrien', split: 'patrick o brien' },
    { name: `D${mark}Souza Pérez, Ana`, closed: 'dsouza perez ana', split: 'd souza perez ana' },
    { name: `Leilani Ka${mark}ahumanu`, closed: 'leilani kaahumanu', split: 'leilani ka ahumanu' },
  ];
  const cases = marks.flatMap((mark) => shapes(mark).map((shape) => ({ mark, ...shape })));

  it.each(cases)('$name is searched both split and closed up', ({ name, closed, split }) => {
    expect(nameSearchKey(name, [])).toBe(`${split} | ${closed}`);
    const words = nameSearchKey(name, []).split(/[ |]+/);
    expect(words).toEqual(expect.arrayContaining([...closed.split(' '), ...split.split(' ')]));
  });

  it.each(cases)('$name sorts closed up, as $closed', ({ name, closed }) => {
    expect(nameSortKey(name)).toBe(closed);
  });

  it('closes up other names too, each after all the names as typed', () => {
    expect(nameSearchKey('Ana Núñez', ["Ana O'Neil", 'Ana N.'])).toBe(
      'ana nunez | ana o neil | ana n | ana oneil',
    );
  });

  it('leaves names without an apostrophe as they were', () => {
    expect(nameSearchKey('María José Núñez', ['Pepa Núñez'])).toBe('maria jose nunez | pepa nunez');
    expect(nameSortKey('Zúñiga, Ana')).toBe('zuniga ana');
  });

  it("sorts O'Brien among the names that start Ob…, as a phone book does", () => {
    const sorted = ['Ochoa', "O'Brien", 'Oakes', 'Obama'].sort((a, b) =>
      nameSortKey(a).localeCompare(nameSortKey(b)),
    );
    expect(sorted).toEqual(['Oakes', 'Obama', "O'Brien", 'Ochoa']);
  });
});

describe('likely matches across apostrophes', () => {
  const person = (legal: string) => ({ names: [legal], dateOfBirth: '1971-05-02', phone: '', email: '' });
  it.each([
    ["Patrick O'Brien", 'Patrick OBrien'],
    ['Ana D’Souza', "Ana D'Souza"],
    ['Leilani Kaʻahumanu', 'Leilani Kaahumanu'],
  ])('%s and %s born the same day share a name', (a, b) => {
    expect(nameTokens(a)).toEqual(nameTokens(b));
    expect(likelyMatchReasons(person(a), person(b))).toEqual(['name']);
  });
});

describe('surnames with particles', () => {
  it('glues each run of particles to the word after it, and a run at the end on its own', () => {
    expect(gluedParticles('maria de la cruz')).toBe('maria delacruz');
    expect(gluedParticles('maria white dela cruz')).toBe('maria white delacruz');
    expect(gluedParticles('pieter van der berg')).toBe('pieter vanderberg');
    expect(gluedParticles('ana de')).toBeNull();
    expect(gluedParticles('rosa de la')).toBe('rosa dela');
    expect(gluedParticles('zuniga perez')).toBeNull();
  });

  it('keys a name both as written and glued, each once', () => {
    expect(nameSearchKey('María de la Cruz', ['Maria Delacruz'])).toBe('maria de la cruz | maria delacruz');
    expect(nameSearchKey('Ana Ruiz', ['ANA RUIZ'])).toBe('ana ruiz');
  });

  it('asks for a surname with particles glued or word by word, and for every other word as it is', () => {
    expect(nameSearchTerms('María de la Cruz')).toEqual([
      { glued: 'maria', parts: ['maria'] },
      { glued: 'delacruz', parts: ['de', 'la', 'cruz'] },
    ]);
    expect(nameSearchTerms('Garcia y Lopez')).toEqual([
      { glued: 'garcia', parts: ['garcia'] },
      { glued: 'lopez', parts: ['lopez'] },
    ]);
    expect(nameSearchTerms('de')).toEqual([{ glued: 'de', parts: ['de'] }]);
  });
});
