// Shared fixtures for this package's tests: a client whose name needs accents to round-trip.
import type { MessageValues } from './templates/catalog.ts';
import type { TransferFacts } from './templates/render-status.ts';

export const CLIENT_VALUES: MessageValues = {
  clientName: 'Begoña Núñez',
  county: 'Alameda',
  officeName: 'Clean Slate Clinic',
  officePhone: '(510) 555-0123',
  officeEmail: 'cleanslate@example.org',
  officeAddress: '1401 Lakeside Dr\nOakland, CA 94612',
  courtDate: '2027-03-07',
};

/**
 * What a "transferred" update may rest on: the receiving office named or not recorded, and no other
 * matter here, one, or several (one county Spanish joins with "e").
 */
export const TRANSFER_FACTS: readonly TransferFacts[] = ['Golden Gate Legal Aid', null].flatMap(
  (receivingOffice) =>
    [[], ['Fresno'], ['Fresno', 'Imperial'], ['Fresno', 'Los Angeles', 'Tulare']].map((staysHere) => ({
      receivingOffice,
      staysHere,
    })),
);
