import { describe, expect, it } from 'vitest';
import { compareNames, foldName, NAME_MATCH_THRESHOLD, nameSimilarity, nameTokens } from './names.ts';

describe('foldName', () => {
  it.each([
    ['María José Núñez', 'maria jose nunez'],
    ['  PEÑA-López, Iñigo ', 'pena lopez inigo'],
    ['Nguyễn Thị Ánh', 'nguyen thi anh'],
    ["O'Brien", 'o brien'],
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
