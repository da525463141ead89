// Between the conviction form's shape and the convictions table, in one place.
import type { Conviction, ConvictionsTable } from '@relief-desk/db';
import type {
  ConvictionFields,
  County,
  Level,
  ProbationOutcome,
  RemedyId,
  SentenceKind,
  Tristate,
} from '@relief-desk/domain';

type Columns = Omit<
  ConvictionsTable,
  'id' | 'matter_id' | 'office_id' | 'created_at' | 'updated_at' | 'updated_by' | 'version'
>;

export function convictionColumns(c: ConvictionFields): Columns {
  return {
    case_number: c.caseNumber,
    county: c.county,
    court: c.court,
    code: c.code,
    section: c.section,
    level: c.level,
    wobbler: c.wobbler,
    conviction_date: c.convictionDate,
    sentence_kind: c.sentenceKind,
    mandatory_supervision: c.mandatorySupervision,
    end_date: c.endDate,
    probation_outcome: c.probationOutcome,
    value_over_950: c.valueOver950,
    relief_granted_remedy: c.reliefGrantedRemedy,
    relief_granted_on: c.reliefGrantedOn,
  };
}

export function convictionFields(row: Conviction): ConvictionFields {
  return {
    caseNumber: row.case_number,
    county: row.county as County,
    court: row.court,
    code: row.code,
    section: row.section,
    level: row.level as Level,
    wobbler: row.wobbler as Tristate,
    convictionDate: row.conviction_date,
    sentenceKind: row.sentence_kind as SentenceKind,
    mandatorySupervision: row.mandatory_supervision as Tristate,
    endDate: row.end_date,
    probationOutcome: row.probation_outcome as ProbationOutcome,
    valueOver950: row.value_over_950 as Tristate,
    reliefGrantedRemedy: row.relief_granted_remedy as RemedyId | null,
    reliefGrantedOn: row.relief_granted_on,
  };
}
