// The remedies Relief Desk knows (DOMAIN.md section 4) and the determinations recorded for each.

export const REMEDIES = [
  { id: 'pc1203.4', label: 'PC 1203.4 dismissal', forms: 'CR-180 / CR-181' },
  { id: 'pc1203.4a', label: 'PC 1203.4a dismissal (no probation)', forms: 'CR-180 / CR-181' },
  { id: 'pc1203.41', label: 'PC 1203.41 dismissal (county jail / prison)', forms: 'CR-180 / CR-181' },
  { id: 'pc1203.42', label: 'PC 1203.42 dismissal (pre-Realignment prison)', forms: 'CR-180 / CR-181' },
  { id: 'pc1203.43', label: 'PC 1203.43 deferred entry of judgment plea withdrawn', forms: 'local' },
  { id: 'pc17b', label: 'PC 17(b) reduction to misdemeanor', forms: 'CR-180 / CR-181' },
  { id: 'prop47', label: 'Prop 47 (PC 1170.18)', forms: 'county forms' },
  { id: 'prop64', label: 'Prop 64 (HS 11361.8)', forms: 'CR-400' },
  { id: 'pc1203.425', label: 'Automatic relief (PC 1203.425)', forms: 'none' },
  { id: 'pc851.91', label: 'Arrest sealing (PC 851.91)', forms: 'CR-409 / CR-410' },
  { id: 'pc851.93', label: 'Automatic arrest relief (PC 851.93)', forms: 'none' },
  { id: 'pc851.8', label: 'Factual innocence (PC 851.8)', forms: 'local' },
  { id: 'pc1203.49', label: 'Trafficking victims (PC 1203.49)', forms: 'CR-180 / local' },
  { id: 'pc236.14', label: 'Trafficking vacatur (PC 236.14)', forms: 'local' },
  { id: 'pc4852', label: 'Certificate of rehabilitation (PC 4852.01)', forms: 'local' },
] as const;

export type RemedyId = (typeof REMEDIES)[number]['id'];
export const REMEDY_IDS = REMEDIES.map((r) => r.id) as [RemedyId, ...RemedyId[]];
/** A remedy's label ("PC 1203.4 dismissal"), or its id when it is not one of REMEDIES. */
export const remedyLabel = (id: string): string => REMEDIES.find((r) => r.id === id)?.label ?? id;

/**
 * Relief the DOJ grants by itself, without a petition (no forms): PC 1203.425 and PC 851.93. Nobody
 * asks the court for it, so no petition is drafted for it, and it does not back telling the client
 * that our office can file their paperwork.
 */
export const AUTOMATIC_REMEDIES: readonly RemedyId[] = REMEDIES.filter((r) => r.forms === 'none').map(
  (r) => r.id,
);
export const isAutomaticRemedy = (remedy: string): boolean =>
  (AUTOMATIC_REMEDIES as readonly string[]).includes(remedy);

export const DETERMINATIONS = [
  'eligible_mandatory',
  'eligible_discretionary',
  'eligible_later',
  'needs_more_info',
  'not_eligible',
  'already_relieved',
] as const;
export type Determination = (typeof DETERMINATIONS)[number];

/** The determinations under which relief can be asked for now. */
export const ELIGIBLE_NOW: readonly Determination[] = ['eligible_mandatory', 'eligible_discretionary'];
