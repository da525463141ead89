// What a printed letter holds. The body is the rendered status or outcome text for the letter channel:
// paragraphs separated by blank lines, list items starting with "- ".
import type { IsoDate, LanguageCode, Role } from '@relief-desk/domain';

export interface LetterOffice {
  name: string;
  addressLines: readonly string[];
  phone: string;
  email: string;
}

export interface Letter {
  language: LanguageCode;
  /** The date printed on the letter; also the PDF's creation date, so the same letter gives the same bytes. */
  date: IsoDate;
  office: LetterOffice;
  /** Printed in the window of a US #10 envelope: at most 6 lines including the name. */
  recipient: { name: string; addressLines: readonly string[] };
  subject?: string;
  body: string;
  /**
   * Who signs: a person titled by their role in the letter's language, or by the title the office set
   * for its letter signer (printed as typed); or the office itself (no role, no title).
   */
  signer: { name: string; role: Role | null; title?: string };
  /** Documents in the envelope, e.g. signed court orders; listed under the signature. */
  enclosures?: readonly string[];
}
