// PC 4852.01: certificate of rehabilitation. It turns on years of California residence, which a
// conviction record does not hold, so the rule only points to it (or names the exclusion).

import { PC4852_EXCLUDED } from '../section-lists.ts';
import { matchList } from '../sections.ts';
import { decide, type Findings, type RemedyRule, reason, said } from './context.ts';
import { missingDetail } from './exclusions.ts';

const MAIN = 'PC 4852.01';

export const pc4852: RemedyRule = {
  remedy: 'pc4852',
  evaluate(ctx) {
    const { level, sentence } = ctx.conviction;
    // Felonies qualify; a misdemeanor only when it requires PC 290 registration.
    const registrableMisdemeanor = level === 'misdemeanor' && ctx.person.requiredToRegisterPC290 === true;
    if (level !== 'felony' && !registrableMisdemeanor) return null;
    const findings: Findings = {
      bars: [],
      unknowns: [],
      waits: [],
      filingBars: [],
      filingCitation: MAIN,
      basis: { determination: 'needs_more_info', reasons: [] },
    };
    const excluded = matchList(ctx.section, PC4852_EXCLUDED);
    if (excluded.match === 'yes' && !ctx.section.attempt) {
      findings.bars.push(
        reason(
          'excluded_offense',
          said`${ctx.sectionLabel} is excluded from a certificate of rehabilitation.`,
          `${MAIN}(d)`,
        ),
      );
    } else if (excluded.match === 'yes') {
      findings.unknowns.push(
        reason(
          'attempt_of_excluded_offense',
          said`${ctx.sectionLabel} is an attempt of an excluded offense; the rules do not decide whether the exclusion reaches attempts, so an attorney should.`,
          `${MAIN}(d)`,
        ),
      );
    } else if (excluded.match === 'maybe' && excluded.entry !== null) {
      findings.unknowns.push(
        missingDetail(ctx, excluded.entry, 'is excluded from a certificate of rehabilitation', `${MAIN}(d)`),
      );
    }
    findings.unknowns.push(
      reason(
        'missing_residence',
        said`A certificate of rehabilitation needs 5 years of California residence plus 2, 4 or 5 more years depending on the offense, counted from release; residence is not in the record, so ask. It is filed in the county of residence and doubles as a pardon application; not for life parole, a death sentence or people in military service.`,
        `${MAIN}; PC 4852.03`,
      ),
    );
    const dismissed = ctx.conviction.reliefAlreadyGranted === 'pc1203.4';
    if ((sentence.kind === 'probation' || registrableMisdemeanor) && !dismissed) {
      findings.unknowns.push(
        reason(
          'needs_1203_4_dismissal_first',
          said`With probation (or a PC 290 misdemeanor) the conviction must first be dismissed under PC 1203.4; has it been?`,
          MAIN,
        ),
      );
    }
    return decide(ctx, findings);
  },
};
