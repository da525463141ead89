// The outbox worker: runs inside the server process (and, for crash tests, on its own). Each pass
// queues due follow-ups when their time comes, claims due rows for the configured channels and
// delivers them one by one. It sleeps between passes for pollMs, or until woken after a commit.
import { randomBytes } from 'node:crypto';
import { type Clock, type FileStore, queueDueFollowUps } from '@relief-desk/api';
import type { Db } from '@relief-desk/db';
import { claimDue } from './claim.ts';
import { type DeliveryResult, deliverClaimed, type Senders } from './deliver.ts';

export interface WorkerLog {
  info(message: string): void;
  error(message: string, detail?: unknown): void;
}

export interface OutboxWorkerOptions {
  db: Db;
  files: FileStore;
  clock: Clock;
  senders: Senders;
  log: WorkerLog;
  workerId?: string;
  /** How long a claim holds before another worker may take the row over. Default 2 minutes. */
  leaseMs?: number;
  /** Longest sleep between passes. Default 5 s. */
  pollMs?: number;
  /** How often the follow-up check runs; null turns it off. Default 10 minutes. */
  followUpEveryMs?: number | null;
  batchSize?: number;
}

export interface PassResult {
  claimed: number;
  results: DeliveryResult[];
  followUpsQueued: number;
}

export interface OutboxWorker {
  runOnce(): Promise<PassResult>;
  start(): void;
  /** Finishes the delivery in hand, then stops. */
  stop(): Promise<void>;
  wake(): void;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const workerId = options.workerId ?? `worker-${process.pid}-${randomBytes(4).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 5_000;
  const followUpEveryMs = options.followUpEveryMs === undefined ? 600_000 : options.followUpEveryMs;
  const channels = [...(options.senders.email ? ['email'] : []), ...(options.senders.sms ? ['sms'] : [])];
  let lastFollowUpCheck = Number.NEGATIVE_INFINITY;
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;

  async function runOnce(): Promise<PassResult> {
    let followUpsQueued = 0;
    const now = options.clock.now().getTime();
    if (followUpEveryMs !== null && now - lastFollowUpCheck >= followUpEveryMs) {
      lastFollowUpCheck = now;
      followUpsQueued = (await queueDueFollowUps(options.db, options.clock)).queued;
    }
    const claimed = await claimDue(options.db, {
      now: options.clock.now(),
      workerId,
      leaseMs,
      channels,
      limit: options.batchSize ?? 20,
    });
    const results: DeliveryResult[] = [];
    for (const id of claimed) {
      results.push(
        await deliverClaimed(options.db, options.files, options.senders, options.clock, id, workerId),
      );
    }
    return { claimed: claimed.length, results, followUpsQueued };
  }

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        woken = false;
        resolve();
      }
      wakeUp = done;
    });

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          try {
            const pass = await runOnce();
            // A full batch means more may be due: go again without waiting.
            if (pass.claimed >= (options.batchSize ?? 20)) continue;
          } catch (error) {
            options.log.error('Outbox worker pass failed; trying again at the next poll', error);
          }
          if (running) await sleep();
        }
      })();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = null;
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
  };
}
