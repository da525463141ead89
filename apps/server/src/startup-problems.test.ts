// How start-up problems are worded: values shown with secrets masked, and each error a person can
// fix turned into one line naming the setting. (The real failures are in startup-problems.int.test.ts.)
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import {
  describeStartupProblem,
  maskValue,
  problemLine,
  SettingsError,
  StartupFailure,
} from './startup-problems.ts';

describe('maskValue', () => {
  it.each([
    [
      'DATABASE_URL',
      'postgres://relief:s3cret@db.example:5432/relief',
      'postgres://relief:****@db.example:5432/relief',
    ],
    ['DATABASE_URL', 'postgres://relief:p@ss/w?rd#x@db/relief', 'postgres://relief:****@db/relief'],
    [
      'DATABASE_URL',
      'postgres://db/relief?user=relief&password=s3cret',
      'postgres://db/relief?user=relief&password=****',
    ],
    ['DATABASE_URL', 'postgres://relief@db/relief', 'postgres://relief@db/relief'],
    ['SMTP_URL', 'smtps://desk:s3cret@mail.example.org:465', 'smtps://desk:****@mail.example.org:465'],
    ['SMS_API_KEY', 'sk_live_abc', '****'],
    // A key or token in a URL's query string.
    [
      'SMS_API_URL',
      'https://sms.example/v1/send?api_key=SUPERSECRET&to=x',
      'https://sms.example/v1/send?api_key=****&to=x',
    ],
    ['SMS_API_URL', 'https://sms.example/?access_token=abc#f', 'https://sms.example/?access_token=****#f'],
    ['SMS_API_URL', 'https://sms.example/?Key=abc', 'https://sms.example/?Key=****'],
    ['PORT', 'eighty', 'eighty'],
  ])('%s=%s shows as %s', (setting, value, shown) => {
    expect(maskValue(setting, value)).toBe(shown);
  });
});

describe('problemLine', () => {
  it('names the setting, says how to fix it and shows the value, on one line', () => {
    expect(
      problemLine({ setting: 'PORT', value: 'eighty', fix: 'Use a port number from 0 to 65535, e.g. 3000.' }),
    ).toBe('PORT: Use a port number from 0 to 65535, e.g. 3000. It is set to "eighty".');
    expect(problemLine({ setting: 'MAIL_FROM', value: undefined, fix: 'Set it with SMTP_URL\nplease' })).toBe(
      'MAIL_FROM: Set it with SMTP_URL please. It is not set.',
    );
  });
});

describe('loadConfig', () => {
  it('reports every bad setting as one line each, passwords masked', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://app:s3cret@db/relief', SQLITE_SYNCHRONOUS: 'off' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const lines = (error as SettingsError).message.split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['PORT', 'DATABASE_URL', 'SQLITE_SYNCHRONOUS']);
    expect(lines[1]).toContain('It is set to "mysql://app:****@db/relief".');
    expect((error as SettingsError).message).not.toContain('s3cret');
  });

  it('takes a number setting left empty (PORT= in an env file) as unset: its default, not 0', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
    expect(loadConfig({ PORT: '  ' }).PORT).toBe(3000);
    expect(loadConfig({ PORT: '0' }).PORT).toBe(0);
    expect(loadConfig({ PORT: '8080', SESSION_IDLE_MINUTES: '' }).PORT).toBe(8080);
  });

  it('takes SQLITE_SYNCHRONOUS as NORMAL by default or FULL, in any case, and a grace period', () => {
    expect(loadConfig({}).SQLITE_SYNCHRONOUS).toBe('NORMAL');
    expect(loadConfig({ SQLITE_SYNCHRONOUS: ' full ' }).SQLITE_SYNCHRONOUS).toBe('FULL');
    expect(loadConfig({}).SHUTDOWN_GRACE_MS).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).SHUTDOWN_GRACE_MS).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '600001' })).toThrow(/^SHUTDOWN_GRACE_MS: /);
  });
});

describe('describeStartupProblem', () => {
  const config = loadConfig({
    DATA_DIR: '/srv/relief',
    DATABASE_URL: 'postgres://relief:s3cret@db:5432/relief',
  });
  const env = { DATABASE_URL: 'postgres://relief:s3cret@db:5432/relief' };
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
  const lineFor = (error: unknown) =>
    describeStartupProblem(new StartupFailure('database', error), config, env)?.map(problemLine);

  it.each([
    [
      '28P01',
      'password authentication failed for user "relief"',
      'PostgreSQL refused the password for user "relief"',
    ],
    [
      '3D000',
      'database "relief" does not exist',
      'the database "relief" does not exist on db:5432. Create it',
    ],
    [
      '42501',
      'permission denied for schema public',
      'user "relief" may not create or change tables in "relief"',
    ],
    ['ECONNREFUSED', 'connect ECONNREFUSED', 'nothing answers at db:5432 (connection refused)'],
  ])('PostgreSQL %s: a line naming DATABASE_URL', (code, message, expected) => {
    const lines = lineFor(pgError(code, message));
    expect(lines).toHaveLength(1);
    expect(lines?.[0]).toMatch(/^DATABASE_URL: /);
    expect(lines?.[0]).toContain(expected);
    expect(lines?.[0]).toContain('postgres://relief:****@db:5432/relief');
  });

  it('finds the cause under wrappers and in an AggregateError (localhost: both addresses refused)', () => {
    const refused = new AggregateError(
      [pgError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')],
      'connect failed',
    );
    const lines = lineFor(new Error('Migration unknown failed', { cause: refused }));
    expect(lines?.[0]).toContain('connection refused');
  });

  it('leaves what is not a setting problem (a bug) to be reported with its stack', () => {
    expect(lineFor(new TypeError('x is not a function'))).toBeUndefined();
    expect(describeStartupProblem(new TypeError('x'), config)).toBeNull();
  });
});
