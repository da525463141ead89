// Holding a page's requests at the network until the test lets them go, so "pending" lasts as long
// as the test needs, and counting them (a control busy with its request must not send a second).
import type { Page } from 'playwright-core';

export interface HeldRequests {
  /** Resolves once the first request has reached the network. */
  readonly arrived: Promise<void>;
  /** Lets every held request go on to the server. */
  release(): void;
  /** How many requests the page sent. */
  count(): number;
}

/** Holds the page's POST requests to URLs matching the glob. */
export async function holdRequests(page: Page, url: string): Promise<HeldRequests> {
  let sent = 0;
  let arrive = () => {};
  let release = () => {};
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(url, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    sent += 1;
    arrive();
    await released;
    await route.continue();
  });
  return { arrived, release, count: () => sent };
}

/** Holds the page's requests to one tRPC mutation (sent each on its own, as POST /trpc/<name>). */
export function holdMutation(page: Page, procedure: string): Promise<HeldRequests> {
  return holdRequests(page, `**/trpc/${procedure}*`);
}
