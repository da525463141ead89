// Between the conviction form's shape and the convictions table, in one place.
import type { Conviction, ConvictionsTable } from '@relief-desk/db';
import type { ConvictionFields } from '@relief-desk/domain';

type Columns = Omit<
  ConvictionsTable,
  | 'id'
  | 'matter_id'
  | 'office_id'
  | 'created_at'
  | 'updated_at'
  | 'updated_by'
  | 'version'
  | 'removed_at'
  | 'removed_by'
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
    offense_date: c.offenseDate,
    sentence_kind: c.sentenceKind,
    execution_suspended: c.executionSuspended,
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
    county: row.county,
    court: row.court,
    code: row.code,
    section: row.section,
    level: row.level,
    wobbler: row.wobbler,
    convictionDate: row.conviction_date,
    offenseDate: row.offense_date,
    sentenceKind: row.sentence_kind,
    executionSuspended: row.execution_suspended,
    mandatorySupervision: row.mandatory_supervision,
    endDate: row.end_date,
    probationOutcome: row.probation_outcome,
    valueOver950: row.value_over_950,
    reliefGrantedRemedy: row.relief_granted_remedy,
    reliefGrantedOn: row.relief_granted_on,
  };
}
