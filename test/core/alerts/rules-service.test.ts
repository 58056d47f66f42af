/**
 * Rules, quiet hours and the alert history (issue 14) against the real service, engine and store
 * (a SQLite file on disk), with the simulator over loopback in virtual time: the rule that decides
 * is recorded beside every alert, silenced alerts still toast and are kept, across restarts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertView } from '../../../src/shared/alert-history.ts';
import { defaultWatchAlerts, type AlertSettingsView, type NotifyRule } from '../../../src/shared/alert-rules.ts';
import type { ToastView } from '../../../src/shared/ipc.ts';
import { localMinutes } from '../../../src/core/alerts/rules.ts';
import { startServiceRig, type ServiceRig } from '../app/service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await p;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const rule = (over: Partial<NotifyRule>): NotifyRule => ({
  id: 'r1', name: 'Rule', enabled: true, providers: [], accounts: [], statuses: [], minAmount: {}, notify: true, sound: false, ...over,
});

/** A Card2Crypto payment of `cents` completing a minute from now; returns its id. */
const card = (cents: number): string => rig.world.addCard2Crypto({ amount: cents, outcome: { complete: rig.clock.now() + 60_000 } });

async function settle(ids: string[]): Promise<void> {
  await ok(rig.service.invoke('watch:add', { text: ids.join(' ') }));
  for (let i = 0; i < 20 && rig.service.pendingCount() > 0; i++) await rig.advance(30_000);
  expect(rig.service.pendingCount()).toBe(0);
}

const history = (filter: object = {}) => ok<AlertView[]>(rig.service.invoke('alerts:history', filter));
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('notification rules', () => {
  it('the first matching rule decides: an amount at or above the threshold in its currency notifies with sound, the rest only in-app', async () => {
    rig = await startServiceRig({ reportShown: false });
    const rules = [
      rule({ id: 'big', name: 'Big USD', statuses: ['completed'], minAmount: { USD: 100_000 }, sound: true }),
      rule({ id: 'quiet', name: 'Everything else', notify: false }),
    ];
    expect(await ok<AlertSettingsView>(rig.service.invoke('alerts:update-settings', { rules }))).toEqual({ rules, quietHours: null, watch: defaultWatchAlerts() });
    expect(rig.on('alerts:settings')).toEqual([{ rules, quietHours: null, watch: defaultWatchAlerts() }]);
    // Exactly at the threshold (minor units) matches; a cent below does not.
    const [at, below] = [card(100_000), card(99_999)];
    await settle([at, below]);

    expect(rig.notified.map((n) => [n.key, n.sound])).toEqual([[`card2crypto:payment:${at}`, true]]);
    expect(rig.on<ToastView>('toast')).toHaveLength(2);
    const rows = await history();
    expect(rows.map((r) => [r.key.split(':').at(-1), r.rule?.name, r.decision, r.delivery, r.sound]).sort()).toEqual(
      [
        [at, 'Big USD', 'desktop', 'pending', true],
        [below, 'Everything else', 'rule-silent', 'none', false],
      ].sort(),
    );
    expect(rig.notified[0]!.alertIds).toEqual([rows.find((r) => r.decision === 'desktop')!.id]);
    // Every recorded row was pushed to the window as it was recorded.
    expect(rig.on<AlertView>('alerts:recorded').map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('a rule by provider and account; a currency without a threshold does not match an amount rule', async () => {
    rig = await startServiceRig();
    await ok(rig.service.invoke('alerts:update-settings', {
      rules: [
        rule({ id: 'eur', name: 'Big EUR', minAmount: { EUR: 1 }, notify: true }),
        rule({ id: 'pc', name: 'PayCrypt shop', providers: ['paycrypt'], accounts: ['default'], notify: false }),
        rule({ id: 'other', name: 'Other shop', accounts: ['elsewhere'], notify: false }),
      ],
    }));
    const pc = rig.world.addPayCrypt({ amount: 10, outcome: { depositAt: rig.clock.now() + 30_000, amountReceived: '10', requiredConfirmations: 1 } });
    const c2c = card(500);
    await settle([pc, c2c]);
    const rows = await history();
    const byProvider = Object.fromEntries(rows.map((r) => [r.provider, [r.rule?.id ?? null, r.decision, r.account]]));
    // USD payments pass the EUR rule by; PayCrypt's default shop is silenced; Card2Crypto falls to the per-status choice.
    expect(byProvider).toEqual({ paycrypt: ['pc', 'rule-silent', 'default'], card2crypto: [null, 'desktop', 'default'] });
    expect(rig.notified.map((n) => n.key)).toEqual([`card2crypto:payment:${c2c}`]);
  });

  it('refuses a malformed rule with a sentence and keeps the saved ones', async () => {
    rig = await startServiceRig();
    const good = [rule({ id: 'a', name: 'A' })];
    await ok(rig.service.invoke('alerts:update-settings', { rules: good }));
    const bad = await rig.service.invoke('alerts:update-settings', { rules: [rule({ minAmount: { usd: 5 } })] });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(JSON.stringify(bad)).toContain('three capital letters');
    const late = await rig.service.invoke('alerts:update-settings', { quietHours: { start: '25:00', end: '07:00' } });
    expect(JSON.stringify(late)).toContain('24-hour time');
    expect(await ok(rig.service.invoke('alerts:settings', undefined))).toEqual({ rules: good, quietHours: null, watch: defaultWatchAlerts() });
  });
});

describe('quiet hours and the history across restarts', () => {
  it('holds back desktop notifications but records and toasts each alert; kept after a restart; notifies again after them', async () => {
    rig = await startServiceRig();
    const now = localMinutes(rig.clock.now());
    // From now for an hour, local time (the user's wall clock).
    await ok(rig.service.invoke('alerts:update-settings', { quietHours: { start: hhmm(now), end: hhmm(now + 60) } }));
    const quiet = card(1_234);
    await settle([quiet]);
    expect(rig.notified).toEqual([]);
    expect(rig.on<ToastView>('toast').map((t) => t.title)).toEqual(['Paid: $12.34']);

    await rig.restart();
    const kept = await history();
    expect(kept.map((r) => [r.title, r.decision, r.delivery])).toEqual([['Paid: $12.34', 'quiet-hours', 'none']]);
    expect(await ok(rig.service.invoke('alerts:settings', undefined))).toMatchObject({ quietHours: { start: hhmm(now) } });

    // Past the quiet hours, the next alert notifies; the history filters by decision and text.
    await rig.advance(61 * 60_000);
    const loud = card(5_000);
    await settle([loud]);
    expect(rig.notified.map((n) => n.title)).toEqual(['Paid: $50.00']);
    expect((await history({ decision: 'quiet-hours' })).map((r) => r.title)).toEqual(['Paid: $12.34']);
    expect((await history({ text: '50.00' })).map((r) => r.key)).toEqual([`card2crypto:payment:${loud}`]);
    expect((await history()).map((r) => r.title)).toEqual(['Paid: $50.00', 'Paid: $12.34']);
  });

  it('main’s delivery reports are saved: shown, then clicked; a failure keeps the reason', async () => {
    rig = await startServiceRig();
    const [a, b] = [card(100), card(200)];
    await settle([a, b]);
    const [first, second] = rig.notified.map((n) => n.alertIds[0]!);
    rig.service.alertDelivery([first!], 'shown');
    rig.service.alertDelivery([first!], 'clicked');
    // The OS may report "shown" after the click: it does not undo it.
    rig.service.alertDelivery([first!], 'shown');
    rig.service.alertDelivery([second!], 'failed', 'Notifications are disabled');
    await rig.restart();
    const rows = await history();
    expect(rows.map((r) => [r.id, r.delivery, r.deliveryError]).sort()).toEqual(
      [
        [first, 'clicked', null],
        [second, 'failed', 'Notifications are disabled'],
      ].sort(),
    );
    // Each change was pushed to the window's list as it happened (before the restart).
    const pushed = rig.on<AlertView>('alerts:recorded').filter((r) => r.id === first);
    expect(pushed.map((r) => r.delivery)).toEqual(['pending', 'shown', 'clicked']);
  });
});
