// The built-in templates, one per status type and language. Offices start from these and may edit
// them; bump DEFAULT_TEMPLATE_VERSION whenever the wording here changes, since sent messages record it.
import {
  STATUS_TYPES,
  type StatusTemplate,
  type StatusType,
  TEMPLATE_LANGUAGES,
  type TemplateLanguage,
} from './catalog.ts';
import { resolveLanguage } from './languages.ts';

// 2: how to reach the office is {reachUs} / {reachUsAll}, worded with the details the office has.
// 3: "granted" says of the signed order only what the office holds ({signedOrder}).
// 4: "eligible" says our office takes care of the paperwork with the court (true before the petition
//    is filed and after: "can prepare and file" was sent with petitions already filed); "arrest
//    sealable" is new.
// 5: "transferred" names the county whose request moved and the office it went to, and the counties
//    whose requests stay with the office ({transfer}); beside "court date set", "wait for the court's
//    decision" no longer says "if the court holds a hearing" nor who attends it a second time.
export const DEFAULT_TEMPLATE_VERSION = 5;

export const DEFAULT_TEMPLATES: readonly StatusTemplate[] = TEMPLATE_LANGUAGES.flatMap((language) =>
  STATUS_TYPES.map((id) => {
    const wording = resolveLanguage(language).pack.status[id];
    return { id, version: DEFAULT_TEMPLATE_VERSION, language, ...wording };
  }),
);

export function defaultTemplate(statusType: StatusType, language: TemplateLanguage): StatusTemplate {
  const wording = resolveLanguage(language).pack.status[statusType];
  return { id: statusType, version: DEFAULT_TEMPLATE_VERSION, language, ...wording };
}
