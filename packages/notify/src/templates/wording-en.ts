// English wording for client updates: plain language, short sentences, no legal jargon left unexplained.
import type { LanguagePack } from './language-pack.ts';

export const ENGLISH: LanguagePack = {
  status: {
    in_review: {
      subject: 'We are reviewing your record',
      body: `Dear {clientName},

Thank you for contacting {officeName} about clearing your record. We have your request, and our team is now reviewing your record in {county} County. This can take several weeks. We will contact you when we know more.

{nextSteps}

If your phone number, e-mail or address changes, please {reachUsAll}.`,
      sms: '{officeName}: Hello {clientName}, we are reviewing your record and will contact you when we know more. Questions? {reachUs}.',
    },
    eligible: {
      subject: 'Good news: you may be able to clear your record',
      body: `Dear {clientName},

Good news: after reviewing your record, we believe you qualify to ask the court in {county} County to clear one or more of your convictions. Our office takes care of the paperwork with the court for you.

{nextSteps}

If you have questions, {reachUsAll}.`,
      sms: '{officeName}: Good news, {clientName}. You may be able to clear your record. {nextSteps} Questions? {reachUs}.',
    },
    arrest_sealable: {
      subject: 'Good news: you may be able to seal an arrest',
      body: `Dear {clientName},

Good news: after reviewing your record in {county} County, we believe you qualify to ask the court to seal the record of one or more of your arrests that did not end in a conviction. Our office takes care of the paperwork with the court for you.

{nextSteps}

If you have questions, {reachUsAll}.`,
      sms: '{officeName}: Good news, {clientName}. You may be able to seal an arrest on your record. {nextSteps} Questions? {reachUs}.',
    },
    not_eligible: {
      subject: 'About your request to clear your record',
      body: `Dear {clientName},

Thank you for your patience. After reviewing your record in {county} County, we found that, under the law as it is today, you do not qualify to clear your convictions at this time. We know this is not the news you hoped for.

Laws change, and so do people's situations.

{nextSteps}

If you have questions, or think we are missing information, please {reachUs}.`,
      sms: '{officeName}: {clientName}, we reviewed your record and found that you do not qualify to clear it at this time. Please {reachUs} to talk about your options.',
    },
    no_convictions_found: {
      subject: 'We found no convictions to clear',
      body: `Dear {clientName},

We reviewed your record in {county} County and did not find any convictions that our office can help you clear.

If you believe you have a conviction we did not find, for example in another county or under another name, please {reachUs} so we can look again.

{nextSteps}`,
      sms: '{officeName}: {clientName}, we did not find any convictions on your record that we need to clear. If you think we missed one, please {reachUs}.',
    },
    cant_proceed: {
      subject: 'We need to pause your request',
      body: `Dear {clientName},

We cannot move forward with your request to clear your record right now. {reason}

{nextSteps}

If you have questions, please {reachUs}.`,
      sms: '{officeName}: {clientName}, we cannot move forward with your request right now. Please {reachUs} so we can explain what is needed.',
    },
    court_date_set: {
      subject: 'Your court date: {courtDate}',
      body: `Dear {clientName},

The court in {county} County has set a hearing on your petition for {courtDate}.

An attorney from our office will attend the hearing for you. You do not need to go to court unless we tell you otherwise.

{nextSteps}

If you have questions, {reachUs}.`,
      sms: '{officeName}: {clientName}, the court set your hearing for {courtDate}. An attorney from our office will attend; you do not need to go. Questions? {reachUs}.',
    },
    granted: {
      subject: 'The court granted your petition',
      body: `Dear {clientName},

Good news: the court in {county} County granted your petition. {signedOrder}

{nextSteps}

If you have questions about what this means for jobs, housing or licenses, {reachUs}.`,
      sms: '{officeName}: Good news, {clientName}! The court granted your petition. {signedOrder} Questions? {reachUs}.',
    },
    denied: {
      subject: "The court's decision on your petition",
      body: `Dear {clientName},

The court in {county} County denied your petition. We know this is disappointing. A denial is not always the end: depending on the reasons, you may be able to apply again later.

{nextSteps}

Please {reachUs} so we can talk about your options.`,
      sms: '{officeName}: {clientName}, the court has made a decision on your petition. Please {reachUs} so we can explain it and your options.',
    },
    transferred: {
      subject: 'Your {county} County case has moved to another office',
      body: `Dear {clientName},

{transfer}

If you have questions, {reachUs}.`,
      sms: '{officeName}: Hello {clientName}. {transfer} Questions? {reachUs}.',
    },
  },
  grantedOrder: {
    awaited:
      'We have asked the court for the signed order, and we will send you a copy when we receive it. Please keep it in a safe place; it is your proof of what the court granted.',
    onRequest:
      "The court's signed order is your proof of what the court granted. If you need a copy, {reachUs}.",
    smsAwaited: 'We will send you the signed order when we receive it.',
    awaitedSeveral:
      'We have asked the court for the signed orders, and we will send you a copy of each when we receive it. Please keep them in a safe place; they are your proof of what the court granted.',
    smsAwaitedSeveral: 'We will send you the signed orders when we receive them.',
  },
  transfer: {
    passedOn:
      'Your request to clear your record in {county} County has been transferred to {receivingOffice}, which serves that county. That office will contact you about it. You do not need to apply again.',
    passedOnUnnamed:
      'Your request to clear your record in {county} County has been transferred to another office that serves that county. That office will contact you about it. You do not need to apply again.',
    staysOne: 'Your request in {counties} County stays with our office.',
    staysMany: 'Your requests in {counties} counties stay with our office.',
    smsPassedOn: 'Your {county} County case has moved to {receivingOffice}, which will contact you.',
    smsPassedOnUnnamed:
      'Your {county} County case has moved to another office, which serves that county and will contact you.',
    smsStaysOne: 'Your {counties} County case stays with us.',
    smsStaysMany: 'Your cases in {counties} counties stay with us.',
    list: (names) =>
      names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`,
  },
  cantProceedReasons: {
    on_probation:
      // The desk records one fact for probation, parole, PRCS and mandatory supervision: said as such.
      'You are still on probation or under other supervision, such as parole. Most ways to clear a record are open only after it ends; probation can sometimes be ended early if the court agrees.',
    fees_owed:
      "The court's records show fines, fees or other amounts that are still owed, and we need to resolve this before we can continue.",
    need_more_info:
      'We need more information from you before we can continue, such as documents or details about your case.',
    victim_restitution:
      "The court's records show victim restitution that is still owed, and we need to resolve this before we can continue.",
    // The update has just said it cannot move forward for now: the reason says only why.
    other: 'The reason is something outside our control.',
  },
  nextSteps: {
    submit_personal_statement: {
      full: 'Write a personal statement: a short letter to the judge, in your own words, about your life today (your work, family, studies, treatment or volunteer work) and why clearing your record matters to you. Send it to us; we can help you write it.',
      short: 'send us your personal statement',
    },
    submit_letters: {
      full: 'Ask people who know your life today, such as an employer, teacher, pastor, counselor or community leader, to write letters of recommendation for you. Send the letters to us.',
      short: 'send us letters of recommendation',
    },
    wait_for_court_date: {
      full: 'Wait for the court to set a hearing date. We will tell you the date as soon as we know it.',
      short: 'wait for a court date',
    },
    wait_for_decision: {
      // Conditional: a court may rule on the papers, or have held its hearing already.
      full: "Wait for the court's decision. If the court holds a hearing, an attorney from our office will go to the hearing for you; you do not need to go to court unless we tell you otherwise. We will tell you the result.",
      short: "wait for the court's decision (you do not need to go to court unless we tell you)",
    },
    contact_us: {
      full: '{reachUsAll}.',
      short: 'contact us',
    },
    apply_again_later: {
      full: 'You may be able to apply again later, for example when your probation ends or your court fees are paid. Contact us when your situation changes.',
      short: 'apply again later',
    },
  },
  hearingSetSteps: {
    // The update has just said the hearing is set and who attends it: the step says only what is left.
    wait_for_decision: {
      full: "Wait for the court's decision after the hearing. We will tell you the result.",
      short: "wait for the court's decision",
    },
  },
  nextStepsHeading: 'What happens next:',
  reachUs: {
    both: 'call us at {officePhone} or write to us at {officeEmail}',
    phone: 'call us at {officePhone}',
    email: 'write to us at {officeEmail}',
    neither: 'contact {officeName}',
  },
  smsNextStepsPrefix: 'Next:',
  emailSignature: `Sincerely,
{officeName}
{officeAddress}
{officePhone}
{officeEmail}`,
  outcome: {
    subject: 'An update on your petition',
    subjectMany: 'An update on your requests to the court',
    introOne: `Dear {clientName},

Here is where your request to the court stands:`,
    introMany: `Dear {clientName},

Here is where your requests to the court stand, one by one:`,
    conviction: (code, section, caseNumber, convictedOn) =>
      `${code} ${section}, case ${caseNumber}${convictedOn ? `, convicted ${convictedOn}` : ''}`,
    nthOf: (n, of) => `(${n} of ${of})`,
    arrest: (code, section, arrestDate) => `Arrest of ${arrestDate} (${code} ${section})`,
    inCounty: (county) => `${county} County`,
    request: (remedy) => `Request: ${remedy}.`,
    remedies: {
      'pc1203.4': 'dismissal under Penal Code 1203.4',
      'pc1203.4a': 'dismissal under Penal Code 1203.4a',
      'pc1203.41': 'dismissal under Penal Code 1203.41',
      'pc1203.42': 'dismissal under Penal Code 1203.42',
      'pc1203.43': 'withdrawal of the plea under Penal Code 1203.43',
      pc17b: 'reduction to a misdemeanor under Penal Code 17(b)',
      prop47: 'reduction to a misdemeanor under Proposition 47 (Penal Code 1170.18)',
      prop64: 'relief under Proposition 64 (Health and Safety Code 11361.8)',
      'pc1203.425': 'automatic relief under Penal Code 1203.425',
      'pc851.91': 'sealing of the arrest record under Penal Code 851.91',
      'pc851.93': 'automatic arrest record relief under Penal Code 851.93',
      'pc851.8': 'a finding of factual innocence under Penal Code 851.8',
      'pc1203.49': 'relief for victims of human trafficking under Penal Code 1203.49',
      'pc236.14': 'vacatur for victims of human trafficking under Penal Code 236.14',
      pc4852: 'a certificate of rehabilitation under Penal Code 4852.01',
    },
    decision: {
      granted: 'Decision: granted.',
      denied: 'Decision: denied.',
      continued: 'Decision: postponed to a later hearing.',
      withdrawn: 'Decision: none; this request was withdrawn.',
    },
    meaning: {
      granted: 'What this means: the court granted this request for this conviction.',
      denied:
        'What this means: the court did not grant this request for this conviction. You may be able to apply again later; call us to talk about your options.',
      continued:
        'What this means: the court will decide later. An attorney from our office will attend; you do not need to go to court. We will tell you the result.',
      withdrawn:
        'What this means: the court made no decision on this request. Call us if you have questions.',
    },
    arrestMeaning: {
      granted: 'What this means: the court granted this request for this arrest.',
      denied:
        'What this means: the court did not grant this request for this arrest. You may be able to apply again later; call us to talk about your options.',
      continued:
        'What this means: the court will decide later. An attorney from our office will attend; you do not need to go to court. We will tell you the result.',
      withdrawn:
        'What this means: the court made no decision on this request. Call us if you have questions.',
    },
    continuedTo: 'Decision: postponed to a hearing on {hearingDate}.',
    orders: {
      attachedOne:
        "The court's signed order is attached to this e-mail. It shows exactly what the court decided.",
      attachedMany:
        "The court's {count} signed orders are attached to this e-mail. They show exactly what the court decided.",
      enclosedOne:
        "The court's signed order is enclosed with this letter. It shows exactly what the court decided.",
      enclosedMany:
        "The court's {count} signed orders are enclosed with this letter. They show exactly what the court decided.",
      awaited: "We do not have the court's signed order yet. We will send you a copy when we receive it.",
      awaitedMany:
        "We do not have the court's {count} signed orders yet. We will send you a copy of each when we receive it.",
      awaitedMore:
        'We have asked the court for another signed order that we do not have yet. We will send you a copy when we receive it.',
      awaitedMoreMany:
        'We have asked the court for {count} more signed orders that we do not have yet. We will send you a copy of each when we receive it.',
      notOnFile: "If you need a copy of the court's signed order, {reachUs}.",
      keepSafeOne:
        'Keep the signed order in a safe place. You may need to show it to an employer, a landlord or a licensing agency.',
      keepSafeMany:
        'Keep the signed orders in a safe place. You may need to show them to an employer, a landlord or a licensing agency.',
    },
    closing: 'If you have questions, {reachUs}.',
    sms: '{officeName}: {clientName}, there is an update on your petition. Please {reachUs} for the details.',
    smsMany:
      '{officeName}: {clientName}, there is an update on your requests to the court. Please {reachUs} for the details.',
  },
  smsCallOffice: 'For details, please call our office at {officePhone}.',
  smsCallOfficeNoPhone: 'For details, please call our office.',
  letterClosing: 'Sincerely,',
  signerTitles: {
    intake: 'Intake specialist',
    attorney: 'Attorney',
    supervisor: 'Supervisor',
    admin: 'Administrator',
  },
  letterEnclosures: 'Enclosures:',
  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  formatDate: (day, month, year) => `${month} ${day}, ${year}`,
};
