// California days against UTC instants, across both changes of daylight time.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  californiaDate,
  californiaDateTime,
  californiaDayStart,
  californiaTime,
  daysBetween,
  isoDateSchema,
  readableDate,
  searchedDate,
  searchedDateProblem,
} from './dates.ts';
import { matterViewSchema } from './matters.ts';
import { clientDetailsSchema } from './referrals.ts';

describe('California days', () => {
  it('a day begins at 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(californiaDayStart('2026-01-15')).toBe('2026-01-15T08:00:00.000Z');
    expect(californiaDayStart('2026-07-04')).toBe('2026-07-04T07:00:00.000Z');
  });

  it('the days daylight time starts and ends begin at their own midnight', () => {
    // 8 March 2026 springs forward at 02:00; 1 November 2026 falls back at 02:00.
    expect(californiaDayStart('2026-03-08')).toBe('2026-03-08T08:00:00.000Z');
    expect(californiaDayStart('2026-03-09')).toBe('2026-03-09T07:00:00.000Z');
    expect(californiaDayStart('2026-11-01')).toBe('2026-11-01T07:00:00.000Z');
    expect(californiaDayStart('2026-11-02')).toBe('2026-11-02T08:00:00.000Z');
  });

  it('an evening in California is still that day there, though the next day in UTC', () => {
    const evening = new Date('2026-11-09T03:30:00.000Z'); // 7:30 pm on 8 November in California
    expect(californiaDate(evening)).toBe('2026-11-08');
    expect(evening.toISOString() < californiaDayStart('2026-11-09')).toBe(true);
  });

  it('the day remembered by UTC hour is the one Intl gives, minute by minute around clock changes and midnights', () => {
    // A reference that remembers nothing: the same question put to Intl each time.
    const reference = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Los_Angeles',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const moments = [
      '2026-03-08T10:00:00.000Z', // daylight time starts (02:00 PST)
      '2026-11-01T09:00:00.000Z', // daylight time ends (02:00 PDT)
      '2026-07-15T07:00:00.000Z', // midnight in July (PDT)
      '2026-01-15T08:00:00.000Z', // midnight in January (PST)
      '2026-12-31T08:00:00.000Z', // midnight at the year's end
    ];
    let compared = 0;
    for (const moment of moments) {
      const centre = Date.parse(moment);
      for (let minute = -4 * 60; minute < 4 * 60; minute++) {
        for (const second of [0, 59.999]) {
          const instant = new Date(centre + minute * 60_000 + second * 1000);
          const expected = reference.format(instant);
          expect(californiaDate(instant), instant.toISOString()).toBe(expected);
          // asked again, now from what it remembers
          expect(californiaDate(new Date(instant.getTime())), instant.toISOString()).toBe(expected);
          compared++;
        }
      }
    }
    expect(compared).toBe(5 * 8 * 60 * 2);
  });

  it('an invalid instant still fails as Intl fails, and is not remembered', () => {
    expect(() => californiaDate(new Date('not a date'))).toThrow(RangeError);
    expect(() => californiaDate(new Date('not a date'))).toThrow(RangeError);
  });

  it('counts and adds whole days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
  });
});

describe('an instant as California reads it', () => {
  // The night the clocks go back: 08:58:50 UTC is 1:58 AM daylight time, and an hour later, at
  // 09:58:50 UTC, the clock reads 1:58 AM again, in standard time.
  const firstTime = '2026-11-01T08:58:50.000Z';
  const secondTime = '2026-11-01T09:58:50.000Z';

  it('names its zone, so the two 1:58 AMs of the night the clocks go back read apart', () => {
    expect(californiaDateTime(firstTime)).toBe('Nov 1, 2026, 1:58 AM PDT');
    expect(californiaDateTime(secondTime)).toBe('Nov 1, 2026, 1:58 AM PST');
    expect(californiaTime(firstTime)).toBe('1:58 AM PDT');
    expect(californiaTime(secondTime)).toBe('1:58 AM PST');
  });

  it('names daylight time in summer and standard time in winter', () => {
    expect(californiaDateTime('2027-07-03T17:15:00.000Z')).toBe('Jul 3, 2027, 10:15 AM PDT');
    expect(californiaDateTime(new Date('2026-11-28T18:00:00.000Z'))).toBe('Nov 28, 2026, 10:00 AM PST');
  });
});

describe('a date as people read it', () => {
  it('is what Intl says for every day of two years, asked twice (the second time remembered)', () => {
    const intl = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
    for (let ask = 0; ask < 2; ask++)
      for (let day = 0; day < 731; day++) {
        const date = addDays('2026-01-01', day);
        expect(readableDate(date)).toBe(intl.format(new Date(`${date}T00:00:00Z`)));
      }
    expect(readableDate('2027-03-07')).toBe('Mar 7, 2027');
  });

  it('returns text that is not a date as it is, every time', () => {
    for (let ask = 0; ask < 2; ask++) {
      expect(readableDate('2027-02-30')).toBe('2027-02-30');
      expect(readableDate('soon')).toBe('soon');
    }
  });
});

describe('a date as people type it', () => {
  const messageOf = (value: unknown) => isoDateSchema.safeParse(value).error?.issues[0]?.message;

  it('asks for the format the date field shows (mm/dd/yyyy), never for YYYY-MM-DD', () => {
    expect(messageOf('')).toBe('Enter a date such as 03/07/2027.');
    expect(messageOf(undefined)).toBe('Enter a date such as 03/07/2027.');
    expect(messageOf('2027-02-30')).toBe('Enter a real date such as 03/07/2027 (month, day, year).');
    expect(messageOf('3/7/2027')).toBe('Enter a real date such as 03/07/2027 (month, day, year).');
  });

  it('takes a real calendar day, leap days included', () => {
    expect(isoDateSchema.parse('2028-02-29')).toBe('2028-02-29');
    expect(messageOf('2027-02-29')).toMatch(/^Enter a real date/);
  });

  it('regression: a text that is no date is refused once, by this rule alone', () => {
    // A rule chained after it (the date of birth's "after 1900") also refused "03/07/1984".
    const birth = clientDetailsSchema.shape.dateOfBirth;
    // A birth date's example is a day in the past, wherever a client's details are typed.
    expect(birth.safeParse('03/07/1984').error?.issues.map((i) => i.message)).toEqual([
      'Enter a real date such as 05/14/1980 (month, day, year).',
    ]);
    expect(birth.safeParse('').error?.issues.map((i) => i.message)).toEqual([
      'Enter a date such as 05/14/1980.',
    ]);
    expect(birth.safeParse('1899-12-31').error?.issues.map((i) => i.message)).toEqual([
      'Enter a date of birth after 1900.',
    ]);
  });
});

describe('counting days', () => {
  // What addDays and daysBetween counted by Date before they counted by arithmetic.
  const addByDate = (date: string, days: number) => {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const betweenByDate = (from: string, to: string) =>
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  // About 340,000 days, each compared four ways: 1-2 s alone, over 5 s beside the rest of the suite on two cores.
  it('agrees with Date on every day from 1582 to 2500, a day, a week and a year on and back', {
    timeout: 60_000,
  }, () => {
    const first = Date.UTC(1582, 9, 15);
    const last = Date.UTC(2500, 11, 31);
    let previous = dayOf(first);
    for (let ms = first; ms <= last; ms += 86_400_000) {
      const date = dayOf(ms);
      for (const days of [1, -1, 7, -366, 365]) {
        const later = addDays(date, days);
        if (later !== addByDate(date, days)) expect(later).toBe(addByDate(date, days));
      }
      if (daysBetween(previous, date) !== betweenByDate(previous, date))
        expect(daysBetween(previous, date)).toBe(betweenByDate(previous, date));
      previous = date;
    }
  });

  it('agrees with Date across long spans, at the ends of the years it writes, and on text that is not a real date', () => {
    const dates = ['0000-01-01', '0000-02-29', '0001-03-01', '1900-02-28', '2000-02-29', '9999-12-31'];
    for (const date of dates)
      for (const days of [0, 1, -1, 59, 100_000, -100_000, 2_900_000, -700_000]) {
        let expected: string | Error;
        try {
          expected = addByDate(date, days);
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error)
          expect(() => addDays(date, days)).toThrow(expected.constructor as ErrorConstructor);
        else expect(addDays(date, days)).toBe(expected);
        expect(daysBetween(date, '2026-12-02')).toBe(betweenByDate(date, '2026-12-02'));
      }
    // Date rolls a day past a month's end over; a day past 31, a month past 12 or other text is NaN.
    for (const text of ['2023-02-30', '2023-04-31', '2023-02-32', '2023-13-01', '2023-1-01', 'soon', ''])
      expect(daysBetween('2023-01-01', text)).toEqual(betweenByDate('2023-01-01', text));
    expect(addDays('2023-02-30', 1)).toBe('2023-03-03');
    expect(addDays('2023-01-31', 0.5)).toBe(addByDate('2023-01-31', 0.5));
    expect(() => addDays('not a date', 1)).toThrow(RangeError);
  });
});

describe('a search shaped as a date', () => {
  // Days in each month by the Gregorian rule, written apart from the code under test.
  const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysIn = (year: number, month: number) =>
    month === 2 ? (leap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  const pad = (n: number) => String(n).padStart(2, '0');
  const searchOf = (text: string) => matterViewSchema.safeParse({ search: text });

  it('every real day of leap and common years, written either way, is a birth date search', () => {
    for (const year of [1900, 1985, 1990, 2000, 2024]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= daysIn(year, month); day++) {
          const iso = `${year}-${pad(month)}-${pad(day)}`;
          for (const text of [`${pad(month)}/${pad(day)}/${year}`, `${month}/${day}/${year}`, iso]) {
            expect(searchedDate(text), text).toEqual({ iso, real: true });
            expect(searchedDateProblem(text), text).toBeNull();
            expect(searchOf(text).success, text).toBe(true);
          }
        }
      }
    }
  });

  it('every impossible day (a month past 12, a day past the month, 29 February in a common year) is refused, saying how to write one', () => {
    const months = [...Array.from({ length: 16 }, (_, i) => i), 20, 45, 99];
    const days = [...Array.from({ length: 34 }, (_, i) => i), 45, 99];
    const wrong: string[] = [];
    let refused = 0;
    for (const year of [1900, 1985, 1990, 2000, 2024]) {
      for (const month of months) {
        for (const day of days) {
          if (month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)) continue;
          for (const text of [`${pad(month)}/${pad(day)}/${year}`, `${year}-${pad(month)}-${pad(day)}`]) {
            const message = `${text} is not a date: write a birth date as MM/DD/YYYY, e.g. 03/07/1985.`;
            const issues = searchOf(text).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
            if (
              searchedDate(text)?.real !== false ||
              searchedDateProblem(text) !== message ||
              issues?.join('|') !== `search: ${message}`
            )
              wrong.push(text);
            refused++;
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(3000);
    for (const text of ['13/45/1980', '02/30/1990', '2/29/1990', '02/29/1900', '04/31/2001', ' 13/45/1980 '])
      expect(searchOf(text).success, text).toBe(false);
    expect(searchedDateProblem(' 13/45/1980 ')).toMatch(/^13\/45\/1980 is not a date/);
  });

  it('every real day written with dashes or dots (month first), or year first with slashes or dots, is a birth date search', () => {
    for (const year of [1900, 1985, 2000, 2024]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= daysIn(year, month); day++) {
          const iso = `${year}-${pad(month)}-${pad(day)}`;
          for (const text of [
            `${pad(month)}-${pad(day)}-${year}`,
            `${month}-${day}-${year}`,
            `${month}.${day}.${year}`,
            `${year}/${month}/${day}`,
            `${year}.${pad(month)}.${pad(day)}`,
          ]) {
            expect(searchedDate(text), text).toEqual({ iso, real: true });
            expect(searchOf(text).success, text).toBe(true);
          }
        }
      }
    }
  });

  it('a year of two digits is refused, asking for four: 1980 or 2080 is not guessed', () => {
    for (const text of ['2/11/80', '02/11/80', '13/45/80'])
      expect(searchOf(text).error?.issues.map((i) => i.message)).toEqual([
        `${text}: write the year with four digits, e.g. 03/07/1985.`,
      ]);
  });

  it('text not shaped as a date is searched as it was: names, references, case numbers', () => {
    for (const text of [
      '',
      'García',
      '2026-000123',
      'SCR-12/45',
      // Shaped as a date another way but naming none: perhaps a court case number.
      '13-45-1980',
      '1980.13.45',
      '1985',
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    ]) {
      expect(searchedDate(text), text).toBeNull();
      expect(searchOf(text).success, text).toBe(true);
    }
  });
});
