// California's 58 counties (DOMAIN.md section 7): the only values a county field accepts.
import { z } from 'zod';

export const COUNTIES = [
  'Alameda',
  'Alpine',
  'Amador',
  'Butte',
  'Calaveras',
  'Colusa',
  'Contra Costa',
  'Del Norte',
  'El Dorado',
  'Fresno',
  'Glenn',
  'Humboldt',
  'Imperial',
  'Inyo',
  'Kern',
  'Kings',
  'Lake',
  'Lassen',
  'Los Angeles',
  'Madera',
  'Marin',
  'Mariposa',
  'Mendocino',
  'Merced',
  'Modoc',
  'Mono',
  'Monterey',
  'Napa',
  'Nevada',
  'Orange',
  'Placer',
  'Plumas',
  'Riverside',
  'Sacramento',
  'San Benito',
  'San Bernardino',
  'San Diego',
  'San Francisco',
  'San Joaquin',
  'San Luis Obispo',
  'San Mateo',
  'Santa Barbara',
  'Santa Clara',
  'Santa Cruz',
  'Shasta',
  'Sierra',
  'Siskiyou',
  'Solano',
  'Sonoma',
  'Stanislaus',
  'Sutter',
  'Tehama',
  'Trinity',
  'Tulare',
  'Tuolumne',
  'Ventura',
  'Yolo',
  'Yuba',
] as const;

export type County = (typeof COUNTIES)[number];

export const countySchema = z.enum(COUNTIES, {
  error: 'Choose one of California’s 58 counties.',
});

/** California counties whose Spanish name is spelled otherwise (with its accent). */
const SPANISH_COUNTY_NAMES: Readonly<Record<string, string>> = {
  'Los Angeles': 'Los Ángeles',
  'San Joaquin': 'San Joaquín',
  'Santa Barbara': 'Santa Bárbara',
};

/** A county's name as Spanish text writes it ("Los Ángeles"); the name itself for the rest. */
export const spanishCountyName = (county: string): string => SPANISH_COUNTY_NAMES[county] ?? county;

/** A county's name as text in the language writes it: Spanish spells three with an accent. */
export const countyNameIn = (language: string, county: string): string =>
  language === 'es' ? spanishCountyName(county) : county;
