// The status page and the messages share one rule of which stages each status type is true in: the
// domain's STATUS_CURRENT_IN. The page's own copy (status-now.ts) must say the same until it imports it.
import { STATUS_CURRENT_IN } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import * as statusNow from './status-now.ts';

describe('the stages each status type is true in', () => {
  it('are the same on the status page as in the messages’ rule', () => {
    expect(statusNow.STATUS_CURRENT_IN).toEqual(STATUS_CURRENT_IN);
  });
});
