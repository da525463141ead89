// Regression: an invitation to josé.ñúñez@ejemplo.org was refused with "Enter an e-mail address such
// as name@office.org.", which the address seems to be: nothing said that accented letters are what
// sign-in addresses cannot have. Now the refusal names them and says what an address may have.
import { describe, expect, it } from 'vitest';
import { inviteUserInputSchema, requestSignInLinkInputSchema, staffEmailSchema } from './staff-access.ts';

const refusal = (email: string) => staffEmailSchema.safeParse(email).error?.issues.map((i) => i.message);

describe('a sign-in address with accented letters', () => {
  it('is refused naming the letters it cannot have and saying what an address may have', () => {
    expect(refusal('josé.ñúñez@ejemplo.org')).toEqual([
      'This address has “é”, “ñ”, “ú”: sign-in addresses take only letters a to z without accents, digits and . _ - +, such as jose.nunez@office.org.',
    ]);
    // Capitals are lower-cased first: "É" is named as "é", once.
    expect(refusal('JOSÉ.é@ejemplo.org')).toEqual([expect.stringMatching(/^This address has “é”: /)]);
    expect(refusal('ana@oficina.españa.org')).toEqual([expect.stringMatching(/^This address has “ñ”: /)]);
  });

  it('is refused the same way wherever a sign-in address is typed: inviting a person, asking for a link', () => {
    const email = 'josé@ejemplo.org';
    for (const schema of [inviteUserInputSchema, requestSignInLinkInputSchema]) {
      const parsed = schema.safeParse({ email, role: 'intake', canViewRapSheets: false });
      expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['email', expect.stringMatching(/^This address has “é”: sign-in addresses take only letters a to z/)],
      ]);
    }
  });

  it('an address of the accepted characters is taken as before, and one not an address is told so as before', () => {
    expect(staffEmailSchema.parse('Jose.Nunez+desk@Office.org')).toBe('jose.nunez+desk@office.org');
    expect(refusal('jose nunez@office.org')).toEqual(['Enter an e-mail address such as name@office.org.']);
  });
});
