// The online application's pages: the form (with each error beside its field and listed at the
// top), the answer once received, and the pages for an office that is not there or a refusal.
import type { ApplicationReceived, CountyChoice } from '@relief-desk/api';
import {
  APPLICATION_ERRORS,
  APPLICATION_FIELDS,
  APPLICATION_MAXLENGTH,
  type APPLICATION_PAGE_FIELDS,
  type ApplicationErrorKey,
  type ApplicationField,
  type ApplicationLanguage,
  applicationErrorText,
  type IsoDate,
  LANGUAGES,
  TEXT_CONSENT_VALUE,
} from '@relief-desk/domain';
import { formatClientDate } from '@relief-desk/notify';
import { type Html, html, page } from './html.ts';
import { PAGE_TEXT, type PageText } from './text.ts';

/**
 * The trap field people never see (hidden, and out of reach of the keyboard and screen readers): a
 * program that fills in every field fills it, and its application is dropped. Named as nothing a
 * browser or password manager autofills (no name, e-mail, address, company, URL or website), since
 * autofill ignores autocomplete=off and would drop a real applicant's application with it.
 */
export const TRAP_FIELD = 'extra_comments' satisfies keyof typeof APPLICATION_PAGE_FIELDS;

export interface FormState {
  office: { name: string; slug: string };
  language: ApplicationLanguage;
  counties: CountyChoice[];
  submissionKey: string;
  values: Record<string, string | string[]>;
  errors: Partial<Record<ApplicationField, ApplicationErrorKey>>;
  /** A refusal of the whole form (too many from one connection), said above it with what was typed kept. */
  notice?: string;
}

const other = (language: ApplicationLanguage): ApplicationLanguage => (language === 'es' ? 'en' : 'es');

export function applyFormPage(state: FormState): string {
  const t = PAGE_TEXT[state.language];
  const { errors } = state;
  const value = (name: string) => {
    const v = state.values[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  const message = (field: ApplicationField) => {
    const key = errors[field];
    return key ? applicationErrorText(key, state.language, value(field)) : null;
  };
  const described = (field: ApplicationField, hint: boolean) =>
    [hint ? `${field}-hint` : '', errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
  const errorLine = (field: ApplicationField) => {
    const m = message(field);
    return m
      ? html`<span class="error" id="${field}-error"><span class="nothing">${t.errorTitlePrefix} </span>${m}</span>`
      : html``;
  };
  const input = (
    field: keyof typeof APPLICATION_MAXLENGTH,
    label: string,
    options: {
      type?: string;
      hint?: string;
      autocomplete?: string;
      inputmode?: string;
      optional?: boolean;
      cls?: string;
    } = {},
  ) => {
    const by = described(field, Boolean(options.hint));
    return html`<div class="field ${options.cls ?? ''}"><label for="${field}">${label}${options.optional ? html` <span class="muted">${t.optional}</span>` : ''}</label>${options.hint ? html`<span class="hint" id="${field}-hint">${options.hint}</span>` : ''}${errorLine(field)}<input type="${options.type ?? 'text'}" id="${field}" name="${field}" value="${value(field)}"${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.inputmode ? html` inputmode="${options.inputmode}"` : ''} maxlength="${APPLICATION_MAXLENGTH[field]}"${by ? html` aria-describedby="${by}"` : ''}${errors[field] ? html` aria-invalid="true"` : ''}></div>`;
  };

  // In the order of the fields' list, the form's (the text-consent box's errors are said on the phone).
  // The page is drawn again with the summary, which takes the focus (autofocus, no script needed), so
  // a keyboard or screen-reader user starts at what to correct, not at the top of the page.
  const listed = APPLICATION_FIELDS.filter((f) => errors[f]);
  const summary =
    listed.length > 0
      ? html`<div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1" autofocus><h2 id="summary-title">${t.errorSummary}</h2><ul>${listed.map(
          (f) => html`<li><a href="#${f === 'counties' ? 'county-0' : f}">${message(f)}</a></li>`,
        )}</ul></div>`
      : state.notice
        ? html`<div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1" autofocus><h2 id="summary-title">${t.failedTitle}</h2><p>${state.notice}</p><p>${t.typedKept}</p></div>`
        : html``;

  const dayFirst = state.language === 'es';
  const birthParts = [
    input('birthMonth', t.birthMonth, {
      inputmode: 'numeric',
      autocomplete: 'bday-month',
      cls: 'month',
    }),
    input('birthDay', t.birthDay, {
      inputmode: 'numeric',
      autocomplete: 'bday-day',
      cls: 'day',
    }),
  ];
  if (dayFirst) birthParts.reverse();
  const birthError = errors.birthMonth ?? errors.birthDay ?? errors.birthYear;

  const chosen = new Set([state.values.counties ?? []].flat());
  const countyBox = (c: CountyChoice, index: number) => {
    const hint = c.ours ? null : c.servedBy ? t.servedBy(c.servedBy) : t.servedByNobody;
    const id = `county-${index}`;
    return html`<div class="check"><input type="checkbox" id="${id}" name="counties" value="${c.county}"${chosen.has(c.county) ? ' checked' : ''}${hint ? html` aria-describedby="${id}-hint"` : ''}${errors.counties ? html` aria-invalid="true"` : ''}><label for="${id}">${t.countyName(c.county)}${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ''}</label></div>`;
  };
  const ours = state.counties.filter((c) => c.ours);
  const others = state.counties.filter((c) => !c.ours);
  const preferred = value('language') || state.language;

  const body = html`<h1>${t.applyTitle(state.office.name)}</h1>
${summary}
${t.applyIntro.map((p) => html`<p>${p}</p>`)}
<p class="muted">${t.requiredNote}</p>
<form method="post" action="/apply/${state.office.slug}?lang=${state.language}" novalidate>
<input type="hidden" name="lang" value="${state.language}">
<input type="hidden" name="submission" value="${state.submissionKey}">
<div class="trap" aria-hidden="true"><label for="${TRAP_FIELD}">${t.honeypot}</label><input type="text" id="${TRAP_FIELD}" name="${TRAP_FIELD}" tabindex="-1" autocomplete="off"></div>
<fieldset><legend>${t.nameLegend}</legend>
${input('legalName', t.legalName, { hint: t.legalNameHint, autocomplete: 'name' })}
<div class="field"><label for="otherNames">${t.otherNames} <span class="muted">${t.optional}</span></label><span class="hint" id="otherNames-hint">${t.otherNamesHint}</span>${errorLine('otherNames')}<textarea id="otherNames" name="otherNames" rows="2" maxlength="${APPLICATION_MAXLENGTH.otherNames}" aria-describedby="${described('otherNames', true)}"${errors.otherNames ? html` aria-invalid="true"` : ''}>${value('otherNames')}</textarea></div>
</fieldset>
<fieldset aria-describedby="birth-hint${birthError ? html` birth-error` : ''}"><legend>${t.birthLegend}</legend>
<span class="hint" id="birth-hint">${t.birthHint}</span>
${birthError ? html`<span class="error" id="birth-error"><span class="nothing">${t.errorTitlePrefix} </span>${APPLICATION_ERRORS[birthError][state.language]}</span>` : ''}
<div class="date">${birthParts}${input('birthYear', t.birthYear, { inputmode: 'numeric', autocomplete: 'bday-year', cls: 'year' })}</div>
</fieldset>
<fieldset aria-describedby="contact-hint"><legend>${t.contactLegend}</legend>
<span class="hint" id="contact-hint">${t.contactHint}</span>
${input('phone', t.phone, { type: 'tel', hint: t.phoneHint, autocomplete: 'tel' })}
<div class="check"><input type="checkbox" id="consentToText" name="consentToText" value="${TEXT_CONSENT_VALUE}"${value('consentToText') === TEXT_CONSENT_VALUE ? ' checked' : ''}><label for="consentToText">${t.consentToText(state.office.name)}</label></div>
${input('email', t.email, { type: 'email', autocomplete: 'email' })}
</fieldset>
<fieldset aria-describedby="address-hint"><legend>${t.addressLegend} <span class="muted">${t.optional}</span></legend>
<span class="hint" id="address-hint">${t.addressHint}</span>
${input('addressLine1', t.addressLine1, { autocomplete: 'address-line1' })}
${input('addressLine2', t.addressLine2, { autocomplete: 'address-line2', optional: true })}
${input('city', t.city, { autocomplete: 'address-level2' })}
${input('state', t.state, { hint: t.stateHint, autocomplete: 'address-level1' })}
${input('postalCode', t.postalCode, { autocomplete: 'postal-code', inputmode: 'numeric' })}
</fieldset>
<div class="field"><label for="language">${t.language}</label><span class="hint" id="language-hint">${t.languageHint}</span>${errorLine('language')}<select id="language" name="language" aria-describedby="${described('language', true)}">${LANGUAGES.map(
    (l) =>
      html`<option value="${l.code}"${l.code === preferred ? ' selected' : ''}>${t.languageNames[l.code] ?? l.label}</option>`,
  )}</select></div>
<fieldset aria-describedby="counties-hint${errors.counties ? html` counties-error` : ''}"><legend>${t.countiesLegend}</legend>
<span class="hint" id="counties-hint">${t.countiesHint}</span>
${errorLine('counties')}
${ours.length > 0 ? html`<h2 class="h3">${t.countiesOurs(state.office.name)}</h2><div>${ours.map((c) => countyBox(c, state.counties.indexOf(c)))}</div>` : ''}
<h2 class="h3">${t.countiesOthers}</h2>
<div class="counties">${others.map((c) => countyBox(c, state.counties.indexOf(c)))}</div>
</fieldset>
<div class="field"><label for="notes">${t.notes} <span class="muted">${t.optional}</span></label><span class="hint" id="notes-hint">${t.notesHint}</span>${errorLine('notes')}<textarea id="notes" name="notes" rows="4" maxlength="${APPLICATION_MAXLENGTH.notes}" aria-describedby="${described('notes', true)}"${errors.notes ? html` aria-invalid="true"` : ''}>${value('notes')}</textarea></div>
<p class="muted">${t.privacy}</p>
<button type="submit">${t.submit}</button>
</form>`;
  return page({
    lang: state.language,
    title: `${listed.length > 0 ? `${t.errorTitlePrefix} ` : ''}${t.applyTitle(state.office.name)}`,
    body,
    switchHref: `/apply/${state.office.slug}?lang=${other(state.language)}`,
    switchLabel: t.switchTo,
    switchLang: other(state.language),
  });
}

/**
 * The page after applying. `office`: its phone and e-mail, for the applicant to reach it;
 * `firstReceivedOn`: the form came again with changes, and the first was received that day.
 */
export function receivedPage(
  language: ApplicationLanguage,
  answer: ApplicationReceived,
  office: { phone: string; email: string },
  firstReceivedOn?: IsoDate,
): string {
  const t = PAGE_TEXT[language];
  const line = (c: ApplicationReceived['counties'][number]) =>
    c.ours
      ? t.receivedOurs(c.county)
      : c.referredTo
        ? t.receivedReferred(c.county, c.referredTo)
        : t.receivedNobody(c.county);
  const contact = t.contactOffice(office.phone, office.email);
  const lead = firstReceivedOn
    ? t.changesNotAdded(formatClientDate(firstReceivedOn, language), answer.officeName, contact)
    : t.receivedLead(answer.officeName);
  const body = html`<h1>${t.receivedTitle}</h1>
<p class="notice" role="status">${lead}</p>
${answer.counties.length > 0 ? html`<ul>${answer.counties.map((c) => html`<li>${line(c)}</li>`)}</ul>` : ''}
<p>${
    answer.confirmedBy
      ? // Sent again: the answer is the first send's, whose confirmation already went; none follows now.
        (firstReceivedOn ? t.confirmedBefore : t.confirmedBy)[answer.confirmedBy]
      : t.confirmedByNone(
          answer.officeName,
          answer.counties.some((c) => c.ours),
          contact,
        )
  }</p>`;
  return page({ lang: language, title: t.receivedTitle, body });
}

/** /apply without an office's name: the offices that take applications, each a link to its form. */
export function officesPage(
  language: ApplicationLanguage,
  offices: { slug: string; name: string }[],
): string {
  const t = PAGE_TEXT[language];
  const body = html`<h1>${t.chooseOfficeTitle}</h1>
${
  offices.length > 0
    ? html`<h2 id="offices-title">${t.chooseOffice}</h2>
<ul aria-labelledby="offices-title">${offices.map((o) => html`<li><a href="/apply/${o.slug}?lang=${language}">${o.name}</a></li>`)}</ul>`
    : html`<p>${t.notFound}</p>`
}`;
  return page({
    lang: language,
    title: t.chooseOfficeTitle,
    body,
    switchHref: `/apply?lang=${other(language)}`,
    switchLabel: t.switchTo,
    switchLang: other(language),
  });
}

/** A page that says one thing; `switchHref` is the same address in the other language. */
export function messagePage(
  language: ApplicationLanguage,
  title: string,
  lines: (string | Html)[],
  switchHref?: string,
): string {
  const body = html`<h1>${title}</h1>${lines.map((l) => html`<p>${l}</p>`)}`;
  return page({ lang: language, title, body, ...switchTo(language, switchHref) });
}

/** The language switch of a page, when it has an address in the other language. */
export function switchTo(language: ApplicationLanguage, href: string | undefined) {
  return href
    ? { switchHref: href, switchLabel: PAGE_TEXT[language].switchTo, switchLang: other(language) }
    : {};
}

export type { PageText };
