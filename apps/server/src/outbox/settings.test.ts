// The delivery settings: validated at start-up, naming the variable and never echoing a password.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

const base = { DATA_DIR: '/tmp/relief-desk-settings-test' };

describe('delivery settings', () => {
  it('accepts smtp:// and smtps:// with MAIL_FROM, and an SMS provider with its key', () => {
    const config = loadConfig({
      ...base,
      SMTP_URL: 'smtps://desk:s3cret@mail.example.org:465',
      MAIL_FROM: 'Clean Slate Clinic <cleanslate@example.org>',
      SMS_API_URL: 'https://sms.example.org/v1/messages',
      SMS_API_KEY: 'key',
    });
    expect([config.SMTP_URL, config.MAIL_FROM, config.SMS_API_URL]).toEqual([
      'smtps://desk:s3cret@mail.example.org:465',
      'Clean Slate Clinic <cleanslate@example.org>',
      'https://sms.example.org/v1/messages',
    ]);
  });

  it('leaves delivery off when unset or empty', () => {
    const config = loadConfig({ ...base, SMTP_URL: '', SMS_API_URL: '' });
    expect([config.SMTP_URL, config.SMS_API_URL]).toEqual([undefined, undefined]);
  });

  it('names the bad setting without repeating its value', () => {
    const bad = () =>
      loadConfig({ ...base, SMTP_URL: 'http://desk:s3cret@mail.example.org', MAIL_FROM: 'x@example.org' });
    expect(bad).toThrow(/SMTP_URL: must start with smtp:\/\/ or smtps:\/\//);
    expect(bad).not.toThrow(/s3cret/);
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail.example.org' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ ...base, SMS_API_URL: 'https://sms.example.org' })).toThrow(/SMS_API_KEY/);
    expect(() => loadConfig({ ...base, SMS_API_URL: 'ftp://sms.example.org', SMS_API_KEY: 'k' })).toThrow(
      /SMS_API_URL/,
    );
  });
});
