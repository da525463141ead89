import { describe, expect, it } from 'vitest';
import { brokenLinkAdvice } from './LinkPage.tsx';

describe('what a link page says of a link cut off or missing', () => {
  it('says to open it again whole, or where a new one comes from, for each page', () => {
    expect(brokenLinkAdvice('/invitation', 'abc')).toBe(
      'This link is not whole: part of it is missing. Open it again from the e-mail, whole (if it is broken over two lines, copy all of it into the address bar), or ask your administrator to send the invitation again.',
    );
    expect(brokenLinkAdvice('/invitation/', '')).toMatch(
      /^The link from your e-mail is missing from this address\. .* ask your administrator/,
    );
    expect(brokenLinkAdvice('/password-reset', 'abc')).toMatch(/ask an administrator of your office/);
    expect(brokenLinkAdvice('/sign-in/link', 'abc')).toMatch(/ask for a new one on the sign-in page\.$/);
  });
});
