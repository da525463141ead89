// The outbox's counts in words: staff hear who can fix a channel that is not set up, administrators
// which settings to set, and nobody is told every message went out while some wait unsent.
import { describe, expect, it } from 'vitest';
import { channelNotice, type DeliveryStatus, outboxSummary } from './deliveryWords.ts';

const status = (overrides: Partial<DeliveryStatus> = {}): DeliveryStatus => ({
  email: { configured: false, waiting: 5 },
  sms: { configured: true, waiting: 0 },
  lettersToPrint: 0,
  lettersCannotPrint: 0,
  problems: 0,
  ...overrides,
});

describe('what the outbox banner says', () => {
  it('tells staff that an administrator sets e-mail up, without naming settings', () => {
    for (const role of ['intake', 'attorney', 'supervisor'] as const)
      expect(channelNotice(status(), 'email', role)).toEqual({
        text: 'E-mail is not set up yet; messages wait until an administrator sets it up. 5 e-mails are waiting.',
        settings: null,
      });
  });

  it('tells an administrator what to set, for e-mail and for text messages', () => {
    expect(channelNotice(status(), 'email', 'admin')).toEqual({
      text: 'E-mail is not set up: 5 e-mails are waiting, unsent. To send e-mail, set',
      settings: ['SMTP_URL', 'MAIL_FROM'],
    });
    const texts = status({ sms: { configured: false, waiting: 1 } });
    expect(channelNotice(texts, 'sms', 'admin')).toEqual({
      text: 'Text messages are not set up: 1 text message is waiting, unsent. To send texts, set',
      settings: ['SMS_API_URL', 'SMS_API_KEY'],
    });
    expect(channelNotice(status(), 'sms', 'admin')).toBeNull();
  });
});

describe('how the office’s messages stand', () => {
  it('never says every message went out while some wait unsent', () => {
    expect(outboxSummary(status())).toBe(
      'No delivery problem is open. Waiting unsent: 5 e-mails (e-mail is not set up).',
    );
  });

  it('counts what is being sent, failed and waiting to be printed', () => {
    const busy = status({
      email: { configured: true, waiting: 2 },
      sms: { configured: true, waiting: 1 },
      problems: 1,
      lettersToPrint: 1,
    });
    expect(outboxSummary(busy)).toBe('3 messages are being sent now. 1 letter is waiting to be printed.');
  });

  it('says how many letters cannot be printed as they are, counted among the problems', () => {
    const stale = status({ email: { configured: true, waiting: 0 }, lettersCannotPrint: 2, problems: 2 });
    expect(outboxSummary(stale)).toBe('2 letters in the print queue cannot be printed as they are.');
    expect(outboxSummary({ ...stale, lettersCannotPrint: 1, problems: 1, lettersToPrint: 1 })).toBe(
      '1 letter is waiting to be printed. 1 letter in the print queue cannot be printed as it is.',
    );
  });

  it('says nothing waits only when nothing does', () => {
    const quiet = status({ email: { configured: true, waiting: 0 } });
    expect(outboxSummary(quiet)).toBe(
      'No delivery problem is open. Nothing is waiting to be sent or printed.',
    );
  });
});
