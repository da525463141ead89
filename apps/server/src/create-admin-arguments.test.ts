// create-admin's options against the shared schemas: every text option, given control characters or
// more characters than the schema takes, is cleaned as a form would clean it or refused with the
// schema's message, and no message it prints carries a control character to the terminal. The cases
// are made from the options the command declares (CREATE_ADMIN_OPTIONS), so a new option is checked.
import {
  COUNTIES,
  cleanSingleLine,
  cleanTypedLine,
  officeNameSchema,
  staffEmailSchema,
  staffNameSchema,
} from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CREATE_ADMIN_OPTIONS,
  type CreateAdminOption,
  createAdminArguments,
  officeNamed,
} from './create-admin-arguments.ts';

/** The README's example, the documented valid input. */
const VALID: Record<CreateAdminOption, string> = {
  email: 'you@office.org',
  name: 'Your Name',
  office: 'Marin County Public Defender',
  counties: 'Marin',
};
const argsOf = (values: Record<CreateAdminOption, string>) =>
  Object.entries(values).flatMap(([option, value]) => [`--${option}`, value]);

/** C0 controls, DEL, C1 controls: every one. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
];
const CONTROL = /\p{Cc}/u;

/** Each option's schema and the most it takes; counties are a list of names, checked by name. */
const LIMITS: Record<
  Exclude<CreateAdminOption, 'counties'>,
  { schema: z.ZodType<string, string>; max: number }
> = {
  email: { schema: staffEmailSchema, max: 254 },
  name: { schema: staffNameSchema, max: 120 },
  office: { schema: officeNameSchema, max: 120 },
};

/** A value of the option `length` characters long that the option's schema would take but for its length. */
function longValue(option: Exclude<CreateAdminOption, 'counties'>, length: number): string {
  if (option === 'email') return `${'a'.repeat(length - '@office.org'.length)}@office.org`;
  return `${'Ana María '.repeat(Math.ceil(length / 10)).slice(0, length - 1)}z`;
}

describe('create-admin’s options', () => {
  const options = Object.keys(CREATE_ADMIN_OPTIONS) as CreateAdminOption[];

  it('takes the README’s example exactly as written', () => {
    expect(createAdminArguments(argsOf(VALID))).toEqual({
      email: 'you@office.org',
      name: 'Your Name',
      officeName: 'Marin County Public Defender',
      counties: ['Marin'],
      rapSheets: false,
    });
    expect(options.sort()).toEqual(['counties', 'email', 'name', 'office']);
  });

  it('--rap-sheets, a switch, grants the RAP sheet permission at creation; without it none is granted', () => {
    expect(createAdminArguments([...argsOf(VALID), '--rap-sheets'])).toMatchObject({ rapSheets: true });
    expect(createAdminArguments(['--rap-sheets', ...argsOf(VALID)])).toMatchObject({ rapSheets: true });
    expect(createAdminArguments([...argsOf(VALID), '--rap-sheets=yes'])).toMatch(/^create-admin: /);
  });

  describe.each(options)('--%s with control characters', (option) => {
    it.each(CONTROLS.map((c) => [`U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
      '%s inside is cleaned as the web app’s forms clean it, or refused, and never stored or printed',
      (_name, control) => {
        const value = `${VALID[option].slice(0, 3)}${control}${VALID[option].slice(3)}${control}`;
        const result = createAdminArguments(argsOf({ ...VALID, [option]: value }));
        // Typed text as the forms clean it (a control between words makes a space); a county's name
        // as a list's item is read, the control dropped.
        const cleaned = (option === 'counties' ? cleanSingleLine : cleanTypedLine)(value).trim();
        // A tab or a line or page break becomes a space, as in a form: inside an e-mail address or a
        // county's name, that is no address or county any more.
        if (/[\t\n\r\v\f]/.test(control) && (option === 'email' || option === 'counties')) {
          expect(result).toBe(
            option === 'email'
              ? 'create-admin --email: Enter an e-mail address such as name@office.org.'
              : `Not California counties: ${cleaned}. Spell them as in "Contra Costa".`,
          );
          return;
        }
        if (typeof result === 'string') throw new Error(`refused: ${result}`);
        // Every text it keeps (--rap-sheets is a switch, true or false).
        for (const stored of Object.values(result).flat())
          if (typeof stored === 'string') expect(stored).not.toMatch(CONTROL);
        if (option === 'counties') expect(result.counties).toEqual([cleaned]);
        else {
          // What the form's schema would store.
          const stored = option === 'office' ? result.officeName : result[option];
          expect(stored).toBe(cleaned);
          expect(stored).toBe(LIMITS[option].schema.parse(value));
        }
      },
    );

    it('and nothing else is refused with the schema’s message, printing no control character', () => {
      const value = CONTROLS.join('');
      const result = createAdminArguments(argsOf({ ...VALID, [option]: value }));
      if (option === 'counties') {
        // Nothing left once cleaned: no counties, which a new office is then asked for.
        expect(result).toMatchObject({ counties: [] });
        return;
      }
      expect(typeof result).toBe('string');
      expect(result).toMatch(new RegExp(`^create-admin --${option}: `));
      expect(result).not.toMatch(CONTROL);
    });
  });

  describe.each(Object.keys(LIMITS) as (keyof typeof LIMITS)[])('--%s over its length', (option) => {
    const { max } = LIMITS[option];
    it.each([max, max + 1, max * 2 + 68, 10_000])('%i characters', (length) => {
      const value = longValue(option, length);
      expect(value).toHaveLength(length);
      const result = createAdminArguments(argsOf({ ...VALID, [option]: value }));
      if (length <= max) {
        expect(typeof result).toBe('object');
        return;
      }
      expect(result).toBe(`create-admin --${option}: Use at most ${max} characters.`);
    });
  });

  it('--counties takes a county in any capitals, with or without "County" after it, as --office is forgiving', () => {
    const result = createAdminArguments(
      argsOf({ ...VALID, counties: 'Madera County, madera, CONTRA COSTA county,  san   luis obispo ' }),
    );
    expect(typeof result === 'string' ? result : result.counties).toEqual([
      'Madera',
      'Contra Costa',
      'San Luis Obispo',
    ]);
    // "County" alone, or a county's name run into another, is still not a county.
    expect(createAdminArguments(argsOf({ ...VALID, counties: 'County, Maderas County' }))).toBe(
      'Not California counties: County, Maderas County. Spell them as in "Contra Costa".',
    );
  });

  it('--counties too long, or naming what is not a county, is refused naming a few, cleaned and cut short', () => {
    const many = Array.from({ length: 40 }, (_, i) => `Narnia${'\u001b[31m'}${i}${'x'.repeat(300)}`).join(
      ',',
    );
    const result = createAdminArguments(argsOf({ ...VALID, counties: `Marin,${many}` }));
    expect(typeof result).toBe('string');
    expect(result).toMatch(
      /^Not California counties: Narnia\[31m0x+…, .+ and 35 more\. Spell them as in "Contra Costa"\.$/,
    );
    expect(result).not.toMatch(CONTROL);
    expect(String(result).length).toBeLessThan(400);
    // Every county by name is taken, each once.
    expect(
      createAdminArguments(argsOf({ ...VALID, counties: `${COUNTIES.join(', ')}, Marin` })),
    ).toMatchObject({
      counties: [...COUNTIES],
    });
  });

  it('regression: refuses the 308-character name with ESC and BEL, and the 218-character office name with TAB and ESC, each with its message', () => {
    // They were only trimmed, and stored as given.
    const name = `\u001b[1mAdmin\u0007 ${'N'.repeat(297)}`;
    const office = `Office\t\u001b[2J${'O'.repeat(207)}`;
    expect([name.length, office.length]).toEqual([308, 218]);
    expect(createAdminArguments(argsOf({ ...VALID, name, office }))).toBe(
      'create-admin --name: Use at most 120 characters.\ncreate-admin --office: Use at most 120 characters.',
    );
  });

  it('asks for the options it needs, as before, when one is left out', () => {
    for (const option of ['email', 'name', 'office'] as const) {
      const { [option]: _left, ...rest } = VALID;
      expect(createAdminArguments(Object.entries(rest).flatMap(([o, v]) => [`--${o}`, v]))).toBe(
        'create-admin needs --email (a valid address), --name and --office.',
      );
    }
    expect(createAdminArguments([...argsOf(VALID), '--nmae\u001b', 'x'])).toMatch(
      /^create-admin: Unknown option '--nmae'/,
    );
  });
});

describe('the office --office names', () => {
  const offices = [
    { id: 'a', name: 'Alameda County Public Defender' },
    { id: 'm', name: 'Marin County Public Defender' },
  ];

  it('regression: is the office already here whose name differs only in capitals or spacing', () => {
    // "alameda county public defender" and "ALAMEDA COUNTY PUBLIC DEFENDER" each made another office.
    for (const typed of [
      'Alameda County Public Defender',
      'alameda county public defender',
      'ALAMEDA COUNTY PUBLIC DEFENDER',
      'Alameda  County Public\u00a0Defender',
    ])
      expect(officeNamed(offices, typed), typed).toEqual({ kind: 'one', office: offices[0] });
    expect(officeNamed(offices, 'Alameda County Public Defenders')).toEqual({ kind: 'none' });
    expect(officeNamed(offices, 'Sonoma County Public Defender')).toEqual({ kind: 'none' });
  });

  it('among offices made before names were compared so: the one written exactly as typed, or none chosen for the administrator', () => {
    const twins = [...offices, { id: 'A', name: 'ALAMEDA COUNTY PUBLIC DEFENDER' }];
    expect(officeNamed(twins, 'ALAMEDA COUNTY PUBLIC DEFENDER')).toEqual({ kind: 'one', office: twins[2] });
    expect(officeNamed(twins, 'Alameda County Public Defender')).toEqual({ kind: 'one', office: twins[0] });
    expect(officeNamed(twins, 'alameda county public defender')).toEqual({
      kind: 'several',
      offices: [twins[0], twins[2]],
    });
  });
});
