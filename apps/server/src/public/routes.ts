// The public pages, answered without a session: the online application (/apply/<office>), the
// applicant's status page (/status/<token>) and a new status link (/status/new). Plain HTML forms
// that POST (urlencoded) to the same origin: the edge's Origin check lets them through because these
// pages set Referrer-Policy: same-origin, under which browsers send the page's own Origin with the
// post (under no-referrer, the rest of the site's policy, they would send "Origin: null").
import { randomBytes } from 'node:crypto';
import {
  AppError,
  applicationOffices,
  countyChoices,
  officeBySlug,
  requestNewStatusLink,
  submitOnlineApplication,
  unavailableFrom,
  viewApplicationStatus,
} from '@relief-desk/api';
import {
  APPLICATION_LIMITS,
  type ApplicationLanguage,
  californiaDate,
  isApplicationLanguage,
  missingOfficeContact,
} from '@relief-desk/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ContextFor, setRetryAfter } from '../http/route-support.ts';
import { applyFormPage, messagePage, officesPage, receivedPage, TRAP_FIELD } from './apply-page.ts';
import { html, PUBLIC_CSS, PUBLIC_CSS_PATH } from './html.ts';
import { expiredLinkPage, newLinkPage, statusPage, unknownLinkPage } from './status-page.ts';
import { PAGE_TEXT } from './text.ts';

type Form = Record<string, string | string[]>;

/** A urlencoded body as fields; a repeated field (counties) becomes a list. */
function parseForm(body: string): Form {
  const form: Form = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const had = form[name];
    form[name] = had === undefined ? value : [had, value].flat();
  }
  return form;
}
const first = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';

/** ?lang= (or the form's lang), else the browser's first language if Spanish, else English. */
function languageOf(request: FastifyRequest, form?: Form): ApplicationLanguage {
  // (A request the router refused has no query parsed: read from its address.)
  const query =
    (request.query as Record<string, unknown> | null | undefined) ??
    Object.fromEntries(new URLSearchParams(request.url.split('?')[1] ?? ''));
  const asked = first(query.lang) || first(form?.lang);
  if (isApplicationLanguage(asked)) return asked;
  const accept = String(request.headers['accept-language'] ?? '')
    .trim()
    .toLowerCase();
  return accept.startsWith('es') ? 'es' : 'en';
}

/** A message page whose language switch opens the same address in the other language. */
function message(
  reply: FastifyReply,
  language: ApplicationLanguage,
  title: string,
  lines: Parameters<typeof messagePage>[2],
): string {
  return messagePage(language, title, lines, inOtherLanguage(reply.request, language));
}

/** The address asked for, in the other language (a form's refusal: its page, asked for again). */
function inOtherLanguage(request: FastifyRequest, language: ApplicationLanguage): string {
  const url = new URL(request.url, 'http://desk.invalid');
  url.searchParams.set('lang', language === 'es' ? 'en' : 'es');
  return `${withSingleSlashes(url.pathname)}${url.search}`;
}

function sendPage(reply: FastifyReply, status: number, body: string, referrer: 'same-origin' | null = null) {
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store');
  if (referrer) reply.header('referrer-policy', referrer);
  return reply.send(body);
}

const newSubmissionKey = () => randomBytes(18).toString('base64url');

/** The addresses of the public pages (an application form, the applicant's status pages). */
export const isPublicPagePath = (path: string): boolean => {
  const clean = withSingleSlashes(path);
  return clean === '/apply' || clean.startsWith('/apply/') || clean.startsWith('/status/');
};

/** An address with each run of slashes as one ("//apply//x" is "/apply/x"): never "//", another site. */
const withSingleSlashes = (path: string) => path.replace(/\/{2,}/g, '/');

/**
 * A request to a public page refused before any route saw it (an address longer than any the app
 * has): a page in the person's language with the way back, as the pages' other refusals.
 */
export function refusePublicRequest(request: FastifyRequest, reply: FastifyReply, status: number) {
  return unreadable(reply, request, status, languageOf(request));
}

export function registerPublicPages(app: FastifyInstance, contextFor: ContextFor): void {
  app.get(PUBLIC_CSS_PATH, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PUBLIC_CSS),
  );

  // A public page's address with a slash doubled (a link pasted after a "/", a mail program's):
  // the page at the address with single slashes, not the staff app's refusal in JSON. Any other
  // method than a page's GET is answered as an address under these pages that is not there.
  app.addHook('onRequest', async (request, reply) => {
    const query = request.url.indexOf('?');
    const path = query === -1 ? request.url : request.url.slice(0, query);
    if (!path.includes('//') || !isPublicPagePath(path)) return;
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(reply, languageOf(request));
    return reply.redirect(withSingleSlashes(path) + (query === -1 ? '' : request.url.slice(query)), 301);
  });

  app.register(async (scope) => {
    // What fails on these pages is answered as a page in the person's language, never the staff
    // API's JSON: fastify's own refusals of the request (a body too large, not a form) as well as a
    // busy database. The body is not read then: the language is the form's address's (?lang=).
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const language = languageOf(request);
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
        return unreadable(reply, request, error.statusCode, language);
      return refusal(reply, request, error, language, 'newLink');
    });
    // Forms only: a JSON body (which the staff API's parser would read up to 1 MiB) is refused as
    // any other body that is not a form, before it is read.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: APPLICATION_LIMITS.bodyBytes },
      (_request, body, done) => done(null, parseForm(String(body))),
    );

    // Without an office's name (a link cut short, or typed from a flyer): the offices to choose from.
    const chooseOffice = async (request: FastifyRequest, reply: FastifyReply) => {
      const ctx = contextFor(request, reply);
      return sendPage(reply, 200, officesPage(languageOf(request), await applicationOffices(ctx.db)));
    };
    scope.get('/apply', chooseOffice);
    // The form's address with a slash after it (as some links and mail programs write it): the form.
    scope.get('/apply/:slug/', async (request, reply) => {
      const slug = encodeURIComponent((request.params as { slug: string }).slug);
      const query = request.url.indexOf('?');
      return reply.redirect(`/apply/${slug}${query === -1 ? '' : request.url.slice(query)}`, 301);
    });

    scope.get('/apply/:slug', async (request, reply) => {
      const slug = (request.params as { slug: string }).slug;
      if (slug === '') return chooseOffice(request, reply);
      const ctx = contextFor(request, reply);
      const language = languageOf(request);
      const office = await officeBySlug(ctx.db, slug);
      if (!office) return notFound(reply, language);
      if (!takesApplications(office)) return notOpen(reply, language, office.name);
      const form = applyFormPage({
        office,
        language,
        counties: await countyChoices(ctx.db, office.id),
        submissionKey: newSubmissionKey(),
        values: {},
        errors: {},
      });
      return sendPage(reply, 200, form, 'same-origin');
    });

    scope.post('/apply/:slug', async (request, reply) => {
      const ctx = contextFor(request, reply);
      const form = isForm(request.body) ? request.body : {};
      const language = languageOf(request, form);
      const slug = (request.params as { slug: string }).slug;
      // The form again as it was sent, with its key: sending it again is recorded once.
      const formAgain = async (
        office: { id: string; name: string; slug: string },
        said: Pick<Parameters<typeof applyFormPage>[0], 'errors' | 'notice'>,
      ) =>
        applyFormPage({
          office,
          language,
          counties: await countyChoices(ctx.db, office.id),
          submissionKey: first(form.submission) || newSubmissionKey(),
          values: form,
          ...said,
        });
      // Said before anything is checked or recorded: the form was drawn before, or never.
      const addressed = await officeBySlug(ctx.db, slug);
      if (addressed && !takesApplications(addressed)) return notOpen(reply, language, addressed.name);
      const countyOrder = addressed ? (await countyChoices(ctx.db, addressed.id)).map((c) => c.county) : [];
      try {
        const outcome = await submitOnlineApplication(ctx, {
          slug,
          language,
          form: asMeant(fieldsOf(form), countyOrder),
          submissionKey: first(form.submission) || null,
          honeypotFilled: first(form[TRAP_FIELD]).trim() !== '',
        });
        // Said in the language the applicant chose on the form, as the confirmation is sent in.
        const office = await officeBySlug(ctx.db, slug);
        if (outcome.kind === 'received') {
          const page = receivedPage(
            outcome.answer.language,
            outcome.answer,
            office ?? { phone: '', email: '' },
            outcome.changesNotAdded?.firstReceivedOn,
          );
          return sendPage(reply, 200, page);
        }
        if (!office) return notFound(reply, language);
        return sendPage(reply, 400, await formAgain(office, { errors: outcome.errors }), 'same-origin');
      } catch (error) {
        // Too many from one connection (a clinic on one network, say): the form again, as typed, with
        // its key, so nothing typed is lost and sending it later is recorded once.
        const office =
          error instanceof AppError && error.appCode === 'RATE_LIMITED'
            ? await officeBySlug(ctx.db, slug)
            : null;
        if (!office) return refusal(reply, request, error, language, 'application');
        setRetryAfter(reply, error as AppError);
        const page = await formAgain(office, { errors: {}, notice: PAGE_TEXT[language].tooMany });
        return sendPage(reply, 429, page, 'same-origin');
      }
    });

    // A status link, or the page asking for a new one, with a slash after it (as some mail programs
    // and chat apps write a link): that page, as the form's address is (/apply/<office>/).
    scope.get('/status/:token/', async (request, reply) => {
      const token = encodeURIComponent((request.params as { token: string }).token);
      const query = request.url.indexOf('?');
      return reply.redirect(`/status/${token}${query === -1 ? '' : request.url.slice(query)}`, 301);
    });

    scope.get('/status/new', async (request, reply) => {
      const language = languageOf(request);
      const slug = first((request.query as Record<string, unknown>).office);
      const ctx = contextFor(request, reply);
      const office = slug ? await officeBySlug(ctx.db, slug) : null;
      const body = newLinkPage({
        language,
        officeSlug: office?.slug ?? '',
        offices: office ? [] : await applicationOffices(ctx.db),
        contact: '',
        error: false,
        sent: false,
      });
      return sendPage(reply, 200, body, 'same-origin');
    });

    scope.post('/status/new', async (request, reply) => {
      const ctx = contextFor(request, reply);
      const form = isForm(request.body) ? request.body : {};
      const language = languageOf(request, form);
      const slug = first(form.office);
      const contact = first(form.contact).slice(0, 254);
      try {
        const office = await officeBySlug(ctx.db, slug);
        if (!office) return notFound(reply, language);
        const outcome = await requestNewStatusLink(ctx, { slug, contact, language });
        const invalid = outcome.kind === 'invalid';
        const body = newLinkPage({
          language,
          officeSlug: office.slug,
          offices: [],
          contact,
          error: invalid,
          sent: !invalid,
        });
        return sendPage(reply, invalid ? 400 : 200, body, 'same-origin');
      } catch (error) {
        return refusal(reply, request, error, language, 'newLink');
      }
    });

    scope.get('/status/:token', async (request, reply) => {
      const ctx = contextFor(request, reply);
      const token = (request.params as { token: string }).token;
      const asked = first((request.query as Record<string, unknown>).lang);
      const found = await viewApplicationStatus(ctx, token);
      if (found.kind === 'limited') {
        const language = isApplicationLanguage(asked) ? asked : languageOf(request);
        const t = PAGE_TEXT[language];
        reply.header('retry-after', String(found.retryAfterSeconds));
        return sendPage(reply, 429, message(reply, language, t.linkUnknownTitle, [t.tooManyUnknownLinks]));
      }
      if (found.kind === 'shown') {
        const language = isApplicationLanguage(asked) ? asked : found.view.language;
        return sendPage(reply, 200, statusPage(found.view, language, token, californiaDate(ctx.clock.now())));
      }
      const language = isApplicationLanguage(asked)
        ? asked
        : found.kind === 'expired'
          ? found.language
          : languageOf(request);
      return sendPage(
        reply,
        found.kind === 'expired' ? 410 : 404,
        found.kind === 'expired'
          ? expiredLinkPage(language, found.office, inOtherLanguage(request, language))
          : unknownLinkPage(language, inOtherLanguage(request, language)),
      );
    });

    // Any other address under these pages (a slash or a word after a link, another method): the
    // public page saying it was not found, in the person's language, never the staff sign-in or JSON.
    for (const under of ['/apply/*', '/status/*'])
      scope.all(under, async (request, reply) => notFound(reply, languageOf(request)));
  });
}

const isForm = (body: unknown): body is Form =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

/** Only the application's own fields go on to the checks. */
function fieldsOf(form: Form): Form {
  const { lang: _l, submission: _s, [TRAP_FIELD]: _t, ...fields } = form;
  return fields;
}

/**
 * The form as it means the same thing each time it is sent (a form sent again with its key is
 * compared with the first): a month or day without its leading zero ("03" is 3), the counties ticked
 * once each in the order the page lists them, whatever order they came in.
 */
function asMeant(fields: Form, countyOrder: readonly string[]): Form {
  const meant: Form = { ...fields };
  for (const part of ['birthMonth', 'birthDay']) {
    const value = first(meant[part]).trim();
    if (/^0+\d+$/.test(value)) meant[part] = value.replace(/^0+(?=\d)/, '');
  }
  if (Array.isArray(meant.counties)) {
    const place = (county: string) => {
      const at = countyOrder.indexOf(county);
      return at === -1 ? countyOrder.length : at;
    };
    meant.counties = [...new Set(meant.counties)].sort((a, b) => place(a) - place(b));
  }
  return meant;
}

/**
 * An office takes applications once its mailing address, phone and e-mail are set: the confirmation
 * and status page tell the applicant how to reach it, and staff's status updates need them too.
 */
const takesApplications = (office: { address: string; phone: string; email: string }) =>
  missingOfficeContact(office).length === 0;

/**
 * The office is there but not open yet: 503, not 404, since the address is right and will work once
 * an administrator finishes the office profile (a link on a flyer must not be taken as dead).
 */
function notOpen(reply: FastifyReply, language: ApplicationLanguage, office: string) {
  const t = PAGE_TEXT[language];
  return sendPage(reply, 503, message(reply, language, t.notOpenTitle, [t.notOpen(office)]));
}

function notFound(reply: FastifyReply, language: ApplicationLanguage) {
  const t = PAGE_TEXT[language];
  return sendPage(reply, 404, message(reply, language, t.notFoundTitle, [t.notFound]));
}

/**
 * A request refused before its page saw it, with a way back to the page: an application too long
 * (413) says which fields to shorten; anything else, to send it again.
 */
function unreadable(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  language: ApplicationLanguage,
) {
  const t = PAGE_TEXT[language];
  const slug = (request.params as { slug?: unknown } | undefined)?.slug;
  const form =
    request.routeOptions.url === '/apply/:slug' && typeof slug === 'string' && /^[a-z0-9-]{1,80}$/i.test(slug)
      ? `/apply/${slug.toLowerCase()}?lang=${language}`
      : null;
  if (status === 413 && form)
    return sendPage(
      reply,
      413,
      message(reply, language, t.tooLongTitle, [
        t.tooLong,
        t.tooLongBack,
        html`<a href="${form}">${t.backToForm}</a>`,
      ]),
    );
  const back = form ?? `/status/new?lang=${language}`;
  const [title, said] =
    status === 403 ? [t.notFromOurPageTitle, t.notFromOurPage] : [t.unreadableTitle, t.unreadable];
  return sendPage(
    reply,
    status,
    message(reply, language, title, [said, html`<a href="${back}">${t.backToPage}</a>`]),
  );
}

/** A refusal said in terms of what was asked: an application, or a new status link. */
function refusal(
  reply: FastifyReply,
  request: FastifyRequest,
  error: unknown,
  language: ApplicationLanguage,
  asked: 'application' | 'newLink',
) {
  const t = PAGE_TEXT[language];
  if (error instanceof AppError && error.appCode === 'NOT_FOUND') return notFound(reply, language);
  if (error instanceof AppError && error.appCode === 'RATE_LIMITED') {
    setRetryAfter(reply, error);
    const said = asked === 'application' ? t.tooMany : t.tooManyLinkRequests;
    return sendPage(reply, 429, message(reply, language, t.failedTitle, [said]));
  }
  // The database could not take it just then: the same words (try again in a few minutes), but 503
  // with Retry-After, so a proxy or the browser knows it was not a fault in the request or the page.
  const unavailable = unavailableFrom(error);
  setRetryAfter(reply, unavailable);
  request.log.error({ err: error }, 'Public page failed');
  const said = asked === 'application' ? t.failed : t.linkRequestFailed;
  return sendPage(reply, unavailable ? 503 : 500, message(reply, language, t.failedTitle, [said]));
}
