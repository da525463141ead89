// How a client is told to reach the office, with what the office's profile holds: a phone, an e-mail,
// both or neither (an office `create-admin` made has neither until an administrator sets them). A
// sentence names only the details the office has: never "call us at  or write to ." with a blank.
import type { ContactPlaceholder, MessageValues } from './catalog.ts';
import type { LanguagePack } from './language-pack.ts';
import { fillPlaceholders } from './placeholders.ts';

/** Which of its details an office has. */
export type OfficeContactKind = keyof LanguagePack['reachUs'];

export type OfficeContact = Pick<MessageValues, 'officeName' | 'officePhone' | 'officeEmail'>;

export function contactKindOf(office: OfficeContact): OfficeContactKind {
  const phone = office.officePhone.trim() !== '';
  const email = office.officeEmail.trim() !== '';
  return phone && email ? 'both' : phone ? 'phone' : email ? 'email' : 'neither';
}

/**
 * The phrases for an office, filled in: `reachUs` gives one way (the phone, else the e-mail, else the
 * office's name), as short texts need; `reachUsAll` every way the office has.
 */
export function contactValues(office: OfficeContact, pack: LanguagePack): Record<ContactPlaceholder, string> {
  const kind = contactKindOf(office);
  const details = {
    officeName: office.officeName,
    officePhone: office.officePhone.trim(),
    officeEmail: office.officeEmail.trim(),
  };
  return {
    reachUs: fillPlaceholders(pack.reachUs[kind === 'both' ? 'phone' : kind], details),
    reachUsAll: fillPlaceholders(pack.reachUs[kind], details),
  };
}
