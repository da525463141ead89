// Spanish wording for client updates: plain, natural Spanish for Californian clients, formal "usted".
// Court terms follow the California courts' usage ("la corte", "audiencia", "libertad condicional").
import { type Code, spanishCountyName } from '@relief-desk/domain';
import type { LanguagePack } from './language-pack.ts';

/**
 * Each code the desk knows by its Spanish name: a Spanish reader does not know "VC" or "HS". A code
 * not listed (typed otherwise) keeps its abbreviation rather than be guessed at.
 */
export const SPANISH_CODE_NAMES: Record<Code, string> = {
  PC: 'Código Penal',
  HS: 'Código de Salud y Seguridad',
  VC: 'Código de Vehículos',
  BP: 'Código de Negocios y Profesiones',
  WI: 'Código de Bienestar e Instituciones',
  FG: 'Código de Pesca y Caza',
  GC: 'Código de Gobierno',
  CC: 'Código Civil',
};

const codeName = (code: string): string =>
  (SPANISH_CODE_NAMES as Record<string, string | undefined>)[code.trim().toUpperCase()] ?? code;

export const SPANISH: LanguagePack = {
  status: {
    in_review: {
      subject: 'Estamos revisando sus antecedentes',
      body: `Estimado/a {clientName}:

Gracias por comunicarse con {officeName} para limpiar sus antecedentes penales. Recibimos su solicitud y nuestro equipo está revisando sus antecedentes en el condado de {county}. Esto puede tardar varias semanas. Nos comunicaremos con usted cuando tengamos más información.

{nextSteps}

Si cambia su número de teléfono, su correo electrónico o su dirección, {reachUsAll}.`,
      sms: '{officeName}: Hola, {clientName}. Estamos revisando sus antecedentes y le avisaremos cuando tengamos más información. ¿Preguntas? {reachUs}.',
    },
    eligible: {
      subject: 'Buenas noticias: es posible que pueda limpiar sus antecedentes',
      body: `Estimado/a {clientName}:

Buenas noticias: después de revisar sus antecedentes, creemos que usted cumple los requisitos para pedirle a la corte del condado de {county} que limpie una o más de sus condenas. Nuestra oficina se encarga de los trámites ante la corte por usted.

{nextSteps}

Si tiene preguntas, {reachUsAll}.`,
      sms: '{officeName}: Buenas noticias, {clientName}. Es posible que pueda limpiar sus antecedentes. {nextSteps} ¿Preguntas? {reachUs}.',
    },
    arrest_sealable: {
      subject: 'Buenas noticias: es posible que pueda sellar un arresto',
      body: `Estimado/a {clientName}:

Buenas noticias: después de revisar sus antecedentes en el condado de {county}, creemos que usted cumple los requisitos para pedirle a la corte que selle el registro de uno o más de sus arrestos que no terminaron en una condena. Nuestra oficina se encarga de los trámites ante la corte por usted.

{nextSteps}

Si tiene preguntas, {reachUsAll}.`,
      sms: '{officeName}: Buenas noticias, {clientName}. Es posible que pueda sellar un arresto de sus antecedentes. {nextSteps} ¿Preguntas? {reachUs}.',
    },
    not_eligible: {
      subject: 'Sobre su solicitud para limpiar sus antecedentes',
      body: `Estimado/a {clientName}:

Gracias por su paciencia. Después de revisar sus antecedentes en el condado de {county}, encontramos que, según la ley actual, por ahora usted no cumple los requisitos para limpiar sus condenas. Sabemos que no es la noticia que esperaba.

Las leyes cambian, y también la situación de cada persona.

{nextSteps}

Si tiene preguntas o cree que nos falta información, {reachUs}.`,
      sms: '{officeName}: {clientName}, revisamos sus antecedentes y, por ahora, no cumple los requisitos para limpiarlos. {reachUs} para hablar de sus opciones.',
    },
    no_convictions_found: {
      subject: 'No encontramos condenas que limpiar',
      body: `Estimado/a {clientName}:

Revisamos sus antecedentes en el condado de {county} y no encontramos condenas que nuestra oficina pueda ayudarle a limpiar.

Si usted cree que tiene una condena que no encontramos, por ejemplo en otro condado o con otro nombre, {reachUs} para que podamos buscar de nuevo.

{nextSteps}`,
      sms: '{officeName}: {clientName}, no encontramos condenas que debamos limpiar en sus antecedentes. Si cree que falta alguna, {reachUs}.',
    },
    cant_proceed: {
      subject: 'Necesitamos pausar su solicitud',
      body: `Estimado/a {clientName}:

Por ahora no podemos seguir adelante con su solicitud para limpiar sus antecedentes. {reason}

{nextSteps}

Si tiene preguntas, {reachUs}.`,
      sms: '{officeName}: {clientName}, por ahora no podemos seguir adelante con su solicitud. {reachUs} para explicarle lo que se necesita.',
    },
    court_date_set: {
      subject: 'Fecha de su audiencia: {courtDate}',
      body: `Estimado/a {clientName}:

La corte del condado de {county} fijó una audiencia sobre su petición para el {courtDate}.

Un abogado de nuestra oficina asistirá a la audiencia en su nombre. Usted no necesita ir a la corte, a menos que le indiquemos lo contrario.

{nextSteps}

Si tiene preguntas, {reachUs}.`,
      sms: '{officeName}: {clientName}, la corte fijó su audiencia para el {courtDate}. Un abogado de nuestra oficina asistirá; usted no necesita ir. ¿Preguntas? {reachUs}.',
    },
    granted: {
      subject: 'La corte aprobó su petición',
      body: `Estimado/a {clientName}:

Buenas noticias: la corte del condado de {county} aprobó su petición. {signedOrder}

{nextSteps}

Si tiene preguntas sobre lo que esto significa para el empleo, la vivienda o las licencias, {reachUs}.`,
      sms: '{officeName}: ¡Buenas noticias, {clientName}! La corte aprobó su petición. {signedOrder} ¿Preguntas? {reachUs}.',
    },
    denied: {
      subject: 'La decisión de la corte sobre su petición',
      body: `Estimado/a {clientName}:

La corte del condado de {county} negó su petición. Sabemos que es una noticia difícil. Una negativa no siempre es definitiva: según los motivos, es posible que pueda volver a solicitarlo más adelante.

{nextSteps}

{reachUs} para hablar de sus opciones.`,
      sms: '{officeName}: {clientName}, la corte ya tomó una decisión sobre su petición. {reachUs} para que le expliquemos la decisión y sus opciones.',
    },
    transferred: {
      subject: 'Su caso del condado de {county} pasó a otra oficina',
      body: `Estimado/a {clientName}:

{transfer}

Si tiene preguntas, {reachUs}.`,
      sms: '{officeName}: Hola, {clientName}. {transfer} ¿Preguntas? {reachUs}.',
    },
  },
  grantedOrder: {
    awaited:
      'Pedimos a la corte la orden firmada y le enviaremos una copia cuando la recibamos. Guárdela en un lugar seguro; es la prueba de lo que la corte le concedió.',
    onRequest:
      'La orden firmada por la corte es la prueba de lo que la corte le concedió. Si necesita una copia, {reachUs}.',
    smsAwaited: 'Le enviaremos la orden firmada cuando la recibamos.',
    awaitedSeveral:
      'Pedimos a la corte las órdenes firmadas y le enviaremos una copia de cada una cuando la recibamos. Guárdelas en un lugar seguro; son la prueba de lo que la corte le concedió.',
    smsAwaitedSeveral: 'Le enviaremos las órdenes firmadas cuando las recibamos.',
  },
  transfer: {
    passedOn:
      'Su solicitud para limpiar sus antecedentes en el condado de {county} fue transferida a {receivingOffice}, que atiende ese condado. Esa oficina se comunicará con usted sobre esa solicitud. No necesita presentar una nueva solicitud.',
    passedOnUnnamed:
      'Su solicitud para limpiar sus antecedentes en el condado de {county} fue transferida a otra oficina que atiende ese condado. Esa oficina se comunicará con usted sobre esa solicitud. No necesita presentar una nueva solicitud.',
    staysOne: 'Su solicitud en el condado de {counties} sigue a cargo de nuestra oficina.',
    staysMany: 'Sus solicitudes en los condados de {counties} siguen a cargo de nuestra oficina.',
    smsPassedOn: 'Su caso del condado de {county} pasó a {receivingOffice}, que se comunicará con usted.',
    smsPassedOnUnnamed:
      'Su caso del condado de {county} pasó a otra oficina, que atiende ese condado y se comunicará con usted.',
    smsStaysOne: 'Su caso del condado de {counties} sigue con nosotros.',
    smsStaysMany: 'Sus casos de los condados de {counties} siguen con nosotros.',
    // "y" becomes "e" before a word that begins with the sound i ("Fresno e Imperial").
    list: (names) => {
      const last = names.at(-1) ?? '';
      if (names.length < 2) return last;
      const and = /^h?i(?![aeiouáéíóú])/i.test(last) ? 'e' : 'y';
      return `${names.slice(0, -1).join(', ')} ${and} ${last}`;
    },
  },
  cantProceedReasons: {
    on_probation:
      'Usted todavía está en libertad condicional o bajo otra supervisión, como la libertad bajo palabra. La mayoría de las formas de limpiar los antecedentes solo son posibles cuando esta termina; a veces la corte acepta terminar antes la libertad condicional.',
    fees_owed:
      'Los registros de la corte indican que todavía debe multas, cuotas u otros montos, y necesitamos resolver esto antes de continuar.',
    need_more_info:
      'Necesitamos más información suya antes de continuar, como documentos o datos sobre su caso.',
    victim_restitution:
      'Los registros de la corte indican que todavía debe restitución a la víctima, y necesitamos resolver esto antes de continuar.',
    // The update has just said it cannot go on for now ("por ahora"): the reason says only why.
    other: 'El motivo es algo que está fuera de nuestro control.',
  },
  nextSteps: {
    submit_personal_statement: {
      full: 'Escriba una declaración personal: una carta breve para el juez, con sus propias palabras, sobre su vida actual (su trabajo, su familia, sus estudios, su tratamiento o su trabajo voluntario) y por qué es importante para usted limpiar sus antecedentes. Envíenosla; podemos ayudarle a escribirla.',
      short: 'envíenos su declaración personal',
    },
    submit_letters: {
      full: 'Pida cartas de recomendación a personas que conozcan bien su vida actual, por ejemplo su empleador, un maestro, un pastor, un consejero o un líder de su comunidad. Envíenos esas cartas.',
      short: 'envíenos cartas de recomendación',
    },
    wait_for_court_date: {
      full: 'Espere a que la corte fije la fecha de la audiencia. Le avisaremos en cuanto la sepamos.',
      short: 'espere la fecha de la audiencia',
    },
    wait_for_decision: {
      full: 'Espere la decisión de la corte. Si la corte celebra una audiencia, un abogado de nuestra oficina irá a la audiencia en su nombre; usted no necesita ir a la corte, a menos que le indiquemos lo contrario. Le comunicaremos el resultado.',
      short:
        'espere la decisión de la corte (no necesita ir a la corte, salvo que le indiquemos lo contrario)',
    },
    contact_us: {
      full: '{reachUsAll}.',
      short: 'comuníquese con nosotros',
    },
    apply_again_later: {
      full: 'Es posible que pueda volver a solicitarlo más adelante, por ejemplo cuando termine su libertad condicional o cuando haya pagado las multas y cuotas de la corte. Avísenos cuando cambie su situación.',
      short: 'vuelva a solicitarlo más adelante',
    },
  },
  hearingSetSteps: {
    wait_for_decision: {
      full: 'Espere la decisión de la corte después de la audiencia. Le comunicaremos el resultado.',
      short: 'espere la decisión de la corte',
    },
  },
  nextStepsHeading: 'Próximos pasos:',
  reachUs: {
    both: 'llámenos al {officePhone} o escríbanos a {officeEmail}',
    phone: 'llámenos al {officePhone}',
    email: 'escríbanos a {officeEmail}',
    neither: 'comuníquese con {officeName}',
  },
  smsNextStepsPrefix: 'Próximos pasos:',
  emailSignature: `Atentamente,
{officeName}
{officeAddress}
{officePhone}
{officeEmail}`,
  outcome: {
    subject: 'Novedades sobre su petición',
    subjectMany: 'Novedades sobre sus solicitudes ante la corte',
    introOne: `Estimado/a {clientName}:

Esta es la situación de su solicitud ante la corte:`,
    introMany: `Estimado/a {clientName}:

Esta es la situación de sus solicitudes ante la corte, una por una:`,
    conviction: (code, section, caseNumber, convictedOn) =>
      `${codeName(code)} ${section}, caso ${caseNumber}${convictedOn ? `, condena del ${convictedOn}` : ''}`,
    nthOf: (n, of) => `(${n} de ${of})`,
    arrest: (code, section, arrestDate) => `Arresto del ${arrestDate} (${codeName(code)} ${section})`,
    inCounty: (county) => `condado de ${spanishCountyName(county)}`,
    request: (remedy) => `Solicitud: ${remedy}.`,
    remedies: {
      'pc1203.4': 'desestimación según el Código Penal 1203.4',
      'pc1203.4a': 'desestimación según el Código Penal 1203.4a',
      'pc1203.41': 'desestimación según el Código Penal 1203.41',
      'pc1203.42': 'desestimación según el Código Penal 1203.42',
      'pc1203.43': 'retiro de la declaración de culpabilidad según el Código Penal 1203.43',
      pc17b: 'reducción a delito menor según el Código Penal 17(b)',
      prop47: 'reducción a delito menor según la Proposición 47 (Código Penal 1170.18)',
      prop64: 'alivio según la Proposición 64 (Código de Salud y Seguridad 11361.8)',
      'pc1203.425': 'alivio automático según el Código Penal 1203.425',
      'pc851.91': 'sellado del registro de arresto según el Código Penal 851.91',
      'pc851.93': 'alivio automático del registro de arresto según el Código Penal 851.93',
      'pc851.8': 'una declaración de inocencia de hecho según el Código Penal 851.8',
      'pc1203.49': 'alivio para víctimas de trata de personas según el Código Penal 1203.49',
      'pc236.14': 'anulación para víctimas de trata de personas según el Código Penal 236.14',
      pc4852: 'un certificado de rehabilitación según el Código Penal 4852.01',
    },
    decision: {
      granted: 'Decisión: aprobada.',
      denied: 'Decisión: negada.',
      continued: 'Decisión: aplazada para una audiencia posterior.',
      withdrawn: 'Decisión: ninguna; se retiró esta solicitud.',
    },
    meaning: {
      granted: 'Qué significa: la corte aprobó esta solicitud para esta condena.',
      denied:
        'Qué significa: la corte no aprobó esta solicitud para esta condena. Es posible que pueda volver a solicitarlo más adelante; llámenos para hablar de sus opciones.',
      continued:
        'Qué significa: la corte decidirá más adelante. Un abogado de nuestra oficina asistirá; usted no necesita ir a la corte. Le comunicaremos el resultado.',
      withdrawn:
        'Qué significa: la corte no tomó ninguna decisión sobre esta solicitud. Llámenos si tiene preguntas.',
    },
    arrestMeaning: {
      granted: 'Qué significa: la corte aprobó esta solicitud para este arresto.',
      denied:
        'Qué significa: la corte no aprobó esta solicitud para este arresto. Es posible que pueda volver a solicitarlo más adelante; llámenos para hablar de sus opciones.',
      continued:
        'Qué significa: la corte decidirá más adelante. Un abogado de nuestra oficina asistirá; usted no necesita ir a la corte. Le comunicaremos el resultado.',
      withdrawn:
        'Qué significa: la corte no tomó ninguna decisión sobre esta solicitud. Llámenos si tiene preguntas.',
    },
    continuedTo: 'Decisión: aplazada para una audiencia el {hearingDate}.',
    orders: {
      attachedOne:
        'Adjuntamos a este correo electrónico la orden firmada por la corte. En ella consta exactamente lo que la corte decidió.',
      attachedMany:
        'Adjuntamos a este correo electrónico las {count} órdenes firmadas por la corte. En ellas consta exactamente lo que la corte decidió.',
      enclosedOne:
        'Incluimos con esta carta la orden firmada por la corte. En ella consta exactamente lo que la corte decidió.',
      enclosedMany:
        'Incluimos con esta carta las {count} órdenes firmadas por la corte. En ellas consta exactamente lo que la corte decidió.',
      awaited:
        'Todavía no tenemos la orden firmada por la corte. Le enviaremos una copia cuando la recibamos.',
      awaitedMany:
        'Todavía no tenemos las {count} órdenes firmadas por la corte. Le enviaremos una copia de cada una cuando la recibamos.',
      awaitedMore:
        'Pedimos a la corte otra orden firmada que todavía no tenemos. Le enviaremos una copia cuando la recibamos.',
      awaitedMoreMany:
        'Pedimos a la corte otras {count} órdenes firmadas que todavía no tenemos. Le enviaremos una copia de cada una cuando la recibamos.',
      notOnFile: 'Si necesita una copia de la orden firmada por la corte, {reachUs}.',
      keepSafeOne:
        'Guarde la orden firmada en un lugar seguro. Es posible que tenga que mostrarla a un empleador, a un arrendador o a una agencia de licencias.',
      keepSafeMany:
        'Guarde las órdenes firmadas en un lugar seguro. Es posible que tenga que mostrarlas a un empleador, a un arrendador o a una agencia de licencias.',
    },
    closing: 'Si tiene preguntas, {reachUs}.',
    sms: '{officeName}: {clientName}, hay novedades sobre su petición. {reachUs} para conocer los detalles.',
    smsMany:
      '{officeName}: {clientName}, hay novedades sobre sus solicitudes ante la corte. {reachUs} para conocer los detalles.',
  },
  smsCallOffice: 'Para obtener los detalles, llame a nuestra oficina al {officePhone}.',
  smsCallOfficeNoPhone: 'Para obtener los detalles, llame a nuestra oficina.',
  letterClosing: 'Atentamente,',
  signerTitles: {
    intake: 'Personal de admisión',
    attorney: 'Abogado/a',
    supervisor: 'Supervisor/a',
    admin: 'Administrador/a',
  },
  letterEnclosures: 'Documentos adjuntos:',
  months: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
  formatDate: (day, month, year) => `${day} de ${month} de ${year}`,
};
