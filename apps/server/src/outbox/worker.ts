// The outbox worker: runs inside the server process (and, for crash tests, on its own). Each pass
// queues due follow-ups when their time comes, claims due rows for the configured channels and
// delivers them one by one. It sleeps between passes for pollMs, or until woken after a commit.
//
// Recovery: a message that failed because the server could not be reached waits out its back-off,
// but once the server is seen working again (a message to it went out, or, for e-mail, the mail
// server answers a periodic check) every message waiting on it is made due at once. Not an e-mail
// the server took in whole without confirming it (UNCONFIRMED): it may have arrived, and a server that
// answers the check may still be as slow to confirm, so it waits out its back-off.
// Stopping: the delivery in hand may finish; rows claimed but not yet tried are given back at once.
// A delivery still in hand at the deadline is abandoned as one cut short by its own deadline is:
// a send the sender had begun is recorded as a failure (an e-mail UNCONFIRMED, "may have arrived"; a
// text message TIMEOUT) and retried on the schedule, never at once; one the sender did not have yet
// is given back untried, due at once, as nothing went out (deliver.ts).
import { randomBytes } from 'node:crypto';
import { type Clock, type FileStore, queueDueFollowUps } from '@relief-desk/api';
import type { Db } from '@relief-desk/db';
import { createWorkerLoop } from '../worker-loop.ts';
import {
  anyWaitingOnServer,
  claimDue,
  expireLease,
  pullForward,
  releaseUntried,
  renewLease,
} from './claim.ts';
import { type DeliveryResult, deliverClaimed, type Senders } from './deliver.ts';

export interface WorkerLog {
  info(message: string): void;
  error(message: string, detail?: unknown): void;
}

/**
 * The senders' own short time limit: connecting to the mail server (and the check that it is back),
 * the whole SMS request. Waits on a connected mail server are RFC 5321's, far longer.
 */
export const DEFAULT_SEND_TIMEOUT_MS = 15_000;

/**
 * How long one delivery may take: an SMS request a few times its limit; an e-mail as long as its
 * sender may wait on the mail server (emailSendLimitMs, up to 10 minutes for the reply to the end of
 * the message alone). A delivery cut short by it is retried on the schedule, never at once.
 */
export function deliveryDeadlineMs(sendTimeoutMs: number, emailSendLimitMs = 0): number {
  return Math.max(3 * sendTimeoutMs, emailSendLimitMs);
}

/**
 * A lease outlasts what it covers, with a margin, and no more: without emailSendLimitMs a claim in a
 * batch (a dead worker's untried rows come back soon), with it the delivery in hand.
 */
export function leaseMsFor(sendTimeoutMs: number, emailSendLimitMs = 0): number {
  return deliveryDeadlineMs(sendTimeoutMs, emailSendLimitMs) + sendTimeoutMs;
}

/** How long a stop waits, past its deadline, for the abandoned delivery to record itself. */
const RECORD_INTERRUPTED_MS = 2_000;

export interface OutboxWorkerOptions {
  db: Db;
  files: FileStore;
  clock: Clock;
  senders: Senders;
  log: WorkerLog;
  workerId?: string;
  /**
   * The time limit the senders were made with; with the e-mail sender's sendLimitMs, sizes the
   * delivery deadline and the leases. Default 15 s.
   */
  sendTimeoutMs?: number;
  /**
   * How long a claim, and the lease on the delivery in hand, hold before another worker may take the
   * row over. Default leaseMsFor(sendTimeoutMs) for a claim, and for the delivery in hand
   * leaseMsFor(sendTimeoutMs, the e-mail sender's sendLimitMs).
   */
  leaseMs?: number;
  /** Longest sleep between passes. Default 5 s. */
  pollMs?: number;
  /** How often the follow-up check runs; null turns it off. Default 10 minutes. */
  followUpEveryMs?: number | null;
  /**
   * While e-mails wait because the mail server could not be reached, how often to check whether it
   * is back (connect and log in, nothing sent); null turns it off. Default 10 s.
   */
  probeEveryMs?: number | null;
  batchSize?: number;
}

export interface PassResult {
  claimed: number;
  results: DeliveryResult[];
  followUpsQueued: number;
  /** Messages made due at once because their server was seen working again. */
  pulledForward: number;
}

export interface StopReport {
  /** Rows claimed but not tried, given back. */
  released: number;
  /**
   * Whether a delivery was still in hand at the deadline: its row was recorded as a send cut short
   * (retried on the schedule) or, if the sender did not have it yet, given back untried.
   */
  interrupted: boolean;
}

export interface OutboxWorker {
  runOnce(): Promise<PassResult>;
  start(): void;
  /**
   * Finishes the delivery in hand (until the deadline, ms since the epoch, if given), gives back the
   * rows claimed but not tried, then stops.
   */
  stop(options?: { deadline?: number }): Promise<StopReport>;
  wake(): void;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, clock, log } = options;
  const workerId = options.workerId ?? `worker-${process.pid}-${randomBytes(4).toString('hex')}`;
  const sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const emailSendLimitMs = options.senders.email?.sendLimitMs ?? 0;
  const leaseMs = options.leaseMs ?? leaseMsFor(sendTimeoutMs);
  const deliveryLeaseMs = options.leaseMs ?? leaseMsFor(sendTimeoutMs, emailSendLimitMs);
  const deadlineMs = Math.min(deliveryDeadlineMs(sendTimeoutMs, emailSendLimitMs), deliveryLeaseMs);
  const pollMs = options.pollMs ?? 5_000;
  const batchSize = options.batchSize ?? 20;
  const followUpEveryMs = options.followUpEveryMs === undefined ? 600_000 : options.followUpEveryMs;
  const probeEveryMs = options.probeEveryMs === undefined ? 10_000 : options.probeEveryMs;
  const channels = (['email', 'sms'] as const).filter((channel) => options.senders[channel]);
  let lastFollowUpCheck = Number.NEGATIVE_INFINITY;
  let lastProbe = Number.NEGATIVE_INFINITY;
  let stopping = false;
  /** Claimed in this pass and not yet tried. */
  let untried: string[] = [];
  /** The delivery in hand: its row, and the delivery once begun. */
  let inHand: { id: string; delivery: Promise<DeliveryResult> | null } | null = null;
  /** Aborted when the worker must stop with a delivery in hand. */
  let interrupt = new AbortController();

  async function giveBackUntried(): Promise<number> {
    const ids = untried;
    untried = [];
    return releaseUntried(db, ids, workerId, clock.now());
  }

  /** E-mail only (an SMS provider has no check that sends nothing): is the mail server back? */
  async function probe(): Promise<number> {
    const email = options.senders.email;
    const now = clock.now();
    if (!email || probeEveryMs === null || now.getTime() - lastProbe < probeEveryMs) return 0;
    if (!(await anyWaitingOnServer(db, 'email', now))) return 0;
    lastProbe = now.getTime();
    try {
      await email.verify();
    } catch {
      return 0;
    }
    const pulled = await pullForward(db, 'email', clock.now());
    if (pulled > 0)
      log.info(`The mail server answers again: ${pulled} waiting e-mail(s) are being sent now.`);
    return pulled;
  }

  async function runOnce(): Promise<PassResult> {
    let followUpsQueued = 0;
    const now = clock.now().getTime();
    if (followUpEveryMs !== null && now - lastFollowUpCheck >= followUpEveryMs) {
      lastFollowUpCheck = now;
      followUpsQueued = (await queueDueFollowUps(db, clock)).queued;
    }
    let pulledForward = await probe();
    const claimed = await claimDue(db, { now: clock.now(), workerId, leaseMs, channels, limit: batchSize });
    untried = [...claimed];
    const results: DeliveryResult[] = [];
    const sent: string[] = [];
    try {
      while (untried.length > 0 && !stopping) {
        const id = untried.shift() as string;
        const hand: NonNullable<typeof inHand> = { id, delivery: null };
        inHand = hand;
        // The claim's lease covered the wait in the batch; this one covers the delivery.
        const begun = clock.now();
        const mine = await renewLease(db, id, workerId, new Date(begun.getTime() + deliveryLeaseMs), begun);
        if (mine)
          hand.delivery = deliverClaimed(db, options.files, options.senders, clock, id, workerId, {
            timeoutMs: deadlineMs,
            signal: interrupt.signal,
          });
        const result = hand.delivery ? await hand.delivery : 'lost';
        inHand = null;
        results.push(result);
        if (result === 'sent') sent.push(id);
      }
    } finally {
      inHand = null;
      await giveBackUntried();
    }
    // A message went out: its server works, so the ones waiting on it being down need not wait.
    const working =
      sent.length === 0
        ? []
        : await db.selectFrom('outbox').select('channel').distinct().where('id', 'in', sent).execute();
    for (const { channel } of working) {
      const pulled = await pullForward(db, channel, clock.now());
      if (pulled > 0)
        log.info(`Delivery works again: ${pulled} waiting ${channel} message(s) are being sent now.`);
      pulledForward += pulled;
    }
    return { claimed: claimed.length, results, followUpsQueued, pulledForward };
  }

  const loop = createWorkerLoop({
    pollMs,
    // A full batch, or messages just made due, means more to send: go again without waiting.
    pass: async () => {
      const pass = await runOnce();
      return pass.claimed >= batchSize || pass.pulledForward > 0;
    },
    onError: (error) => log.error('Outbox worker pass failed; trying again at the next poll', error),
  });

  return {
    runOnce,
    start() {
      stopping = false;
      if (interrupt.signal.aborted) interrupt = new AbortController();
      loop.start();
    },
    async stop(stopOptions = {}) {
      stopping = true;
      const untriedBefore = untried.length;
      const finished = await loop.stop(stopOptions.deadline);
      if (finished) return { released: untriedBefore, interrupted: false };
      // Out of time with a delivery in hand: it records itself as cut short (retried on the schedule)
      // or, not yet begun, gives its row back; if the send completes before the process exits, it is
      // still recorded as sent.
      const interrupted = inHand;
      interrupt.abort();
      const released = await giveBackUntried();
      const recorded =
        interrupted?.delivery &&
        (await Promise.race([
          interrupted.delivery.then(
            () => true,
            () => false,
          ),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), RECORD_INTERRUPTED_MS).unref()),
        ]));
      // Not recorded in time (its lease still being renewed, or the database slow): let any worker
      // take its row over now rather than when the lease runs out.
      if (interrupted && !recorded) await expireLease(db, interrupted.id, workerId, clock.now());
      return { released: untriedBefore || released, interrupted: interrupted !== null };
    },
    wake: loop.wake,
  };
}
