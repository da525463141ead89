// What the API needs to know about delivery in this process: which channels have a configured
// server (so nothing pretends to send without one), and how to wake the outbox worker after a commit.
export interface MessagingRuntime {
  emailConfigured: boolean;
  smsConfigured: boolean;
  /** Called from onCommit hooks: the worker looks at the outbox now instead of at its next poll. */
  wake(): void;
}

let runtime: MessagingRuntime = { emailConfigured: false, smsConfigured: false, wake: () => {} };

/** The server calls this once at start-up, with its configuration and its worker. */
export function configureMessaging(next: Partial<MessagingRuntime>): void {
  runtime = { ...runtime, ...next };
}

export function messagingRuntime(): MessagingRuntime {
  return runtime;
}
