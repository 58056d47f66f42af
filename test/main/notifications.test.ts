/** Desktop notifications: references kept until click/close, click opens the payment, bursts summed up, no repeats. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotifyRequest } from '../../src/core/app/index.ts';
import { setupNotifications, type NotificationClass, type NotificationLike } from '../../src/main/notifications.ts';
import { startServiceRig, T0, type ServiceRig } from '../core/app/service-rig.ts';

/** A stand-in Notification class recording every instance. */
function fakeNotificationClass(supported = true) {
  const made: Array<{ options: { title: string; body: string }; fire(e: 'click' | 'close' | 'failed'): void; shown: boolean }> = [];
  class FakeNotification implements NotificationLike {
    static isSupported = () => supported;
    readonly #handlers = new Map<string, () => void>();
    constructor(options: { title: string; body: string }) {
      made.push({ options, fire: (e) => this.#handlers.get(e)?.(), shown: false });
    }
    on(event: string, listener: () => void) {
      this.#handlers.set(event, listener);
      return this;
    }
    show() {
      made.at(-1)!.shown = true;
    }
  }
  return { Notification: FakeNotification as unknown as NotificationClass, made };
}

function fakeService() {
  let listener: ((n: NotifyRequest) => void) | null = null;
  return { onNotify: (l: (n: NotifyRequest) => void) => ((listener = l), () => (listener = null)), notify: (n: NotifyRequest) => listener?.(n) };
}

describe('setupNotifications', () => {
  it('keeps each notification referenced until clicked or closed; a click shows the window on that payment', () => {
    const { Notification, made } = fakeNotificationClass();
    const service = fakeService();
    const deps = { Notification, showWindow: vi.fn(), openPayment: vi.fn() };
    const notifier = setupNotifications(service, deps);
    service.notify({ key: 'a', title: 'Paid: $1.00', body: 'A' });
    service.notify({ key: 'b', title: 'Failed: $2.00', body: 'B' });
    expect(made.map((m) => [m.options.title, m.shown])).toEqual([['Paid: $1.00', true], ['Failed: $2.00', true]]);
    expect(notifier.live()).toBe(2);
    made[0]!.fire('click');
    expect(deps.showWindow).toHaveBeenCalledOnce();
    expect(deps.openPayment).toHaveBeenCalledWith('a');
    expect(notifier.live()).toBe(1);
    made[1]!.fire('close');
    expect(notifier.live()).toBe(0);
    expect(deps.openPayment).toHaveBeenCalledOnce();
    notifier.dispose();
    service.notify({ key: 'c', title: 'x', body: 'y' });
    expect(made).toHaveLength(2);
  });

  it('does nothing where notifications are unsupported', () => {
    const { Notification, made } = fakeNotificationClass(false);
    const service = fakeService();
    setupNotifications(service, { Notification, showWindow: vi.fn(), openPayment: vi.fn() });
    service.notify({ key: 'a', title: 't', body: 'b' });
    expect(made).toHaveLength(0);
  });

  it('sums up a burst after the first few', async () => {
    const { Notification, made } = fakeNotificationClass();
    const service = fakeService();
    const deps = { Notification, showWindow: vi.fn(), openPayment: vi.fn(), burst: { max: 2, windowMs: 30 } };
    setupNotifications(service, deps);
    for (let i = 0; i < 10; i++) service.notify({ key: `k${i}`, title: `t${i}`, body: '' });
    expect(made.map((m) => m.options.title)).toEqual(['t0', 't1']);
    await new Promise((r) => setTimeout(r, 60));
    expect(made.map((m) => m.options.title)).toEqual(['t0', 't1', '8 more payments finished']);
    made[2]!.fire('click');
    expect(deps.showWindow).toHaveBeenCalledOnce();
    expect(deps.openPayment).not.toHaveBeenCalled();
  });
});

describe('notifications through the real service', () => {
  let rig: ServiceRig;
  afterEach(() => rig?.close());

  it('notifies a key-transition once, even when the service restarts and sees it again', async () => {
    rig = await startServiceRig();
    const { Notification, made } = fakeNotificationClass();
    const deps = { Notification, showWindow: vi.fn(), openPayment: vi.fn() };
    setupNotifications(rig.service, deps);
    const id = rig.world.addPayCrypt({ amount: 10, outcome: { depositAt: T0 + 30_000, amountReceived: '9.50', requiredConfirmations: 1 } });
    await rig.service.invoke('watch:add', { text: id });
    for (let i = 0; i < 20; i++) await rig.advance(30_000);
    expect(made.map((m) => m.options.title)).toEqual(['Underpaid: received 9.5 USDT of $10.00']);
    await rig.restart();
    setupNotifications(rig.service, deps);
    await rig.service.invoke('watch:refresh', { keys: [`paycrypt:payment:${id}`] });
    for (let i = 0; i < 10; i++) await rig.advance(60_000);
    expect(made).toHaveLength(1);
  });
});
