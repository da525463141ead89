// The server's log must never name a client: after each browser test file, everything the server
// wrote is searched for every client's names, birth date, phone and e-mail and every conviction's and
// petition's case number and section, read from the database the server used (the demo data and
// whatever the test typed), not from a list kept by hand.
import { readSqlite } from '@relief-desk/db';

export interface Sentinel {
  /** What kind of value, for the message: "client name", "case number"… */
  kind: string;
  value: string;
  /** Matched only where no letter or digit touches it (short codes that could sit inside an id). */
  whole: boolean;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** Every value in the database that the log must not contain. */
export function sentinelsIn(sqliteFile: string): Sentinel[] {
  return readSqlite(sqliteFile, (sqlite) => {
    const found: Sentinel[] = [];
    const add = (kind: string, value: string | null | undefined, whole = false) => {
      const text = value?.trim() ?? '';
      if (text.length >= 4) found.push({ kind, value: text, whole });
    };
    const clients = sqlite
      .prepare('select legal_name, other_names, date_of_birth, phone, email from clients')
      .all() as {
      legal_name: string;
      other_names: string;
      date_of_birth: string;
      phone: string;
      email: string;
    }[];
    for (const client of clients) {
      add('client name', client.legal_name);
      for (const other of JSON.parse(client.other_names || '[]') as unknown[])
        add('client name', typeof other === 'string' ? other : (other as { name?: string }).name);
      add('birth date', client.date_of_birth, true);
      const [year, month, day] = client.date_of_birth.split('-');
      if (year && month && day) add('birth date', `${month}/${day}/${year}`, true);
      add('phone number', client.phone);
      if (digitsOf(client.phone).length >= 10) add('phone number', digitsOf(client.phone).slice(-10), true);
      add('e-mail', client.email);
    }
    const charges = sqlite
      .prepare(
        'select case_number, code, section from convictions union select case_number, null, null from petitions',
      )
      .all() as { case_number: string; code: string | null; section: string | null }[];
    for (const charge of charges) {
      add('case number', charge.case_number, true);
      if (charge.section) {
        // A bare number (PC 647) could be any number in a log line; with its code it could not.
        if (/\D/.test(charge.section)) add('section', charge.section, true);
        add('section', `${charge.code} ${charge.section}`, true);
      }
    }
    const seen = new Set<string>();
    return found.filter((s) => {
      const key = `${s.whole}:${s.value.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
}

const WORD = /[\p{L}\p{N}]/u;

/** The sentinels the text contains, each with the line it was found on. */
export function leaksIn(
  text: string,
  sentinels: readonly Sentinel[],
): { sentinel: Sentinel; line: string }[] {
  const lower = text.toLowerCase();
  const leaks: { sentinel: Sentinel; line: string }[] = [];
  for (const sentinel of sentinels) {
    const needle = sentinel.value.toLowerCase();
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
      const before = lower[at - 1] ?? ' ';
      const after = lower[at + needle.length] ?? ' ';
      if (sentinel.whole && (WORD.test(before) || WORD.test(after))) continue;
      const start = lower.lastIndexOf('\n', at) + 1;
      const end = lower.indexOf('\n', at);
      leaks.push({ sentinel, line: text.slice(start, end === -1 ? undefined : end) });
      break;
    }
  }
  return leaks;
}
