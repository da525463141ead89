// Partner API keys in Chromium: an administrator makes a key and revokes it; a revoke from a second
// tab that still shows the key as it was is refused, saying who revoked it, and changes nothing.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('partner API keys in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('revokes a key at the version the page shows, and refuses a revoke from a page that is out of date', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'admin@example.org');
    await page.getByRole('link', { name: 'Office settings' }).click();
    const section = page.getByRole('region', { name: 'Partner API keys' });
    await section.getByLabel('Partner organisation').fill('Centro Legal de la Raza');
    await section.getByRole('button', { name: 'Make a key' }).click();
    await section.getByText('Key for Centro Legal de la Raza, shown only this once.').waitFor();
    const revoke = section.getByRole('button', { name: 'Revoke the key for Centro Legal de la Raza' });
    await revoke.waitFor();

    // A second tab, opened now, shows the key as it is.
    const other = await page.context().newPage();
    await other.goto(page.url());
    const stale = other.getByRole('region', { name: 'Partner API keys' });
    await stale.getByRole('button', { name: 'Revoke the key for Centro Legal de la Raza' }).waitFor();

    page.on('dialog', (dialog) => dialog.accept());
    other.on('dialog', (dialog) => dialog.accept());
    await revoke.click();
    await section.getByText('Revoked: the key no longer works.').waitFor();
    expect(await section.getByRole('row', { name: /Centro Legal de la Raza/ }).innerText()).toContain(
      'Revoked',
    );

    await stale.getByRole('button', { name: 'Revoke the key for Centro Legal de la Raza' }).click();
    const refusal = stale.getByRole('alert');
    await refusal.waitFor();
    // Revoked already, by whom and when: not "changed … after you opened it".
    expect(await refusal.innerText()).toMatch(
      /^The key for Centro Legal de la Raza \(rdp_\S+…\) is already revoked: Sam Whitaker revoked it on .+\. It no longer works, and nothing was changed\./,
    );
    await expectAccessible(other);
    await other.close();
  });
});
