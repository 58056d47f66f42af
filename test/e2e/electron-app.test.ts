/**
 * End to end through the real Electron app (issue 10, "The real window, on machines that have it"):
 * the dev build (`npm run build`, launched like `npm start`) or, with PAYMON_E2E_APP, the packaged
 * app electron-builder wrote. Each test gets its own data folder and no API keys; payments come
 * from the embedded simulator (demo mode). Where there is nothing to launch (no Electron binary,
 * as on machines that cannot download it, or no build) the suite is skipped with the reason.
 * The CI workflow .github/workflows/e2e.yml runs it on Linux, macOS and Windows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFUSED } from '../../src/main/ipc.ts';
import { DEFAULT_LOOKUP_SHORTCUT } from '../../src/shared/shortcut.ts';
import { startTestKeyring } from '../helpers/keyring.ts';
import { E2eRig, ROOT, row } from './driver.ts';
import { planLaunch } from './launch.ts';

const plan = planLaunch(ROOT, process.env, { exists: existsSync, read: (p) => readFileSync(p, 'utf8'), bytes: (p) => readFileSync(p) });

// On Linux the app gets a private D-Bus with an unlocked throwaway keyring, so it never touches
// (or waits on a prompt from) the user's own keyring. Elsewhere it sees the OS keychain as is.
const keyring = 'app' in plan && process.platform === 'linux' ? await startTestKeyring() : null;
afterAll(async () => (keyring && 'stop' in keyring ? keyring.stop() : undefined));
const busEnv: Record<string, string> =
  keyring && 'env' in keyring && keyring.env['DBUS_SESSION_BUS_ADDRESS'] ? { DBUS_SESSION_BUS_ADDRESS: keyring.env['DBUS_SESSION_BUS_ADDRESS'] } : {};

const title = 'app' in plan ? `the real app (${plan.app.kind}: ${plan.app.executablePath})` : 'skip' in plan ? `the real app (skipped: ${plan.skip})` : 'the real app';

if ('fail' in plan) {
  describe(title, () => {
    it('has an app to launch', () => {
      throw new Error(plan.fail);
    });
  });
}

const S = 1000;
/** Demo payments finish within about two minutes; the first within well under one. */
const FINAL_MS = 100 * S;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A desktop notification the main process showed. */
interface ShownNotification {
  title: string;
  body: string;
}

// A launch takes seconds (more on a cold Windows runner); the defaults in vitest.config.ts are for unit tests.
describe.skipIf(!('app' in plan))(title, { timeout: 150 * S }, () => {
  let rig: E2eRig;
  beforeEach(() => {
    if (!('app' in plan)) throw new Error('unreachable: the suite is skipped');
    rig = new E2eRig(plan.app, busEnv);
  });
  afterEach(async () => rig.dispose(), 90 * S);

  it('opens a visible, locked-down window with no console errors', async () => {
    const run = await rig.launch('window', rig.newDataDir());
    const { page } = run;
    await page.getByTestId('welcome').waitFor();
    expect(await page.title()).toBe('Paymon');
    await expect.poll(() => run.windowVisible(), { timeout: 30 * S }).toBe(true);
    // Runs in the page; globalThis is the window there. The preload's API only, no Node.
    const exposed = await page.evaluate(() => {
      const w = globalThis as Record<string, unknown>;
      return { paymon: typeof w['paymon'], require: typeof w['require'], process: typeof w['process'], module: typeof w['module'] };
    });
    expect(exposed).toEqual({ paymon: 'object', require: 'undefined', process: 'undefined', module: 'undefined' });
    await page.screenshot({ path: rig.result('window.png') });
    expect(await run.consoleErrors()).toEqual([]);
    await run.close();
  });

  it('adds two pasted IDs, and keeps them after quitting and relaunching', async () => {
    const dataDir = rig.newDataDir();
    const ids = ['pay_e2eRelaunch0001', '7d3c1b9e-2f4a-4c8d-9e6b-0a1b2c3d4e5f'];
    const first = await rig.launch('paste', dataDir);
    let page = first.page;
    await page.getByLabel('Text with payment IDs').fill(`Customer asks about ${ids[0]!} and also ${ids[1]!}, thanks`);
    await page.getByRole('region', { name: 'Paste preview' }).getByText('Found 2 payments').waitFor();
    await page.getByRole('button', { name: 'Add 2 payments' }).click();
    const added = page.getByRole('status', { name: 'Add result' }).getByTestId('report-added');
    await added.waitFor();
    expect(await added.textContent()).toBe('2 added');
    for (const id of ids) await row(page, id).waitFor();
    expect(await page.getByTestId('count-total').textContent()).toBe('2');
    expect(await first.consoleErrors()).toEqual([]);
    await first.close();

    // The same data folder: the watchlist comes back from the database, nothing re-added.
    const second = await rig.launch('relaunch', dataDir);
    page = second.page;
    for (const id of ids) await row(page, id).waitFor();
    expect(await page.getByTestId('count-total').textContent()).toBe('2');
    await page.screenshot({ path: rig.result('relaunched.png') });
    expect(await second.consoleErrors()).toEqual([]);
    await second.close();
  });

  it('runs the demo: a payment reaches a final status, main raises a desktop notification, the detail pane shows a PayCrypt timeline', async (ctx) => {
    const run = await rig.launch('demo', rig.newDataDir());
    const { app, page } = run;
    const supported = await app.evaluate(({ Notification }) => Notification.isSupported());
    // Electron reports no notifications without a notification library (libnotify on Linux).
    if (!supported) ctx.skip('Notification.isSupported() is false on this machine (on Linux: install libnotify4)');
    // Record every notification main shows. Notification.prototype.show is shared by the
    // instances main creates, so this sees them however main imported the class.
    await app.evaluate(({ Notification }) => {
      const g = globalThis as { __paymonShown?: ShownNotification[] };
      if (g.__paymonShown) return;
      const shown: ShownNotification[] = [];
      g.__paymonShown = shown;
      const show = Notification.prototype.show;
      Notification.prototype.show = function (this: Electron.Notification) {
        shown.push({ title: this.title, body: this.body });
        return show.call(this);
      };
    });
    const notifications = () => app.evaluate(() => (globalThis as { __paymonShown?: ShownNotification[] }).__paymonShown ?? []);

    const welcome = page.getByTestId('welcome');
    await welcome.getByRole('button', { name: 'Try the demo' }).click();
    await page.getByTestId('demo-banner').waitFor();
    await welcome.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.tbody [role="row"]').count(), { timeout: 30 * S }).toBeGreaterThanOrEqual(10);

    // A payment the simulator moves to a final status: the in-app toast and the OS notification.
    await page.getByTestId('toast-final').first().waitFor({ timeout: FINAL_MS });
    await expect.poll(async () => (await notifications()).length, { timeout: 30 * S }).toBeGreaterThan(0);
    const [note] = await notifications();
    expect(note!.title).toMatch(/^(Paid|Refunded|Failed|Expired|Underpaid|Overpaid): /);
    expect(note!.body).toMatch(/^(Card2Crypto|PayCrypt) \S+/);
    expect(Number(await page.getByTestId('count-final').textContent())).toBeGreaterThan(0);

    // A PayCrypt payment's detail: the provider's own events on the timeline.
    const cells = await page.locator('.tbody [role="row"] .col-paymentId').allTextContents();
    const payCryptId = cells.map((text) => UUID.exec(text)?.[0]).find((id) => id !== undefined);
    expect(payCryptId, `a PayCrypt (UUID) payment among the demo rows: ${cells.join(', ')}`).toBeDefined();
    await row(page, payCryptId!).getByRole('button', { name: payCryptId!, exact: true }).click();
    const detail = page.getByTestId('detail');
    await detail.waitFor();
    const events = detail.locator('[data-testid="timeline"] > li[data-kind="event"]');
    await events.first().waitFor({ timeout: 30 * S });
    expect(await events.first().locator('.story-text').textContent()).toMatch(/^PayCrypt /);
    await page.screenshot({ path: rig.result('demo-detail.png') });
    expect(await run.consoleErrors()).toEqual([]);
    await run.close();
  }, FINAL_MS + 120 * S);

  it('hands a second launch over to the first: the first window comes back, the second exits', async () => {
    const dataDir = rig.newDataDir();
    const first = await rig.launch('first-instance', dataDir);
    await first.page.getByTestId('welcome').waitFor();
    await expect.poll(() => first.windowVisible(), { timeout: 30 * S }).toBe(true);
    await first.app.evaluate(({ app, BrowserWindow }) => {
      const g = globalThis as { __paymonSecondInstances?: number };
      g.__paymonSecondInstances = 0;
      app.on('second-instance', () => {
        g.__paymonSecondInstances = (g.__paymonSecondInstances ?? 0) + 1;
      });
      // Hidden, as after closing it to the tray: a second launch must bring it back.
      for (const w of BrowserWindow.getAllWindows()) w.hide();
    });
    await expect.poll(() => first.windowVisible(), { timeout: 10 * S }).toBe(false);

    const second = await rig.secondLaunch(dataDir);
    expect(second.code, `the second launch's output:\n${second.output}`).toBe(0);
    await expect.poll(() => first.windowVisible(), { timeout: 30 * S }).toBe(true);
    expect(await first.app.evaluate(() => (globalThis as { __paymonSecondInstances?: number }).__paymonSecondInstances)).toBe(1);
    expect(first.app.process().exitCode).toBeNull();
    expect(await first.consoleErrors()).toEqual([]);
    await first.close();
  });

  it('follows a paymon:// link handed over by a second launch: the payment is added and opened (issue 13)', async () => {
    const dataDir = rig.newDataDir();
    const first = await rig.launch('link-first', dataDir);
    await first.page.getByTestId('welcome').waitFor();
    const id = 'pay_e2eDeepLink0001';
    // As Windows and Linux start the app for a clicked link: the link is the last argument.
    const second = await rig.secondLaunch(dataDir, [`paymon://watch/${id}`]);
    expect(second.code, `the second launch's output:\n${second.output}`).toBe(0);
    await row(first.page, id).waitFor({ timeout: 30 * S });
    await first.page.getByTestId('detail').waitFor({ timeout: 30 * S });
    expect(await first.page.getByTestId('detail').textContent()).toContain(id);

    // A link that is not one of Paymon's forms changes nothing and says why.
    const refused = await rig.secondLaunch(dataDir, ['paymon://delete/everything']);
    expect(refused.code).toBe(0);
    await first.page.getByTestId('toast-error').filter({ hasText: 'This paymon:// link was not followed' }).waitFor({ timeout: 30 * S });
    expect(await first.page.locator('.tbody [role="row"]').count()).toBe(1);
    expect(await first.consoleErrors()).toEqual([]);
    await first.close();
  });

  it('keeps a note, tags and a saved view across a relaunch, and registers the clipboard lookup shortcut (issue 13)', async () => {
    const dataDir = rig.newDataDir();
    const id = 'pay_e2eNotesView0001';
    const first = await rig.launch('daily-first', dataDir);
    let page = first.page;
    // The real globalShortcut of this OS took the default chord (a clash would be a settings message, not a crash).
    await expect.poll(() => first.app.evaluate(({ globalShortcut }, chord) => globalShortcut.isRegistered(chord), DEFAULT_LOOKUP_SHORTCUT), { timeout: 30 * S }).toBe(true);
    await page.getByLabel('Text with payment IDs').fill(id);
    await page.getByRole('button', { name: 'Add 1 payment' }).click();
    await row(page, id).waitFor();
    await row(page, id).getByRole('button', { name: id, exact: true }).click();
    const section = page.getByTestId('note-section');
    await section.getByLabel('Note').fill('Asked for an invoice.');
    await section.getByRole('textbox', { name: /^Tags/ }).fill('invoice');
    await section.getByRole('button', { name: 'Save note' }).click();
    await section.getByRole('status').getByText('Saved').waitFor();
    await page.keyboard.press('Escape');
    // No key here, so the payment waits for one: a provider filter keeps it in view.
    await page.getByLabel('Provider').selectOption('card2crypto');
    await page.locator('.views-bar select').selectOption({ label: 'Save this view…' });
    await page.getByLabel('View name').fill('Card');
    await page.getByRole('form', { name: 'Save view' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.views-bar select').inputValue()).toBe('Card');
    expect(await first.consoleErrors()).toEqual([]);
    await first.close();

    // Same data folder: the last view is back, and so are the note and tags.
    const second = await rig.launch('daily-relaunch', dataDir);
    page = second.page;
    await row(page, id).waitFor();
    expect(await page.locator('.views-bar select').inputValue()).toBe('Card');
    expect(await page.getByLabel('Provider').inputValue()).toBe('card2crypto');
    await row(page, id).getByRole('button', { name: id, exact: true }).click();
    expect(await page.getByTestId('note-section').getByLabel('Note').inputValue()).toBe('Asked for an invoice.');
    await page.getByRole('searchbox').fill('invoice');
    await row(page, id).waitFor();
    await page.screenshot({ path: rig.result('notes-view-relaunched.png') });
    expect(await second.consoleErrors()).toEqual([]);
    await second.close();
  });

  it('refuses IPC from a data: page, a file: page and a second window showing our own page', async () => {
    const run = await rig.launch('foreign', rig.newDataDir());
    const { app, page } = run;
    await page.getByTestId('welcome').waitFor();
    const probeId = 'pay_foreignProbe0001';
    // Each page gets Paymon's own preload, the strongest case: if it has window.paymon, its calls must be refused.
    const results = await app.evaluate(
      async ({ app: electronApp, BrowserWindow }, { probeId }) => {
        const path = process.getBuiltinModule('node:path');
        const fs = process.getBuiltinModule('node:fs');
        const os = process.getBuiltinModule('node:os');
        const appPath = electronApp.getAppPath();
        const preload = path.join(appPath, 'out', 'preload', 'index.cjs');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paymon-foreign-'));
        const foreignFile = path.join(dir, 'foreign.html');
        fs.writeFileSync(foreignFile, '<!doctype html><title>foreign</title><p>not Paymon');
        const probe = `(async () => {
          const api = globalThis.paymon;
          if (!api) return { exposed: false };
          return { exposed: true, snapshot: await api.snapshot(), add: await api.addText({ text: ${JSON.stringify(probeId)} }) };
        })()`;
        const pages: Array<[string, (w: Electron.BrowserWindow) => Promise<void>]> = [
          ['data:', (w) => w.loadURL('data:text/html,<title>foreign</title><p>not Paymon')],
          ['file:', (w) => w.loadFile(foreignFile)],
          ['own page, other window', (w) => w.loadFile(path.join(appPath, 'out', 'renderer', 'index.html'))],
        ];
        const out: Record<string, unknown> = {};
        for (const [name, load] of pages) {
          const w = new BrowserWindow({ show: false, webPreferences: { preload, sandbox: true, contextIsolation: true, nodeIntegration: false } });
          try {
            await load(w);
            out[name] = { url: w.webContents.getURL(), ...(await w.webContents.executeJavaScript(probe, true)) };
          } finally {
            w.destroy();
          }
        }
        fs.rmSync(dir, { recursive: true, force: true });
        return out;
      },
      { probeId },
    );
    for (const [name, result] of Object.entries(results)) {
      const r = result as { url: string; exposed: boolean; snapshot?: unknown; add?: unknown };
      // The page really is the foreign one (no guard turned the load into something else).
      expect(r.url, name).toMatch(name === 'data:' ? /^data:/ : /^file:/);
      if (!r.exposed) continue;
      expect(r.snapshot, `${name}: snapshot`).toEqual(REFUSED);
      expect(r.add, `${name}: addText`).toEqual(REFUSED);
    }
    expect(Object.keys(results)).toHaveLength(3);
    // Nothing the foreign pages asked for happened, and our own window still works.
    expect(await row(page, probeId).count()).toBe(0);
    expect(await page.getByTestId('count-total').textContent()).toBe('0');
    expect(await page.evaluate(async () => {
      const api = (globalThis as { paymon?: { snapshot(): Promise<{ ok: boolean }> } }).paymon;
      return (await api?.snapshot())?.ok;
    })).toBe(true);
    expect(await run.consoleErrors()).toEqual([]);
    await run.close();
  });
});
