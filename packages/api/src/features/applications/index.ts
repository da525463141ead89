// The online application, the applicant's status page and new status links: what the server's
// public pages call (apps/server/src/public).
export { type ApplicationOutcome, type ApplicationReceived, submitOnlineApplication } from './apply.ts';
export { NEW_LINK_ANSWER_MS, requestNewStatusLink } from './new-link.ts';
export { applicationOffices, type CountyChoice, countyChoices, officeBySlug } from './offices.ts';
export { assignMissingOfficeSlugs, officeSlugOf } from './slugs.ts';
export { type ApplicationStatusView, type StatusOfMatter, viewApplicationStatus } from './status.ts';
