// What an applicant receives: the confirmation of an online application and a new status link, in
// English and Spanish (formal "usted", as the client updates are written). The link goes by e-mail,
// by text (the applicant asked for it on the page, so it is expected) and by letter.
import { type ApplicationLanguage, isApplicationLanguage, spanishCountyName } from '@relief-desk/domain';

export interface ConfirmationFacts {
  name: string;
  officeName: string;
  officePhone: string;
  receivedOn: string;
  counties: { county: string; referredTo: string | null; ours: boolean }[];
  link: string;
  newLinkAddress: string;
  /** The office the person applied to, when it passed the application on to this one. */
  passedOnBy?: string;
}

interface Wording {
  subject: string;
  greeting: (name: string) => string;
  thanks: (office: string, date: string) => string;
  /** The same, from the office an application was passed on to: the person applied to another. */
  thanksPassedOn: (office: string, from: string, date: string) => string;
  countyOurs: (county: string) => string;
  countyReferred: (county: string, office: string) => string;
  countyNobody: (county: string) => string;
  linkIntro: string;
  linkPrivate: string;
  newLink: (address: string) => string;
  /** Ends the confirmation when a county stays with this office: it will contact the applicant. */
  nextSteps: (phone: string) => string;
  /**
   * Ends it when none does (each passed on to another office, or served by none): the lines above say
   * whom to contact, and this office promises no contact of its own.
   */
  nextStepsElsewhere: (phone: string) => string;
  closing: string;
  sms: (office: string, link: string) => string;
  newLinkSubject: string;
  newLinkBody: string;
  newLinkSms: (office: string, link: string) => string;
}

const ENGLISH: Wording = {
  subject: 'We received your application',
  greeting: (name) => `Dear ${name},`,
  thanks: (office, date) =>
    `Thank you for applying to ${office} to clear your record. We received your application on ${date}.`,
  thanksPassedOn: (office, from, date) =>
    `You applied to ${from} to clear your record, and they passed your application on to us, ${office}, for the counties below. We received it on ${date}.`,
  countyOurs: (county) => `${county} County: we will review your records there.`,
  countyReferred: (county, office) =>
    `${county} County: ${office} serves this county, and we have passed your application on to them.`,
  countyNobody: (county) =>
    `${county} County: no office that works with us serves this county. Contact the public defender of ${county} County.`,
  linkIntro: 'To see where your application stands, open this link:',
  linkPrivate:
    'Keep this link private: anyone who has it can see where your application stands. It works until 90 days after your case closes.',
  newLink: (address) => `If you lose it, ask for a new one at ${address}`,
  nextSteps: (phone) =>
    phone
      ? `We will contact you in the coming weeks. If your phone number, e-mail or address changes, call us at ${phone}.`
      : 'We will contact you in the coming weeks. If your phone number, e-mail or address changes, let us know.',
  nextStepsElsewhere: (phone) =>
    phone
      ? `We will not review your records ourselves: for each county above, contact the office named there. If you have questions about this application, call us at ${phone}.`
      : 'We will not review your records ourselves: for each county above, contact the office named there.',
  closing: 'Sincerely,',
  sms: (office, link) =>
    `${office}: We received your application to clear your record. See where it stands: ${link} Keep this link private.`,
  newLinkSubject: 'Your new link to your application',
  newLinkBody: 'You asked for a new link to see where your application stands. Here it is:',
  newLinkSms: (office, link) => `${office}: Your new link to see where your application stands: ${link}`,
};

const SPANISH: Wording = {
  subject: 'Recibimos su solicitud',
  greeting: (name) => `Estimado/a ${name}:`,
  thanks: (office, date) =>
    `Gracias por presentar su solicitud a ${office} para limpiar sus antecedentes penales. Recibimos su solicitud el ${date}.`,
  thanksPassedOn: (office, from, date) =>
    `Usted presentó una solicitud a ${from} para limpiar sus antecedentes penales, y esa oficina nos la envió a nosotros, ${office}, para los condados indicados abajo. La recibimos el ${date}.`,
  countyOurs: (county) =>
    `Condado de ${spanishCountyName(county)}: revisaremos sus antecedentes en ese condado.`,
  countyReferred: (county, office) =>
    `Condado de ${spanishCountyName(county)}: ${office} atiende este condado, y le enviamos su solicitud a esa oficina.`,
  countyNobody: (county) =>
    `Condado de ${spanishCountyName(county)}: ninguna de las oficinas que trabajan con nosotros atiende este condado. Comuníquese con la defensoría pública del condado de ${spanishCountyName(county)}.`,
  linkIntro: 'Para ver en qué estado está su solicitud, abra este enlace:',
  linkPrivate:
    'No comparta este enlace: cualquier persona que lo tenga puede ver en qué estado está su solicitud. Funciona hasta 90 días después de que se cierre su caso.',
  newLink: (address) => `Si lo pierde, pida uno nuevo en ${address}`,
  nextSteps: (phone) =>
    phone
      ? `Nos comunicaremos con usted en las próximas semanas. Si cambia su número de teléfono, su correo electrónico o su dirección, llámenos al ${phone}.`
      : 'Nos comunicaremos con usted en las próximas semanas. Si cambia su número de teléfono, su correo electrónico o su dirección, avísenos.',
  nextStepsElsewhere: (phone) =>
    phone
      ? `No revisaremos sus antecedentes nosotros mismos: para cada condado indicado arriba, comuníquese con la oficina que se nombra allí. Si tiene preguntas sobre esta solicitud, llámenos al ${phone}.`
      : 'No revisaremos sus antecedentes nosotros mismos: para cada condado indicado arriba, comuníquese con la oficina que se nombra allí.',
  closing: 'Atentamente,',
  sms: (office, link) =>
    `${office}: Recibimos su solicitud para limpiar sus antecedentes. Vea en qué estado está: ${link} No comparta este enlace.`,
  newLinkSubject: 'Su nuevo enlace a su solicitud',
  newLinkBody: 'Usted pidió un nuevo enlace para ver en qué estado está su solicitud. Aquí lo tiene:',
  newLinkSms: (office, link) =>
    `${office}: Su nuevo enlace para ver en qué estado está su solicitud: ${link}`,
};

/**
 * The language an applicant is written to in: their preferred language as recorded (as chosen on
 * the form, or as staff changed it since) when messages are written in it, else the page's.
 */
export function applicantLanguage(preferred: string, fallback: ApplicationLanguage): ApplicationLanguage {
  return isApplicationLanguage(preferred) ? preferred : fallback;
}

export const APPLICANT_WORDING: Record<ApplicationLanguage, Wording> = { en: ENGLISH, es: SPANISH };

export function confirmationText(language: ApplicationLanguage, facts: ConfirmationFacts) {
  const w = APPLICANT_WORDING[language];
  const lines = facts.counties.map((c) =>
    c.ours
      ? w.countyOurs(c.county)
      : c.referredTo
        ? w.countyReferred(c.county, c.referredTo)
        : w.countyNobody(c.county),
  );
  const letter = [
    w.greeting(facts.name),
    facts.passedOnBy
      ? w.thanksPassedOn(facts.officeName, facts.passedOnBy, facts.receivedOn)
      : w.thanks(facts.officeName, facts.receivedOn),
    lines.map((l) => `- ${l}`).join('\n'),
    `${w.linkIntro}\n${facts.link}`,
    `${w.linkPrivate} ${w.newLink(facts.newLinkAddress)}`,
    // "We will contact you" only when a county's matter stays with this office.
    facts.counties.some((c) => c.ours)
      ? w.nextSteps(facts.officePhone)
      : w.nextStepsElsewhere(facts.officePhone),
  ].join('\n\n');
  // A letter's closing and signer are printed under it by the letter itself (notify's signature
  // block): only the e-mail signs off in its text.
  return {
    subject: w.subject,
    email: `${letter}\n\n${w.closing}\n${facts.officeName}`,
    letter,
    sms: w.sms(facts.officeName, facts.link),
  };
}

export function newLinkText(
  language: ApplicationLanguage,
  facts: { name: string; officeName: string; link: string },
) {
  const w = APPLICANT_WORDING[language];
  const body = [
    w.greeting(facts.name),
    `${w.newLinkBody}\n${facts.link}`,
    w.linkPrivate,
    `${w.closing}\n${facts.officeName}`,
  ].join('\n\n');
  return { subject: w.newLinkSubject, body, sms: w.newLinkSms(facts.officeName, facts.link) };
}
