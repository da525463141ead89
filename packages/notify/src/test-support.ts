// Shared fixtures for this package's tests: a client whose name needs accents to round-trip.
import type { MessageValues } from './templates/catalog.ts';

export const CLIENT_VALUES: MessageValues = {
  clientName: 'Begoña Núñez',
  county: 'Alameda',
  officeName: 'Clean Slate Clinic',
  officePhone: '(510) 555-0123',
  officeEmail: 'cleanslate@example.org',
  officeAddress: '1401 Lakeside Dr\nOakland, CA 94612',
  courtDate: '2027-03-07',
};
