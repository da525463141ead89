// What of the office's latest status update still holds on the status page today. An update is true
// when it is sent (the domain's status-claims.ts refuses one the records do not back), but the page
// shows it for weeks or months after, while the matter moves on: a hearing passes, the court decides,
// the case closes. So the page words the update only while the stage it speaks of lasts (the
// domain's STATUS_CURRENT_IN, which the messages also follow), shows each
// next step only while the client can still do or expect it, and never words a court's decision (the
// office tells it itself; the page says only that it does).
import type { StatusOfMatter } from '@relief-desk/api';
import {
  type IsoDate,
  type MessageStatusType,
  NEXT_STEPS_FOR,
  type NextStepId,
  STAGES_BEFORE_COURT,
  STAGES_BEFORE_FILING,
  STATUS_CURRENT_IN,
  type Stage,
} from '@relief-desk/domain';

const BEFORE_DECISION: readonly Stage[] = [...STAGES_BEFORE_FILING, ...STAGES_BEFORE_COURT];

/** The court's decisions: the page never words them, nor the next steps sent with them. */
export const DECISION_STATUSES: readonly MessageStatusType[] = ['granted', 'denied'];

interface Now {
  stage: Stage;
  statusType: MessageStatusType;
  /** The hearing the update announced, if it announced one. */
  courtDate: IsoDate | null;
  today: IsoDate;
}

const current = (n: Now) => STATUS_CURRENT_IN[n.statusType].includes(n.stage);
const hearingPassed = (n: Now) => n.courtDate !== null && n.courtDate < n.today;

/** Whether the client can still do, or still expect, what each next step says. */
export const STEP_HOLDS: Record<NextStepId, (n: Now) => boolean> = {
  // Papers for the judge: useful until the court decides, and not after the hearing.
  submit_personal_statement: (n) => BEFORE_DECISION.includes(n.stage) && !hearingPassed(n),
  submit_letters: (n) => BEFORE_DECISION.includes(n.stage) && !hearingPassed(n),
  // Waiting for a date the court has not set; once the update names one, it is set.
  wait_for_court_date: (n) => STAGES_BEFORE_COURT.includes(n.stage) && n.courtDate === null,
  // "An attorney will go to the hearing for you": not once the hearing has passed.
  wait_for_decision: (n) => STAGES_BEFORE_COURT.includes(n.stage) && !hearingPassed(n),
  contact_us: () => true,
  // While the request is paused or has ended without the office going on with it.
  apply_again_later: (n) =>
    n.stage === 'not_eligible' ||
    n.stage === 'withdrawn' ||
    ((STAGES_BEFORE_FILING.includes(n.stage) || n.stage === 'closed') && current(n)),
};

export interface UpdateNow {
  /** `worded`: the update's own subject; `decision`: only that the office tells the court's decision. */
  shown: 'worded' | 'decision' | 'nothing';
  /** The update's next steps that still hold, in the order the office gave them. */
  steps: NextStepId[];
}

export function updateNow(stage: Stage, latest: StatusOfMatter['latestStatus'], today: IsoDate): UpdateNow {
  if (!latest) return { shown: 'nothing', steps: [] };
  const now: Now = { stage, statusType: latest.statusType, courtDate: latest.courtDate, today };
  const decision = DECISION_STATUSES.includes(latest.statusType);
  return {
    shown: !current(now) ? 'nothing' : decision ? 'decision' : 'worded',
    // A step given before each update had its own (NEXT_STEPS_FOR) is not shown beside one it contradicts.
    steps: decision
      ? []
      : latest.nextSteps.filter(
          (step) => NEXT_STEPS_FOR[latest.statusType].includes(step) && STEP_HOLDS[step](now),
        ),
  };
}
