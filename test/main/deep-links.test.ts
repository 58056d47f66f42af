/**
 * paymon:// links in main (issue 13): every way the OS hands one over (macOS open-url, also before
 * 'ready'; the first launch's command line; a second launch's), held until the service is up,
 * then followed by the real AppService over the simulator: added and opened, opened, or refused
 * with a notice and nothing else changed.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkInbox, linkFollower, MAX_HELD_LINKS, protocolClientArgs, secondInstanceLink, setupDeepLinks, type ProtocolAppLike } from '../../src/main/deep-links.ts';
import type { NoticeView } from '../../src/shared/ipc.ts';
import { startServiceRig, type ServiceRig } from '../core/app/service-rig.ts';

/** A stand-in for Electron's app: records registrations and emits 'open-url' like macOS does. */
class FakeApp extends EventEmitter implements ProtocolAppLike {
  registered: unknown[][] = [];
  answer = true;
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.registered.push(args);
    return this.answer;
  }
  override on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): this {
    return super.on(event, listener);
  }
  openUrl(url: string): { prevented: boolean } {
    const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
    this.emit('open-url', event, url);
    return event;
  }
}

const facts = (argv: string[], defaultApp = false) => ({ defaultApp, execPath: '/opt/Paymon/paymon', argv, resolve: (p: string) => `/home/me/paymon/${p}` });

describe('LinkInbox', () => {
  it('holds links until ready, then passes them on in order, and later ones at once', () => {
    const inbox = new LinkInbox();
    const seen: string[] = [];
    inbox.push('paymon://a');
    inbox.push('paymon://b');
    expect(seen).toEqual([]);
    inbox.ready((url) => seen.push(url));
    expect(seen).toEqual(['paymon://a', 'paymon://b']);
    inbox.push('paymon://c');
    expect(seen).toEqual(['paymon://a', 'paymon://b', 'paymon://c']);
  });

  it(`holds at most ${MAX_HELD_LINKS} links before start-up (a flood is cut, not queued)`, () => {
    const inbox = new LinkInbox();
    for (let i = 0; i < MAX_HELD_LINKS + 50; i++) inbox.push(`paymon://${i}`);
    const seen: string[] = [];
    inbox.ready((url) => seen.push(url));
    expect(seen).toHaveLength(MAX_HELD_LINKS);
    expect(seen[0]).toBe('paymon://0');
  });
});

describe('setupDeepLinks', () => {
  it("takes macOS's open-url (and says it was handled) and the first launch's command line", () => {
    const app = new FakeApp();
    const inbox = new LinkInbox();
    setupDeepLinks(app, facts(['/opt/Paymon/paymon', '--no-sandbox', 'paymon://open/pay_abc123xyz789']), inbox);
    const event = app.openUrl('paymon://watch/pay_abc123xyz789');
    expect(event.prevented).toBe(true);
    const seen: string[] = [];
    inbox.ready((url) => seen.push(url));
    expect(seen).toEqual(['paymon://open/pay_abc123xyz789', 'paymon://watch/pay_abc123xyz789']);
  });

  it('registers the packaged app itself, and `electron .` with the Electron binary and the app folder', () => {
    const packaged = new FakeApp();
    expect(setupDeepLinks(packaged, facts(['/opt/Paymon/paymon']), new LinkInbox()).register()).toBe(true);
    expect(packaged.registered).toEqual([['paymon']]);

    const dev = new FakeApp();
    dev.answer = false;
    expect(setupDeepLinks(dev, facts(['/usr/lib/electron', '.'], true), new LinkInbox()).register()).toBe(false);
    expect(dev.registered).toEqual([['paymon', '/opt/Paymon/paymon', ['/home/me/paymon/.']]]);
    // `electron --inspect` with no app path: registering would start a bare Electron, so it does not.
    expect(protocolClientArgs(facts(['/usr/lib/electron', '--inspect'], true))).toBeNull();
  });

  it("takes a second launch's link, and nothing from one without", () => {
    const inbox = new LinkInbox();
    const seen: string[] = [];
    inbox.ready((url) => seen.push(url));
    secondInstanceLink(['C:\\Paymon\\Paymon.exe', '--', 'paymon://watch/pay_abc123xyz789'], inbox);
    secondInstanceLink(['C:\\Paymon\\Paymon.exe'], inbox);
    expect(seen).toEqual(['paymon://watch/pay_abc123xyz789']);
  });
});

describe('following links on the real service', () => {
  let rig: ServiceRig;
  afterEach(() => rig?.close());

  function follow(url: string): { opened: string[]; shown: number } {
    const win = { opened: [] as string[], shown: 0 };
    linkFollower(rig.service, { openPayment: (key) => win.opened.push(key), showWindow: () => void win.shown++ })(url);
    return win;
  }
  const requests = () => Object.values(rig.world.stats()).reduce((n, s) => n + s.requests, 0);

  it('watch: adds the payments, checks them, opens the first, and says what it did', async () => {
    rig = await startServiceRig();
    const a = rig.world.addCard2Crypto({ amount: 1999, outcome: 'pending' });
    const b = rig.world.addPayCrypt({ amount: 5, orderId: 'ORD-55', network: 'tron', outcome: 'pending' });
    const win = follow(`paymon://watch/${a},${b}`);
    expect(win.opened).toEqual([`card2crypto:payment:${a}`]);
    await rig.advance(2_000);
    expect(rig.store.getWatch(`card2crypto:payment:${a}`)?.status).toBe('pending');
    expect(rig.store.getWatch(`paycrypt:payment:${b}`)?.status).toBe('pending');
    expect(rig.on<NoticeView>('notice')).toEqual([{ kind: 'info', message: 'From a link: added 2 payments.' }]);

    // The same link again: nothing is added twice; both are checked again.
    const before = requests();
    follow(`paymon://watch/${a},${b}`);
    await rig.advance(2_000);
    expect(rig.store.listWatches()).toHaveLength(2);
    expect(requests()).toBeGreaterThanOrEqual(before + 2);
    expect(rig.on<NoticeView>('notice').at(-1)).toEqual({ kind: 'info', message: 'From a link: 2 payments already watched, checking again.' });
  });

  it('watch by order ID looks the order up', async () => {
    rig = await startServiceRig();
    const id = rig.world.addPayCrypt({ amount: 5, orderId: 'ORD-7001', network: 'tron', outcome: 'pending' });
    const win = follow('paymon://watch?order=ORD-7001');
    expect(win.opened).toEqual(['paycrypt:order:ORD-7001']);
    await rig.advance(2_000);
    expect(rig.store.getWatch('paycrypt:order:ORD-7001')?.payment?.id).toBe(id);
  });

  it('open: opens a watched payment; one not watched is not added, and the window says so', async () => {
    rig = await startServiceRig();
    const a = rig.world.addCard2Crypto({ amount: 1999, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: a });
    expect(follow(`paymon://open/${a}`)).toEqual({ opened: [`card2crypto:payment:${a}`], shown: 0 });

    const other = rig.world.addCard2Crypto({ amount: 500, outcome: 'pending' });
    expect(follow(`paymon://open/${other}`)).toEqual({ opened: [], shown: 1 });
    expect(rig.store.getWatch(`card2crypto:payment:${other}`)).toBeNull();
    expect(rig.on<NoticeView>('notice')).toEqual([{ kind: 'error', message: `${other} is not on the watchlist. A paymon://watch/… link adds it.` }]);
  });

  it('a refused link changes nothing, sends no request, and the window says why', async () => {
    rig = await startServiceRig();
    const bad = ['paymon://delete/pay_abc123xyz789', 'paymon://watch/pay_abc123xyz789,../../etc', 'paymon://watch/pay_abc123xyz789?then=https://evil.example', 'not a link'];
    for (const url of bad) expect(follow(url)).toEqual({ opened: [], shown: 1 });
    await rig.advance(5_000);
    expect(rig.store.listWatches()).toEqual([]);
    expect(requests()).toBe(0);
    const notices = rig.on<NoticeView>('notice');
    expect(notices).toHaveLength(bad.length);
    for (const n of notices) {
      expect(n.kind).toBe('error');
      expect(n.message).toMatch(/^This paymon:\/\/ link was not followed: /);
    }
  });
});
