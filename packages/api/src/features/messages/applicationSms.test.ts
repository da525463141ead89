// The text an online applicant gets carries their private status link: it is what the text is for,
// and the page has just promised it. Queued as the desk queues it (queueMessage, shaped there), for
// every language the form is offered in, both texts that carry a link, and realistic long offices,
// phones, addresses of the desk and names.
import type { Tx } from '@relief-desk/db';
import { APPLICATION_LANGUAGES } from '@relief-desk/domain';
import { formatClientDate } from '@relief-desk/notify';
import { describe, expect, it } from 'vitest';
import { confirmationText, newLinkText } from '../applications/wording.ts';
import type { Addressee } from './addressee.ts';
import { queueMessage } from './queue.ts';

/** A transaction that keeps what queueMessage writes, so the stored body can be read back. */
function recordingTx() {
  const rows: { table: string; values: Record<string, unknown> }[] = [];
  const tx = {
    insertInto: (table: string) => ({
      values: (values: Record<string, unknown>) => ({
        execute: async () => {
          rows.push({ table, values });
          return [];
        },
      }),
    }),
  } as unknown as Tx;
  return { tx, rows };
}

const OFFICES = [
  { name: 'Alameda County Public Defender', phone: '(510) 272-6600' },
  {
    name: 'Law Offices of the Public Defender of the County of San Bernardino',
    phone: '+1 (909) 387-8200 ext. 4512',
  },
  {
    name: 'Office of the Public Defender, County of San Luis Obispo - Clean Slate Unit',
    phone: '805-781-5000',
  },
];
const ORIGINS = [
  'https://relief.acpd.example.org',
  'https://reliefdesk.public-defender.sanbernardinocounty.example.gov',
];
const NAMES = ['Mary Smith', 'María de los Ángeles Gutiérrez-Villaseñor Rodríguez'];
/** A status token as the desk makes them: 32 random bytes, base64url. */
const TOKEN = 'q1E2v_Jr8wS9Xk3pLm0ZtYb7Hc4Nd6Fa-Ug5Ri2Ow1';

async function queuedSms(language: (typeof APPLICATION_LANGUAGES)[number], text: string, phone: string) {
  const { tx, rows } = recordingTx();
  const addressee = {
    matter: { id: 'matter-1', office_id: 'office-1' },
    client: { id: 'client-1' },
    office: { phone },
    language,
  } as unknown as Addressee;
  await queueMessage(
    tx,
    addressee,
    {
      kind: 'application',
      statusType: null,
      channel: 'sms',
      subject: '',
      text,
      recipient: '(510) 555-0123',
      language,
      templateId: 'application_confirmation',
      templateVersion: 1,
      renderInput: { kind: 'application' },
      createdBy: null,
    },
    new Date('2026-11-28T18:00:00Z'),
  );
  return String(rows.find((r) => r.table === 'messages')?.values.body);
}

const cases = APPLICATION_LANGUAGES.flatMap((language) =>
  OFFICES.flatMap((office) =>
    ORIGINS.flatMap((origin) =>
      NAMES.flatMap((name) =>
        (['confirmation', 'new link'] as const).map((text) => ({ language, office, origin, name, text })),
      ),
    ),
  ),
);

describe('the applicant’s text message carries their status link', () => {
  it('covers every language the form is offered in', () => {
    expect(new Set(cases.map((c) => c.language))).toEqual(new Set(APPLICATION_LANGUAGES));
  });

  it.each(cases)(
    '$text in $language from $office.name via $origin to $name: sent whole, link and all',
    async ({ language, office, origin, name, text }) => {
      const link = `${origin}/status/${TOKEN}`;
      const wording =
        text === 'confirmation'
          ? confirmationText(language, {
              name,
              officeName: office.name,
              officePhone: office.phone,
              receivedOn: formatClientDate('2026-11-28', language),
              counties: [
                { county: 'San Bernardino', referredTo: null, ours: true },
                { county: 'Riverside', referredTo: 'Riverside County Public Defender', ours: false },
              ],
              link,
              newLinkAddress: `${origin}/status/new?office=alameda-county-public-defender&lang=${language}`,
            })
          : newLinkText(language, { name, officeName: office.name, link });
      const body = await queuedSms(language, wording.sms, office.phone);
      expect(body).toContain(link);
      expect(body).toBe(wording.sms.trim());
    },
  );

  it('Spanish says all that English says: the office, the link and the warning to keep it private', async () => {
    for (const office of OFFICES) {
      const facts = {
        name: NAMES[1] ?? '',
        officeName: office.name,
        officePhone: office.phone,
        receivedOn: '',
        counties: [],
        link: `${ORIGINS[1]}/status/${TOKEN}`,
        newLinkAddress: '',
      };
      const en = await queuedSms('en', confirmationText('en', facts).sms, office.phone);
      const es = await queuedSms('es', confirmationText('es', facts).sms, office.phone);
      for (const body of [en, es]) {
        expect(body.startsWith(`${office.name}:`)).toBe(true);
        expect(body).toContain(facts.link);
      }
      expect(en).toMatch(/Keep this link private\.$/);
      expect(es).toMatch(/No comparta este enlace\.$/);
    }
  });
});
