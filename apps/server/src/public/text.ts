// Every word of the public pages (the online application, the status page, a new status link) in
// English and in Spanish. Spanish is written for Californian applicants in formal "usted", with the
// words California's courts use ("la corte", "libertad condicional"); one object per language, so a
// sentence missing from either is a type error.

import {
  type ApplicationLanguage,
  type DocumentKind,
  type Stage,
  spanishCountyName,
} from '@relief-desk/domain';

export interface PageText {
  languageName: string;
  switchTo: string;
  applyTitle: (office: string) => string;
  applyIntro: string[];
  requiredNote: string;
  optional: string;
  errorTitlePrefix: string;
  errorSummary: string;
  nameLegend: string;
  legalName: string;
  legalNameHint: string;
  otherNames: string;
  otherNamesHint: string;
  birthLegend: string;
  birthHint: string;
  birthMonth: string;
  birthDay: string;
  birthYear: string;
  contactLegend: string;
  contactHint: string;
  phone: string;
  phoneHint: string;
  email: string;
  consentToText: (office: string) => string;
  addressLegend: string;
  addressHint: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  stateHint: string;
  postalCode: string;
  language: string;
  languageHint: string;
  languageNames: Record<string, string>;
  countiesLegend: string;
  /** In place of the domain's words for no county chosen, beside the counties. */
  countiesHint: string;
  countiesOurs: (office: string) => string;
  countiesOthers: string;
  countyName: (county: string) => string;
  servedBy: (office: string) => string;
  servedByNobody: string;
  notes: string;
  notesHint: string;
  honeypot: string;
  submit: string;
  privacy: string;
  receivedTitle: string;
  receivedLead: (office: string) => string;
  receivedOurs: (county: string) => string;
  receivedReferred: (county: string, office: string) => string;
  receivedNobody: (county: string) => string;
  /** The form came again with changes: the first application stands, and how to correct it. */
  changesNotAdded: (firstReceivedOn: string, office: string, contact: string) => string;
  confirmedBy: Record<'email' | 'sms' | 'letter', string>;
  /**
   * The form sent again (changesNotAdded): nothing new is sent, so the page says where the link the
   * first confirmation carried is, not that a confirmation is on its way.
   */
  confirmedBefore: Record<'email' | 'sms' | 'letter', string>;
  /** No confirmation can be sent: who will contact them, only when a county stays with the office. */
  /** `contact`: the office's phone and e-mail as contactOffice says them; empty when it has neither. */
  confirmedByNone: (office: string, anyOurs: boolean, contact: string) => string;
  tooMany: string;
  /** Under a refusal said on the form: what was typed is still there. */
  typedKept: string;
  tooManyLinkRequests: string;
  tooManyUnknownLinks: string;
  notFoundTitle: string;
  notFound: string;
  /** An office whose contact details are not set yet: its form is closed (503). */
  notOpenTitle: string;
  notOpen: (office: string) => string;
  failedTitle: string;
  failed: string;
  linkRequestFailed: string;
  /** A form post larger than the server takes (413). */
  tooLongTitle: string;
  tooLong: string;
  /** The browser's Back button keeps what was typed; a link opens the form empty. */
  tooLongBack: string;
  backToForm: string;
  /** Any other request these pages cannot read (a 4xx before the page's own code runs). */
  unreadableTitle: string;
  unreadable: string;
  /** A post that did not come from the site's own page (another site's form, say). */
  notFromOurPageTitle: string;
  notFromOurPage: string;
  /** /apply without an office: the offices that take applications. */
  chooseOfficeTitle: string;
  chooseOffice: string;
  backToPage: string;
  statusTitle: (office: string) => string;
  statusLead: string;
  statusCounty: (county: string) => string;
  receivedOn: (date: string) => string;
  stageHeading: string;
  /** At "Awaiting court decision" the sentence holds for one petition filed or several. */
  stages: Record<Stage, string>;
  /** At "Awaiting court decision", with how many petitions are before the court (one, or several). */
  awaitingDecisionFor: (petitions: number) => string;
  /** At "Awaiting court decision" with no petition before the court, none decided (each withdrawn). */
  nothingBeforeCourt: string;
  referredTo: (office: string) => string;
  /** An office of the desk serves the county, but the matter was not passed on to it. */
  notPassedOn: (office: string) => string;
  /** A county this office serves but could not take the request for (referred out by hand). */
  referredFromOwnCounty: string;
  /** A county no office of the desk serves: whom to contact instead. */
  referredToNobody: (county: string) => string;
  askedHeading: string;
  askedNone: string;
  /**
   * Still to come while the office works on the case, by a due date to come or already past; said of
   * one document or of several (letters of support), as the item names it.
   */
  missing: (due: string, plural: boolean) => string;
  missingLate: (due: string, plural: boolean) => string;
  /** Never arrived, and the case has ended: nothing to send any more. */
  notReceived: string;
  arrived: (plural: boolean) => string;
  documents: Record<DocumentKind, string>;
  latestHeading: string;
  /** In place of a court's decision, which the page never words. */
  decisionNews: string;
  /** Above one next step, or several. */
  nextHeading: (count: number) => string;
  /** When no next step the office gave still holds. */
  nextDefault: Record<'waiting' | 'sendMissing' | 'questions' | 'callToContinue' | 'closed', string>;
  /** What a closed case means, after its stage. */
  closedMeans: string;
  contactOffice: (phone: string, email: string) => string;
  statusPrivate: string;
  linkExpiredTitle: string;
  linkExpired: string;
  linkUnknownTitle: string;
  linkUnknown: string;
  askForNew: string;
  /** On an expired link's page: no new link is sent for a case closed that long ago. */
  expiredAsk: (office: string) => string;
  newLinkTitle: string;
  newLinkIntro: string;
  newLinkContact: string;
  newLinkContactHint: string;
  newLinkContactError: string;
  newLinkErrorSummary: string;
  newLinkSubmit: string;
  newLinkSentTitle: string;
  newLinkSent: string;
  newLinkOfficeMissing: string;
  /** /status/new without an office: the person chooses the one they applied to. */
  newLinkChooseIntro: string;
  newLinkChooseOffice: string;
}

const ENGLISH: PageText = {
  languageName: 'English',
  switchTo: 'Español',
  applyTitle: (office) => `Apply to ${office} to clear your record`,
  applyIntro: [
    'Use this form to ask us for help clearing a criminal conviction from your record in California: a dismissal, a reduction or other relief. It is free.',
    'It takes about 5 minutes. We ask only what we need to find your records and to reach you. For each county we serve, we will contact you in the coming weeks.',
  ],
  requiredNote: 'Every question is required unless it says “optional”.',
  optional: '(optional)',
  errorTitlePrefix: 'Error:',
  errorSummary: 'Please correct the following, then send the application again:',
  nameLegend: 'Your name',
  legalName: 'Full legal name',
  legalNameHint: 'As it appears on your ID.',
  otherNames: 'Other names you have used',
  otherNamesHint: 'For example a maiden name, a nickname or a different spelling. One name per line.',
  birthLegend: 'Date of birth',
  birthHint: 'For example: month 3, day 7, year 1985.',
  birthMonth: 'Month',
  birthDay: 'Day',
  birthYear: 'Year',
  contactLegend: 'How to reach you',
  contactHint: 'Give at least one: a phone number, an e-mail address or a mailing address.',
  phone: 'Phone number',
  phoneHint: 'With the area code, for example (555) 555-0123.',
  email: 'E-mail address',
  consentToText: (office) =>
    `I agree to receive text messages from ${office} about my application. Message and data rates may apply.`,
  addressLegend: 'Mailing address',
  addressHint: 'Where we can send you letters. Leave it empty if you do not want letters.',
  addressLine1: 'Street address',
  addressLine2: 'Apartment, suite or unit',
  city: 'City',
  state: 'State',
  stateHint: 'Its two-letter code, for example CA, or NV for Nevada.',
  postalCode: 'ZIP code',
  language: 'Language you prefer',
  languageHint: 'We write to you in English or Spanish, and arrange an interpreter for other languages.',
  languageNames: {
    en: 'English',
    es: 'Spanish (Español)',
    zh: 'Chinese (中文)',
    vi: 'Vietnamese (Tiếng Việt)',
    ko: 'Korean (한국어)',
    tl: 'Tagalog',
  },
  countiesLegend: 'Counties where you have convictions',
  countiesHint: 'Choose every county where you have a conviction you want to clear.',
  countiesOurs: (office) => `Counties ${office} serves`,
  countiesOthers: 'Other California counties',
  countyName: (county) => `${county} County`,
  servedBy: (office) => `Served by ${office}: we will pass your application on to them.`,
  servedByNobody: 'No office that works with us serves this county: we will tell you who to contact.',
  notes: 'Anything else you want us to know',
  notesHint: 'For example the best time to call you. Please do not describe your case here.',
  honeypot: 'Leave this field empty',
  submit: 'Send application',
  privacy:
    'We use what you write here only to help you with your application. We do not share it, except with the office that serves a county you chose.',
  receivedTitle: 'Application received',
  receivedLead: (office) => `Thank you. ${office} received your application.`,
  receivedOurs: (county) => `${county} County: we will review your records there.`,
  receivedReferred: (county, office) =>
    `${county} County: ${office} serves this county, and we have passed your application on to them.`,
  receivedNobody: (county) =>
    `${county} County: no office that works with us serves this county. Contact the public defender of ${county} County.`,
  changesNotAdded: (date, office, contact) =>
    `You had already sent this form on ${date}, and ${office} received your application then. The changes you just made were not added to it. To correct anything in your application, contact ${office}${contact ? ` (${contact})` : ''}.`,
  confirmedBy: {
    email:
      'We are sending you an e-mail to confirm it, with a private link where you can see where your application stands.',
    sms: 'We are sending you a text message to confirm it, with a private link where you can see where your application stands.',
    letter:
      'We are mailing you a letter to confirm it, with a private link where you can see where your application stands.',
  },
  confirmedBefore: {
    email:
      'We are not sending another e-mail. The e-mail we sent you when you first sent this form has a private link where you can see where your application stands.',
    sms: 'We are not sending another text message. The text message we sent you when you first sent this form has a private link where you can see where your application stands.',
    letter:
      'We are not mailing another letter. The letter we mailed you when you first sent this form has a private link where you can see where your application stands.',
  },
  confirmedByNone: (office, anyOurs, contact) =>
    anyOurs
      ? `We have no way to send you a confirmation. ${office} will contact you${contact ? `; you can also reach them (${contact})` : ''}.`
      : 'We have no way to send you a confirmation. For each county above, contact the office or public defender it names.',
  tooMany:
    'Too many applications were sent from this connection in the last hour. Please try again later, or call the office.',
  typedKept: 'What you typed is kept below: send it again later.',
  tooManyLinkRequests:
    'Too many new links were asked for from this connection in the last hour. Please try again later, or call the office.',
  tooManyUnknownLinks:
    'Too many links that do not work were opened from this connection in the last hour. Check the link in the message we sent you, or try again later.',
  notFoundTitle: 'Page not found',
  notFound: 'There is no office at this address. Check the link you followed.',
  notOpenTitle: 'Not taking applications online yet',
  notOpen: (office) =>
    `${office} is not taking applications online yet. Please come back to this page later, or apply to the office in person or by phone.`,
  failedTitle: 'Something went wrong',
  failed:
    'Your application could not be saved because of a problem on our side. Please try again in a few minutes.',
  linkRequestFailed:
    'We could not handle your request because of a problem on our side. Please try again in a few minutes.',
  tooLongTitle: 'Your application is too long',
  tooLong:
    'We could not receive it: it is longer than we can take. Shorten what you wrote under “Anything else you want us to know” or “Other names you have used”, then send it again.',
  tooLongBack: 'To keep what you typed, use your browser’s Back button.',
  backToForm: 'Back to the application',
  unreadableTitle: 'We could not read what was sent',
  unreadable: 'Go back to the page and send it again. If it happens again, call the office.',
  notFromOurPageTitle: 'We did not accept what was sent',
  notFromOurPage:
    'It did not come from this site’s own page, so nothing was recorded. Open the page here and send it from there. If it happens again, call the office.',
  chooseOfficeTitle: 'Apply for help clearing your record',
  chooseOffice: 'Choose the office you want to apply to:',
  backToPage: 'Back to the page',
  statusTitle: (office) => `Your application to ${office}`,
  statusLead: 'Here is where your application stands.',
  statusCounty: (county) => `${county} County`,
  receivedOn: (date) => `Received on ${date}.`,
  stageHeading: 'Where it stands',
  stages: {
    referral_received: 'We received your application. A member of our team will contact you.',
    gathering_records: 'We are gathering your court records.',
    eligibility_review: 'An attorney is reviewing your records to see how we can help.',
    petitions_to_file: 'We are preparing the papers to file with the court.',
    awaiting_decision: 'We filed your papers with the court. We are waiting for the court’s decision.',
    outcome_to_send: 'The court has decided. We will write to you with the details.',
    closed: 'Your case is closed.',
    not_eligible: 'We finished reviewing your records. We will write to you, or you can call us.',
    referred_out: 'Another office serves this county.',
    withdrawn: 'This application was withdrawn.',
    unable_to_reach: 'We could not reach you. Please call us to continue.',
  },
  awaitingDecisionFor: (petitions) =>
    petitions > 1
      ? `We filed ${petitions} petitions for you. We are waiting for the court’s decisions.`
      : 'We filed your petition. We are waiting for the court’s decision.',
  nothingBeforeCourt:
    'We filed a petition for you, and nothing of yours is before the court now. We will contact you about what happens next.',
  referredTo: (office) => `We passed your application on to ${office}, which serves this county.`,
  notPassedOn: (office) => `${office} serves this county. Please contact them to ask for help there.`,
  referredFromOwnCounty:
    'We cannot take this request ourselves. Please call us, and we will tell you whom to contact.',
  referredToNobody: (county) =>
    `No office that works with us serves this county. Contact the public defender of ${county} County.`,
  askedHeading: 'What we asked you for',
  askedNone: 'We have not asked you for anything.',
  missing: (due, plural) => `Still missing. Please send ${plural ? 'them' : 'it'} by ${due}.`,
  missingLate: (due, plural) =>
    `Still missing. ${plural ? 'They were' : 'It was'} due on ${due}: please send ${plural ? 'them' : 'it'} as soon as you can.`,
  notReceived: 'Not received.',
  arrived: (_plural) => 'Received. Thank you.',
  documents: {
    rap_sheet: 'Your criminal record from the California Department of Justice',
    court_docket: 'Court records of your case',
    probation_proof: 'Proof that you completed probation',
    payment_proof: 'Proof that you paid your fines or fees',
    photo_id: 'A photo ID',
    declaration_mc031: 'A signed declaration (form MC-031)',
    letter_of_support: 'Letters of support',
    fee_waiver: 'A request to waive court fees (form FW-001)',
    signed_order: 'The court’s signed order',
    updated_rap_sheet: 'An updated criminal record from the California Department of Justice',
    other: 'Another document (call us to hear which one)',
  },
  latestHeading: 'Our latest update',
  decisionNews:
    'We have news from the court about your petition. We give you the court’s decision ourselves, never on this page. If you have not heard from us, call us.',
  nextHeading: (count) => (count > 1 ? 'Next steps' : 'Next step'),
  nextDefault: {
    waiting: 'You do not need to do anything now. We will contact you.',
    sendMissing: 'Send us what is still missing.',
    questions: 'If you have questions, call us.',
    callToContinue: 'Call us to continue with your application.',
    closed: 'You do not need to do anything. If you have questions, or your situation changes, call us.',
  },
  closedMeans:
    'This means we have finished our work on your application in this county. If we told you we would send you something more, such as the court’s signed order, we will still send it.',
  contactOffice: (phone, email) =>
    [phone && `Phone: ${phone}`, email && `E-mail: ${email}`].filter(Boolean).join(' · '),
  statusPrivate:
    'Keep the link to this page private: anyone who has it can see where your application stands.',
  linkExpiredTitle: 'This link has expired',
  linkExpired: 'Links to an application stop working 90 days after its case closes.',
  linkUnknownTitle: 'This link does not work',
  linkUnknown:
    'The link may be incomplete or mistyped. Open it again from your message, or ask for a new one.',
  askForNew: 'Ask for a new link',
  expiredAsk: (office) =>
    `No new link is sent for a case closed that long ago. For questions about it, contact ${office}.`,
  newLinkTitle: 'Ask for a new link to your application',
  newLinkIntro:
    'Enter the e-mail address or phone number you gave in your application. If it matches an application, we will send a new link to it.',
  newLinkContact: 'E-mail address or phone number',
  newLinkContactHint: 'For example name@example.org or (555) 555-0123.',
  newLinkContactError: 'Enter an e-mail address like name@example.org, or a phone number with its area code.',
  newLinkErrorSummary: 'Please correct the following, then ask for the link again:',
  newLinkSubmit: 'Send me a new link',
  newLinkSentTitle: 'Request received',
  newLinkSent:
    'If that e-mail address or phone number is on an application to this office, and you chose to hear from us that way (by text message, for a phone number), we have sent a new link to it. We do not send links for an application closed more than 90 days ago. It can take a few minutes to arrive. If nothing arrives, call the office.',
  newLinkOfficeMissing: 'Open this page from the link in your message, which names the office.',
  newLinkChooseIntro:
    'Choose the office you applied to: its name is in the message we sent you. Then enter the e-mail address or phone number you gave in your application.',
  newLinkChooseOffice: 'Which office did you apply to?',
};

const SPANISH: PageText = {
  languageName: 'Español',
  switchTo: 'English',
  applyTitle: (office) => `Solicite a ${office} que le ayude a limpiar sus antecedentes`,
  applyIntro: [
    'Use este formulario para pedirnos ayuda para limpiar una condena de sus antecedentes penales en California: una anulación, una reducción u otro tipo de alivio. Es gratis.',
    'Le tomará unos 5 minutos. Solo le pedimos lo necesario para encontrar sus antecedentes y comunicarnos con usted. Por cada condado que atendemos, nos comunicaremos con usted en las próximas semanas.',
  ],
  requiredNote: 'Todas las preguntas son obligatorias, salvo las que dicen “opcional”.',
  optional: '(opcional)',
  errorTitlePrefix: 'Error:',
  errorSummary: 'Corrija lo siguiente y vuelva a enviar la solicitud:',
  nameLegend: 'Su nombre',
  legalName: 'Nombre legal completo',
  legalNameHint: 'Tal como aparece en su identificación.',
  otherNames: 'Otros nombres que ha usado',
  otherNamesHint:
    'Por ejemplo, su apellido de soltera, un apodo u otra forma de escribir su nombre. Un nombre por línea.',
  birthLegend: 'Fecha de nacimiento',
  birthHint: 'Por ejemplo: día 7, mes 3, año 1985.',
  birthMonth: 'Mes',
  birthDay: 'Día',
  birthYear: 'Año',
  contactLegend: 'Cómo comunicarnos con usted',
  contactHint: 'Denos al menos uno: un número de teléfono, un correo electrónico o una dirección postal.',
  phone: 'Número de teléfono',
  phoneHint: 'Con el código de área, por ejemplo (555) 555-0123.',
  email: 'Correo electrónico',
  consentToText: (office) =>
    `Acepto recibir mensajes de texto de ${office} sobre mi solicitud. Es posible que se apliquen tarifas por mensajes y datos.`,
  addressLegend: 'Dirección postal',
  addressHint: 'Donde podemos enviarle cartas. Déjela en blanco si no quiere recibir cartas.',
  addressLine1: 'Calle y número',
  addressLine2: 'Apartamento, oficina o unidad',
  city: 'Ciudad',
  state: 'Estado',
  stateHint: 'Su código de dos letras, por ejemplo CA, o NV para Nevada.',
  postalCode: 'Código postal',
  language: 'Idioma que prefiere',
  languageHint: 'Le escribimos en inglés o en español, y conseguimos un intérprete para otros idiomas.',
  languageNames: {
    en: 'Inglés (English)',
    es: 'Español',
    zh: 'Chino (中文)',
    vi: 'Vietnamita (Tiếng Việt)',
    ko: 'Coreano (한국어)',
    tl: 'Tagalo',
  },
  countiesLegend: 'Condados donde tiene condenas',
  countiesHint: 'Elija todos los condados donde tiene una condena que quiere limpiar.',
  countiesOurs: (office) => `Condados que atiende ${office}`,
  countiesOthers: 'Otros condados de California',
  countyName: (county) => `Condado de ${spanishCountyName(county)}`,
  servedBy: (office) => `Lo atiende ${office}: le enviaremos su solicitud a esa oficina.`,
  servedByNobody:
    'Ninguna de las oficinas que trabajan con nosotros atiende este condado: le diremos con quién comunicarse.',
  notes: 'Algo más que quiera decirnos',
  notesHint: 'Por ejemplo, la mejor hora para llamarle. Por favor, no describa su caso aquí.',
  honeypot: 'Deje este campo en blanco',
  submit: 'Enviar solicitud',
  privacy:
    'Usamos lo que escribe aquí solo para ayudarle con su solicitud. No lo compartimos, salvo con la oficina que atiende un condado que usted eligió.',
  receivedTitle: 'Recibimos su solicitud',
  receivedLead: (office) => `Gracias. ${office} recibió su solicitud.`,
  receivedOurs: (county) =>
    `Condado de ${spanishCountyName(county)}: revisaremos sus antecedentes en ese condado.`,
  receivedReferred: (county, office) =>
    `Condado de ${spanishCountyName(county)}: ${office} atiende este condado, y le enviamos su solicitud a esa oficina.`,
  receivedNobody: (county) =>
    `Condado de ${spanishCountyName(county)}: ninguna de las oficinas que trabajan con nosotros atiende este condado. Comuníquese con la defensoría pública del condado de ${spanishCountyName(county)}.`,
  changesNotAdded: (date, office, contact) =>
    `Usted ya había enviado este formulario el ${date}, y ${office} recibió su solicitud en esa fecha. Los cambios que acaba de hacer no se agregaron. Para corregir algo de su solicitud, comuníquese con ${office}${contact ? ` (${contact})` : ''}.`,
  confirmedBy: {
    email:
      'Le enviaremos un correo electrónico para confirmarlo, con un enlace privado donde puede ver en qué estado está su solicitud.',
    sms: 'Le enviaremos un mensaje de texto para confirmarlo, con un enlace privado donde puede ver en qué estado está su solicitud.',
    letter:
      'Le enviaremos una carta por correo postal para confirmarlo, con un enlace privado donde puede ver en qué estado está su solicitud.',
  },
  confirmedBefore: {
    email:
      'No le enviaremos otro correo electrónico. El correo que le enviamos cuando envió este formulario por primera vez tiene un enlace privado donde puede ver en qué estado está su solicitud.',
    sms: 'No le enviaremos otro mensaje de texto. El mensaje de texto que le enviamos cuando envió este formulario por primera vez tiene un enlace privado donde puede ver en qué estado está su solicitud.',
    letter:
      'No le enviaremos otra carta. La carta que le enviamos por correo postal cuando envió este formulario por primera vez tiene un enlace privado donde puede ver en qué estado está su solicitud.',
  },
  confirmedByNone: (office, anyOurs, contact) =>
    anyOurs
      ? `No tenemos forma de enviarle una confirmación. ${office} se comunicará con usted${contact ? `; también puede comunicarse con esa oficina (${contact})` : ''}.`
      : 'No tenemos forma de enviarle una confirmación. Para cada condado de arriba, comuníquese con la oficina o la defensoría pública que se indica.',
  tooMany:
    'Se enviaron demasiadas solicitudes desde esta conexión en la última hora. Vuelva a intentarlo más tarde o llame a la oficina.',
  typedKept: 'Lo que escribió sigue abajo: envíelo de nuevo más tarde.',
  tooManyLinkRequests:
    'Se pidieron demasiados enlaces nuevos desde esta conexión en la última hora. Vuelva a intentarlo más tarde o llame a la oficina.',
  tooManyUnknownLinks:
    'Se abrieron demasiados enlaces que no funcionan desde esta conexión en la última hora. Revise el enlace del mensaje que le enviamos o vuelva a intentarlo más tarde.',
  notFoundTitle: 'No encontramos la página',
  notFound: 'No hay ninguna oficina en esta dirección. Revise el enlace que siguió.',
  notOpenTitle: 'Todavía no se aceptan solicitudes en línea',
  notOpen: (office) =>
    `${office} todavía no acepta solicitudes en línea. Vuelva a esta página más adelante, o presente su solicitud a la oficina en persona o por teléfono.`,
  failedTitle: 'Hubo un problema',
  failed:
    'No pudimos guardar su solicitud por un problema de nuestro lado. Vuelva a intentarlo dentro de unos minutos.',
  linkRequestFailed:
    'No pudimos atender su pedido por un problema de nuestro lado. Vuelva a intentarlo dentro de unos minutos.',
  tooLongTitle: 'Su solicitud es demasiado larga',
  tooLong:
    'No pudimos recibirla: es más larga de lo que podemos aceptar. Acorte lo que escribió en “Algo más que quiera decirnos” o en “Otros nombres que ha usado” y vuelva a enviarla.',
  tooLongBack: 'Para conservar lo que escribió, use el botón Atrás de su navegador.',
  backToForm: 'Volver a la solicitud',
  unreadableTitle: 'No pudimos leer lo que se envió',
  unreadable: 'Vuelva a la página y envíelo de nuevo. Si vuelve a ocurrir, llame a la oficina.',
  notFromOurPageTitle: 'No aceptamos lo que se envió',
  notFromOurPage:
    'No llegó desde la página de este sitio, así que no se registró nada. Abra la página aquí y envíelo desde allí. Si vuelve a ocurrir, llame a la oficina.',
  chooseOfficeTitle: 'Solicite ayuda para limpiar sus antecedentes',
  chooseOffice: 'Elija la oficina a la que quiere presentar su solicitud:',
  backToPage: 'Volver a la página',
  statusTitle: (office) => `Su solicitud a ${office}`,
  statusLead: 'Este es el estado de su solicitud.',
  statusCounty: (county) => `Condado de ${spanishCountyName(county)}`,
  receivedOn: (date) => `Recibida el ${date}.`,
  stageHeading: 'En qué estado está',
  stages: {
    referral_received: 'Recibimos su solicitud. Una persona de nuestro equipo se comunicará con usted.',
    gathering_records: 'Estamos reuniendo los registros de la corte sobre su caso.',
    eligibility_review: 'Un abogado está revisando sus antecedentes para ver cómo podemos ayudarle.',
    petitions_to_file: 'Estamos preparando los documentos para presentarlos ante la corte.',
    awaiting_decision: 'Presentamos sus documentos ante la corte. Estamos esperando la decisión de la corte.',
    outcome_to_send: 'La corte ya tomó una decisión. Le escribiremos con los detalles.',
    closed: 'Su caso está cerrado.',
    not_eligible: 'Terminamos de revisar sus antecedentes. Le escribiremos, o puede llamarnos.',
    referred_out: 'Otra oficina atiende este condado.',
    withdrawn: 'Esta solicitud fue retirada.',
    unable_to_reach: 'No pudimos comunicarnos con usted. Llámenos para continuar.',
  },
  awaitingDecisionFor: (petitions) =>
    petitions > 1
      ? `Presentamos ${petitions} peticiones por usted. Estamos esperando las decisiones de la corte.`
      : 'Presentamos su petición. Estamos esperando la decisión de la corte.',
  nothingBeforeCourt:
    'Presentamos una petición por usted, y ahora la corte no tiene ninguna solicitud suya pendiente. Nos comunicaremos con usted sobre los próximos pasos.',
  referredTo: (office) => `Le enviamos su solicitud a ${office}, que atiende este condado.`,
  notPassedOn: (office) =>
    `${office} atiende este condado. Comuníquese con esa oficina para pedir ayuda allí.`,
  referredFromOwnCounty:
    'No podemos atender esta solicitud nosotros mismos. Llámenos y le diremos con quién comunicarse.',
  referredToNobody: (county) =>
    `Ninguna de las oficinas que trabajan con nosotros atiende este condado. Comuníquese con la defensoría pública del condado de ${spanishCountyName(county)}.`,
  askedHeading: 'Lo que le pedimos',
  askedNone: 'No le hemos pedido nada.',
  // Each item is a document of either gender (cartas, registros): said of "este documento", or of
  // "estos documentos" for an item of several.
  missing: (due, plural) =>
    plural
      ? `Pendientes. Envíenos estos documentos a más tardar el ${due}.`
      : `Pendiente. Envíenos este documento a más tardar el ${due}.`,
  missingLate: (due, plural) =>
    plural
      ? `Pendientes. Debían llegar el ${due}: envíenos estos documentos lo antes posible.`
      : `Pendiente. Debía llegar el ${due}: envíenos este documento lo antes posible.`,
  notReceived: 'Sin recibir.',
  arrived: (plural) =>
    plural ? 'Recibimos estos documentos. Gracias.' : 'Recibimos este documento. Gracias.',
  documents: {
    rap_sheet: 'Su registro de antecedentes penales del Departamento de Justicia de California',
    court_docket: 'Los registros de la corte sobre su caso',
    probation_proof: 'Un comprobante de que terminó su libertad condicional',
    payment_proof: 'Un comprobante de que pagó sus multas o cuotas',
    photo_id: 'Una identificación con foto',
    declaration_mc031: 'Una declaración firmada (formulario MC-031)',
    letter_of_support: 'Cartas de apoyo',
    fee_waiver: 'Una solicitud de exención de las cuotas de la corte (formulario FW-001)',
    signed_order: 'La orden firmada por la corte',
    updated_rap_sheet:
      'Un registro actualizado de sus antecedentes penales del Departamento de Justicia de California',
    other: 'Otro documento (llámenos para saber cuál)',
  },
  latestHeading: 'Nuestro último aviso',
  decisionNews:
    'Tenemos noticias de la corte sobre su petición. La decisión de la corte se la comunicamos nosotros mismos, nunca en esta página. Si no ha tenido noticias nuestras, llámenos.',
  nextHeading: (count) => (count > 1 ? 'Próximos pasos' : 'Próximo paso'),
  nextDefault: {
    waiting: 'Por ahora no tiene que hacer nada. Nos comunicaremos con usted.',
    sendMissing: 'Envíenos lo que todavía falta.',
    questions: 'Si tiene preguntas, llámenos.',
    callToContinue: 'Llámenos para continuar con su solicitud.',
    closed: 'No tiene que hacer nada. Si tiene preguntas, o si cambia su situación, llámenos.',
  },
  closedMeans:
    'Esto significa que terminamos nuestro trabajo con su solicitud en este condado. Si le dijimos que le enviaríamos algo más, como la orden firmada por la corte, se lo enviaremos de todos modos.',
  contactOffice: (phone, email) =>
    [phone && `Teléfono: ${phone}`, email && `Correo electrónico: ${email}`].filter(Boolean).join(' · '),
  statusPrivate:
    'No comparta el enlace a esta página: cualquier persona que lo tenga puede ver en qué estado está su solicitud.',
  linkExpiredTitle: 'Este enlace ya no funciona',
  linkExpired: 'Los enlaces a una solicitud dejan de funcionar 90 días después de que se cierra su caso.',
  linkUnknownTitle: 'Este enlace no funciona',
  linkUnknown:
    'Es posible que el enlace esté incompleto o mal escrito. Ábralo de nuevo desde su mensaje, o pida uno nuevo.',
  askForNew: 'Pedir un nuevo enlace',
  expiredAsk: (office) =>
    `No se envían enlaces nuevos para un caso cerrado hace tanto tiempo. Si tiene preguntas sobre su caso, comuníquese con ${office}.`,
  newLinkTitle: 'Pida un nuevo enlace a su solicitud',
  newLinkIntro:
    'Escriba el correo electrónico o el número de teléfono que nos dio en su solicitud. Si coincide con una solicitud, le enviaremos un nuevo enlace.',
  newLinkContact: 'Correo electrónico o número de teléfono',
  newLinkContactHint: 'Por ejemplo, nombre@ejemplo.org o (555) 555-0123.',
  newLinkContactError:
    'Escriba un correo electrónico como nombre@ejemplo.org, o un número de teléfono con su código de área.',
  newLinkErrorSummary: 'Corrija lo siguiente y vuelva a pedir el enlace:',
  newLinkSubmit: 'Envíenme un nuevo enlace',
  newLinkSentTitle: 'Recibimos su pedido',
  newLinkSent:
    'Si ese correo electrónico o número de teléfono aparece en una solicitud a esta oficina, y usted eligió que nos comuniquemos por ese medio (por mensaje de texto, si es un número de teléfono), le enviamos un nuevo enlace. No enviamos enlaces de una solicitud que se cerró hace más de 90 días. Puede tardar unos minutos en llegar. Si no le llega nada, llame a la oficina.',
  newLinkOfficeMissing: 'Abra esta página desde el enlace de su mensaje, que indica la oficina.',
  newLinkChooseIntro:
    'Elija la oficina a la que presentó su solicitud: su nombre aparece en el mensaje que le enviamos. Después escriba el correo electrónico o el número de teléfono que nos dio en su solicitud.',
  newLinkChooseOffice: '¿A qué oficina presentó su solicitud?',
};

/** The items that name several documents: the lines about them say "them", "estos documentos". */
export const PLURAL_DOCUMENTS: ReadonlySet<DocumentKind> = new Set<DocumentKind>([
  'court_docket',
  'letter_of_support',
]);

export const PAGE_TEXT: Record<ApplicationLanguage, PageText> = { en: ENGLISH, es: SPANISH };
