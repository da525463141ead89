// The applicant's status page and the page to ask for a new link, in the person's language. What
// the office told them is worded as the client-update templates word it (@relief-desk/notify), as
// long as it still holds today (status-now.ts); a court's decision never is.
import type { ApplicationStatusView, StatusOfMatter } from '@relief-desk/api';
import { type ApplicationLanguage, countyNameIn, type IsoDate, isOpenStage } from '@relief-desk/domain';
import { formatClientDate, nextStepSentence, resolveLanguage } from '@relief-desk/notify';
import { switchTo } from './apply-page.ts';
import { type Html, html, page } from './html.ts';
import { updateNow } from './status-now.ts';
import { PAGE_TEXT, PLURAL_DOCUMENTS } from './text.ts';

const other = (language: ApplicationLanguage): ApplicationLanguage => (language === 'es' ? 'en' : 'es');

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** `today` is the California date the page is shown on: due dates and hearings are measured by it. */
export function statusPage(
  view: ApplicationStatusView,
  language: ApplicationLanguage,
  token: string,
  today: IsoDate,
): string {
  const t = PAGE_TEXT[language];
  const { pack } = resolveLanguage(language);
  const values = {
    officePhone: view.office.phone,
    officeEmail: view.office.email,
    officeName: view.office.name,
  };
  const date = (iso: string) => formatClientDate(iso, language);

  /** The stage as the person reads it: what is so now, where the stage alone would say otherwise. */
  const whereItStands = (m: StatusOfMatter): string => {
    // At the stages that speak of the court, what is before it now: the stage may lag the court
    // (staff have yet to move it on), or a petition went back before the court after it was decided
    // (a hearing continued, a decision recorded by mistake).
    if (m.beforeCourt === 'decided') return t.stages.outcome_to_send;
    if (m.beforeCourt === 'nothing') return t.nothingBeforeCourt;
    if (m.beforeCourt === 'waiting') return t.awaitingDecisionFor(m.petitionsBeforeCourt);
    if (m.stage !== 'referred_out') return t.stages[m.stage];
    if (m.referredTo) return t.referredTo(m.referredTo);
    if (m.servedBy) return t.notPassedOn(m.servedBy);
    return m.referredFromOwnCounty ? t.referredFromOwnCounty : t.referredToNobody(m.county);
  };

  // Ids by place on the page: one person can have two matters in one county.
  const matter = (m: StatusOfMatter, index: number) => {
    // While the office works on the case, what it asked for is still wanted; once it has ended, not.
    const open = isOpenStage(m.stage);
    const missing = open ? m.asked.filter((a) => a.missing) : [];
    const latest = m.latestStatus;
    const now = updateNow(m.stage, latest, today);
    const subject =
      latest && now.shown === 'worded'
        ? fill(pack.status[latest.statusType].subject, {
            ...values,
            county: countyNameIn(language, m.county),
            courtDate: latest.courtDate ? date(latest.courtDate) : '',
          })
        : now.shown === 'decision'
          ? t.decisionNews
          : null;
    const reason =
      now.shown === 'worded' && latest?.statusType === 'cant_proceed' && latest.cantProceedReason
        ? pack.cantProceedReasons[latest.cantProceedReason as keyof typeof pack.cantProceedReasons]
        : undefined;
    const given = now.steps.map((s) => nextStepSentence(s, language, values));
    const steps: string[] =
      given.length > 0
        ? given
        : [
            missing.length > 0
              ? t.nextDefault.sendMissing
              : m.stage === 'closed'
                ? t.nextDefault.closed
                : m.stage === 'unable_to_reach'
                  ? t.nextDefault.callToContinue
                  : open
                    ? t.nextDefault.waiting
                    : t.nextDefault.questions,
          ];
    const asked = (a: StatusOfMatter['asked'][number]) => {
      const plural = PLURAL_DOCUMENTS.has(a.kind);
      return !a.missing
        ? t.arrived(plural)
        : !open
          ? t.notReceived
          : a.dueOn < today
            ? t.missingLate(date(a.dueOn), plural)
            : t.missing(date(a.dueOn), plural);
    };
    return html`<section class="matter" aria-labelledby="matter-${index + 1}"><h2 id="matter-${index + 1}">${t.statusCounty(m.county)}</h2>
<p class="muted">${t.receivedOn(date(m.receivedOn))}</p>
<h3>${t.stageHeading}</h3>
<p>${whereItStands(m)}</p>
${m.stage === 'closed' ? html`<p>${t.closedMeans}</p>` : ''}
${
  m.stage === 'referred_out'
    ? ''
    : html`<h3>${t.askedHeading}</h3>
${m.asked.length === 0 ? html`<p>${t.askedNone}</p>` : html`<ul>${m.asked.map((a) => html`<li>${t.documents[a.kind]}: ${asked(a)}</li>`)}</ul>`}`
}
${subject ? html`<h3>${t.latestHeading}</h3><p>${subject}</p>${reason ? html`<p>${reason}</p>` : ''}` : ''}
${m.stage === 'referred_out' ? '' : html`<h3>${t.nextHeading(steps.length)}</h3>${steps.map((s) => html`<p>${s}</p>`)}`}
</section>`;
  };

  const contact = t.contactOffice(view.office.phone, view.office.email);
  const body = html`<h1>${t.statusTitle(view.office.name)}</h1>
<p>${t.statusLead}</p>
${view.matters.map(matter)}
${contact ? html`<p class="notice">${contact}</p>` : ''}
<p class="muted">${t.statusPrivate}</p>`;
  return page({
    lang: language,
    title: t.statusTitle(view.office.name),
    body,
    switchHref: `/status/${token}?lang=${other(language)}`,
    switchLabel: t.switchTo,
    switchLang: other(language),
  });
}

/** A link that is not one: a new link is asked for at /status/new, choosing the office there. */
export function unknownLinkPage(language: ApplicationLanguage, switchHref?: string): string {
  const t = PAGE_TEXT[language];
  const body = html`<h1>${t.linkUnknownTitle}</h1><p>${t.linkUnknown}</p><p><a href="/status/new?lang=${language}">${t.askForNew}</a></p>`;
  return page({ lang: language, title: t.linkUnknownTitle, body, ...switchTo(language, switchHref) });
}

/**
 * A link whose last matter closed more than 90 days ago: no new link is sent for it either (the
 * request would be answered, and nothing sent), so the page says whom to ask instead.
 */
export function expiredLinkPage(
  language: ApplicationLanguage,
  office: { name: string; phone: string; email: string },
  switchHref?: string,
): string {
  const t = PAGE_TEXT[language];
  const contact = t.contactOffice(office.phone, office.email);
  const body = html`<h1>${t.linkExpiredTitle}</h1><p>${t.linkExpired}</p><p>${t.expiredAsk(office.name)}</p>${contact ? html`<p>${contact}</p>` : ''}`;
  return page({ lang: language, title: t.linkExpiredTitle, body, ...switchTo(language, switchHref) });
}

/** Without an office (a link that does not work names none), the person first chooses theirs. */
export function newLinkPage(options: {
  language: ApplicationLanguage;
  officeSlug: string;
  /** The offices that take online applications, for choosing one when no office is given. */
  offices: { slug: string; name: string }[];
  contact: string;
  error: boolean;
  sent: boolean;
}): string {
  const { language } = options;
  const t = PAGE_TEXT[language];
  if (options.sent)
    return page({
      lang: language,
      title: t.newLinkSentTitle,
      body: html`<h1>${t.newLinkSentTitle}</h1><p class="notice" role="status">${t.newLinkSent}</p>`,
    });
  const error: Html = options.error
    ? html`<span class="error" id="contact-error"><span class="nothing">${t.errorTitlePrefix} </span>${t.newLinkContactError}</span>`
    : html``;
  const body = html`<h1>${t.newLinkTitle}</h1>
${options.error ? html`<div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1" autofocus><h2 id="summary-title">${t.newLinkErrorSummary}</h2><ul><li><a href="#contact">${t.newLinkContactError}</a></li></ul></div>` : ''}
${
  options.officeSlug
    ? html`<p>${t.newLinkIntro}</p>
<form method="post" action="/status/new?lang=${language}" novalidate>
<input type="hidden" name="lang" value="${language}">
<input type="hidden" name="office" value="${options.officeSlug}">
<div class="field"><label for="contact">${t.newLinkContact}</label><span class="hint" id="contact-hint">${t.newLinkContactHint}</span>${error}<input type="text" id="contact" name="contact" value="${options.contact}" autocomplete="email" maxlength="254" aria-describedby="contact-hint${options.error ? ' contact-error' : ''}"${options.error ? html` aria-invalid="true"` : ''}></div>
<button type="submit">${t.newLinkSubmit}</button>
</form>`
    : options.offices.length > 0
      ? html`<p>${t.newLinkChooseIntro}</p>
<h2 id="offices-title">${t.newLinkChooseOffice}</h2>
<ul aria-labelledby="offices-title">${options.offices.map(
          (o) => html`<li><a href="/status/new?office=${o.slug}&lang=${language}">${o.name}</a></li>`,
        )}</ul>`
      : html`<p>${t.newLinkOfficeMissing}</p>`
}`;
  return page({
    lang: language,
    title: `${options.error ? `${t.errorTitlePrefix} ` : ''}${t.newLinkTitle}`,
    body,
    switchHref: `/status/new?lang=${other(language)}${options.officeSlug ? `&office=${options.officeSlug}` : ''}`,
    switchLabel: t.switchTo,
    switchLang: other(language),
  });
}
