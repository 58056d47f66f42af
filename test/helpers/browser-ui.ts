/**
 * Suite plumbing for the Chromium flow tests: one renderer build, one server and one Chromium
 * per test file; one real AppService (with the simulator) and one page per test.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startAppRig, type AppRig, type AppRigOptions } from './browser-app.ts';
import { buildRenderer, launchChromium, openWithService, serveDir, type Browser, type HarnessPage } from './browser.ts';

/** What a flow test works with. */
export interface AppSession extends HarnessPage {
  rig: AppRig;
}

/** The file-wide browser and built app; valid inside tests (after beforeAll). */
export interface AppSuite {
  browser: Browser;
  url: string;
  /** A fresh service (empty store) and a page showing the app connected to it. */
  open(opts?: AppRigOptions): Promise<AppSession>;
}

/** Registers beforeAll/afterAll that build, serve and launch; call at the top of a describe. */
export function useAppSuite(opts: { colorScheme?: 'light' | 'dark' } = {}): AppSuite {
  const sessions: AppSession[] = [];
  let outDir = '';
  let server: { url: string; close(): Promise<void> } | undefined;
  const suite = {
    async open(rigOpts: AppRigOptions = {}) {
      const rig = await startAppRig(rigOpts);
      const page = await openWithService(suite.browser.context, suite.url, rig.service);
      const session: AppSession = {
        ...page,
        rig,
        async close() {
          await page.close();
          await rig.close();
        },
      };
      sessions.push(session);
      return session;
    },
  } as AppSuite;

  beforeAll(async () => {
    outDir = await buildRenderer();
    server = await serveDir(outDir);
    suite.url = server.url;
    suite.browser = await launchChromium(opts);
  });

  afterAll(async () => {
    for (const s of sessions) await s.close().catch(() => undefined);
    await suite.browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });
  return suite;
}
