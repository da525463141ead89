// PC 1203.43: a person who completed deferred entry of judgment under former PC 1000 (granted from
// 1997 until the 2018 change to pretrial diversion) and whose charges were dismissed may withdraw the
// guilty plea; the court shall dismiss. The RAP sheet often still shows the plea as a conviction.
import { DEJ_OFFENSES } from '../section-lists.ts';
import { matchList } from '../sections.ts';
import { decide, type Findings, type RemedyRule, reason, said } from './context.ts';

const MAIN = 'PC 1203.43(b)';
const DEJ_FROM = '1997-01-01';
const DEJ_UNTIL = '2018-01-01';

export const pc1203_43: RemedyRule = {
  remedy: 'pc1203.43',
  evaluate(ctx) {
    const { dejCompleted, convictionDate, level } = ctx.conviction;
    if (level === 'infraction' || dejCompleted === false) return null;
    const inPeriod = convictionDate >= DEJ_FROM && convictionDate < DEJ_UNTIL;
    const listed = matchList(ctx.section, DEJ_OFFENSES).match === 'yes';
    // Only a completed DEJ the record names, or a DEJ offense of the DEJ years, is worth a question.
    if (dejCompleted !== true && !(listed && inPeriod)) return null;
    const findings: Findings = {
      bars: [],
      unknowns: [],
      waits: [],
      filingBars: [],
      filingCitation: MAIN,
      basis: {
        determination: 'eligible_mandatory',
        reasons: [
          reason(
            'dej_plea_withdrawal',
            said`Deferred entry of judgment was completed and the charges dismissed: on petition the court shall let the person withdraw the guilty plea and dismiss, so the plea no longer counts as a conviction.`,
            MAIN,
          ),
        ],
      },
    };
    if (!inPeriod) {
      findings.bars.push(
        reason(
          'outside_dej_period',
          said`PC 1203.43 covers deferred entry of judgment granted from ${DEJ_FROM} under PC 1000 as it read before ${DEJ_UNTIL}; this plea is dated ${convictionDate}.`,
          MAIN,
        ),
      );
    }
    if (dejCompleted === null) {
      findings.unknowns.push(
        reason(
          'missing_dej',
          said`Was this plea to ${ctx.sectionLabel} entered for deferred entry of judgment (former PC 1000), and was DEJ completed and the charge dismissed? Then the plea can be withdrawn (dejCompleted is unknown).`,
          MAIN,
        ),
      );
    }
    return decide(ctx, findings);
  },
};
