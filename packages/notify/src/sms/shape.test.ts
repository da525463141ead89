import { describe, expect, it } from 'vitest';
import { charactersOf, gsm7Capacity, measureSms, smsEncodingOf, splitSmsSegments } from './encoding.ts';
import { SMS_PARTS_CEILING, shapeSms, smsRoom, stripUrls } from './shape.ts';

describe('SMS encoding', () => {
  it.each([
    ['Hello', 'gsm7'],
    ['¿Preguntas? Llame: señor Muñoz, café, pingüino, ¡sí! à è ì ò ù É Ñ Ü', 'ucs2'],
    ['¿Preguntas? ¡Llame! señor Muñoz, café, pingüino à è ì ò ù É Ñ Ü', 'gsm7'],
    ['canción', 'ucs2'],
    ['María', 'ucs2'],
    ['Núñez', 'ucs2'],
    ['100 € {x} [y] ~ | ^ \\', 'gsm7'],
    ['ç', 'ucs2'],
    ['emoji 🙂', 'ucs2'],
  ] as const)('%j is %s', (text, encoding) => {
    expect(smsEncodingOf(text)).toBe(encoding);
  });

  it.each([
    ['a'.repeat(160), 'gsm7', 160, 1],
    ['a'.repeat(161), 'gsm7', 161, 2],
    ['a'.repeat(306), 'gsm7', 306, 2],
    ['a'.repeat(307), 'gsm7', 307, 3],
    ['€'.repeat(80), 'gsm7', 160, 1],
    ['€'.repeat(81), 'gsm7', 162, 2],
    ['á'.repeat(70), 'ucs2', 70, 1],
    ['á'.repeat(71), 'ucs2', 71, 2],
    ['á'.repeat(134), 'ucs2', 134, 2],
    ['á'.repeat(135), 'ucs2', 135, 3],
    ['🙂'.repeat(35), 'ucs2', 70, 1],
  ] as const)('measure %#: %s, %i units, %i segments', (text, encoding, units, segmentCount) => {
    expect(measureSms(text)).toEqual({ encoding, units, segmentCount });
  });

  it.each([
    ['Hello', 5],
    ['María Núñez', 11],
    ['100 €', 6],
    ['🙂 ok', 5],
  ] as const)('%j is %i characters as the reader counts them', (text, characters) => {
    expect(charactersOf(text)).toBe(characters);
  });

  it('GSM-7 carries 160 characters in one part, 153 in each of several', () => {
    expect([1, 2, 3, 10].map(gsm7Capacity)).toEqual([160, 306, 459, 1530]);
  });

  it('never splits an escape pair or an emoji across segments', () => {
    const gsm = splitSmsSegments(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    expect(gsm[0]).toBe('a'.repeat(152));
    expect(gsm[1]).toBe(`€${'b'.repeat(10)}`);
    const ucs = splitSmsSegments(`${'á'.repeat(66)}🙂${'é'.repeat(5)}`);
    expect(ucs).toEqual(['á'.repeat(66), `🙂${'é'.repeat(5)}`]);
    expect(splitSmsSegments('x'.repeat(400)).join('')).toBe('x'.repeat(400));
  });
});

describe('shapeSms', () => {
  it('a short message is one segment, unchanged', () => {
    expect(shapeSms('Hola, Begoña Núñez.')).toEqual({
      text: 'Hola, Begoña Núñez.',
      segments: ['Hola, Begoña Núñez.'],
      encoding: 'ucs2',
      shortened: false,
    });
  });

  it('a longer message is split into up to maxSegments parts, losing nothing', () => {
    const text = 'We are reviewing your record. '.repeat(10).trim();
    const shaped = shapeSms(text);
    expect(shaped).toMatchObject({ encoding: 'gsm7', shortened: false, text });
    expect(shaped.segments).toHaveLength(2);
    expect(shaped.segments.join('')).toBe(text);
  });

  it('beyond maxSegments: first sentences that fit, then an instruction to call the office', () => {
    const text = Array.from({ length: 20 }, (_, i) => `Sentence number ${i + 1} of a long update.`).join(' ');
    const shaped = shapeSms(text, { maxSegments: 2, officePhone: '(510) 555-0123' });
    expect(shaped.shortened).toBe(true);
    expect(shaped.segments.length).toBeLessThanOrEqual(2);
    expect(shaped.text.startsWith('Sentence number 1 of a long update. Sentence number 2')).toBe(true);
    expect(shaped.text.endsWith('For details, please call our office at (510) 555-0123.')).toBe(true);
    expect(shaped.text).toMatch(/update\. For details/);
  });

  it('a Spanish (UCS-2) text has the characters English has, plus what Spanish wording needs more', () => {
    const room = smsRoom(3, 'es');
    expect(room.characters).toBeGreaterThan(459);
    expect(smsRoom(3, 'en')).toEqual({ characters: 459, ceiling: SMS_PARTS_CEILING });
    // Languages without their own wording are written in English and have English's room.
    expect(smsRoom(3, 'zh')).toEqual(smsRoom(3, 'en'));
    const whole = 'La corte fijó una audiencia sobre su petición. '.repeat(9).trim();
    expect(whole.length).toBeLessThanOrEqual(room.characters);
    const shaped = shapeSms(whole, { language: 'es', officePhone: '(510) 555-0123' });
    expect(shaped).toMatchObject({ encoding: 'ucs2', shortened: false, text: whole });
    expect(shaped.segments.length).toBeGreaterThan(3);
  });

  it('shortens a longer Spanish text within its room and ends in Spanish', () => {
    const text = 'La corte fijó una audiencia sobre su petición. '.repeat(20).trim();
    const shaped = shapeSms(text, { language: 'es', officePhone: '(510) 555-0123' });
    expect(shaped).toMatchObject({ encoding: 'ucs2', shortened: true });
    expect(shaped.text.length).toBeLessThanOrEqual(smsRoom(3, 'es').characters);
    expect(shaped.segments.length).toBeLessThanOrEqual(SMS_PARTS_CEILING);
    expect(shaped.text.startsWith('La corte fijó una audiencia sobre su petición. La corte')).toBe(true);
    expect(
      shaped.text.endsWith('Para obtener los detalles, llame a nuestra oficina al (510) 555-0123.'),
    ).toBe(true);
  });

  it('never takes more than the ceiling of parts, whatever room is asked for', () => {
    const text = 'Ñandú. '.repeat(200).trim();
    const shaped = shapeSms(`${text}á`, { maxSegments: 8 });
    expect(shaped.shortened).toBe(true);
    expect(shaped.segments.length).toBeLessThanOrEqual(SMS_PARTS_CEILING);
  });

  it('a first sentence too long to fit is cut at a word, with "..."', () => {
    const shaped = shapeSms('word '.repeat(200), { maxSegments: 1 });
    expect(shaped.segments).toHaveLength(1);
    expect(shaped.text).toMatch(/^word( word)*\.\.\. For details, please call our office\.$/);
  });

  it('strips links entirely', () => {
    const shaped = shapeSms('Your update: https://relief.example.org/m/123?x=1. Or www.example.org, thanks.');
    expect(shaped.text).toBe('Your update:. Or, thanks.');
    expect(shaped.text).not.toMatch(/http|www|example/);
  });

  it.each([
    ['See https://a.example/x now', 'See now'],
    ['(http://a.example/x)', '()'],
    ['Line one http://x.example\nline two', 'Line one\nline two'],
  ])('stripUrls(%j) → %j', (text, expected) => {
    expect(stripUrls(text)).toBe(expected);
  });

  describe('a text that carries a link the person asked for (keepLinks)', () => {
    const link =
      'https://relief.public-defender.sanbernardino.example.gov/status/Q2hh_bGVuZ2UtdG9rZW4tMzItYnl0ZXMtYmFzZTY0dXJs';

    it('keeps the link: other sentences go first', () => {
      const opening =
        'Law Offices of the Public Defender of the County of San Bernardino: Recibimos su solicitud.';
      const filler = 'Esta oración no es necesaria para el enlace. '.repeat(12).trim();
      const text = `${opening} ${filler} Vea en qué estado está: ${link} No comparta este enlace.`;
      const shaped = shapeSms(text, { language: 'es', officePhone: '(909) 387-8200', keepLinks: true });
      expect(shaped.shortened).toBe(true);
      expect(shaped.text).toContain(`Vea en qué estado está: ${link} No comparta este enlace.`);
      expect(shaped.text.startsWith(opening)).toBe(true);
      expect(shaped.text.endsWith('llame a nuestra oficina al (909) 387-8200.')).toBe(true);
      expect(shaped.text.length).toBeLessThanOrEqual(smsRoom(3, 'es').characters);
    });

    it('keeps the link even when its sentence alone is longer than the room', () => {
      const text = `Aquí está su enlace: ${link}?${'x'.repeat(200)} Gracias.`;
      const shaped = shapeSms(text, { language: 'es', maxSegments: 1, keepLinks: true });
      expect(shaped.text).toContain(`${link}?${'x'.repeat(200)}`);
      expect(shaped.shortened).toBe(true);
    });

    it('without keepLinks, links are stripped as always', () => {
      expect(shapeSms(`Vea: ${link} Gracias.`).text).toBe('Vea: Gracias.');
    });
  });

  it('refuses maxSegments below 1', () => {
    expect(() => shapeSms('x', { maxSegments: 0 })).toThrow(RangeError);
  });
});
