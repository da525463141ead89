// One real server and one Chromium per test file, and a fresh browser context (no shared cookies)
// per test. Call inside a describe block; `env` sets the server's settings (SESSION_IDLE_MINUTES, say).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

export interface BrowserSuite {
  readonly server: RunningServer;
  readonly page: Page;
}

export function useBrowserSuite(chromiumPath: string, env: Record<string, string> = {}): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(env), launchChromium(chromiumPath)]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    context = await browser?.newContext();
    page = await context?.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('The server has not started');
      return server;
    },
    get page() {
      if (!page) throw new Error('No page: use the suite inside a test');
      return page;
    },
  };
}
