/** Desktop notifications: references kept until click/close, click opens the payment, bursts summed up, no repeats. */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotifyRequest } from '../../src/core/app/index.ts';
import type { SnapshotView, SystemView } from '../../src/shared/ipc.ts';
import { setupNotifications, type NotificationClass, type NotificationLike } from '../../src/main/notifications.ts';
import { startServiceRig, T0, type ServiceRig } from '../core/app/service-rig.ts';

/** A stand-in Notification class recording every instance. */
function fakeNotificationClass(supported = true) {
  const made: Array<{ options: { title: string; body: string }; fire(e: 'click' | 'close' | 'failed'): void; shown: boolean }> = [];
  class FakeNotification implements NotificationLike {
    static isSupported = () => supported;
    readonly #handlers = new Map<string, (...args: never[]) => void>();
    constructor(options: { title: string; body: string }) {
      made.push({ options, fire: (e) => this.#handlers.get(e)?.(), shown: false });
    }
    on(event: string, listener: (...args: never[]) => void) {
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
  return {
    onNotify: (l: (n: NotifyRequest) => void) => ((listener = l), () => (listener = null)),
    notificationDelivery: vi.fn(),
    alertDelivery: vi.fn(),
    notify: (n: NotifyRequest) => listener?.(n),
  };
}

describe('setupNotifications', () => {
  it('keeps each notification referenced until clicked or closed; a click shows the window on that payment', () => {
    const { Notification, made } = fakeNotificationClass();
    const service = fakeService();
    const deps = { Notification, showWindow: vi.fn(), openPayment: vi.fn() };
    const notifier = setupNotifications(service, deps);
    service.notify({ key: 'a', title: 'Paid: $1.00', body: 'A', alertIds: [], sound: false });
    service.notify({ key: 'b', title: 'Failed: $2.00', body: 'B', alertIds: [], sound: false });
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
    service.notify({ key: 'c', title: 'x', body: 'y', alertIds: [], sound: false });
    expect(made).toHaveLength(2);
  });

  it('a grouped notification opens the alert list and reports every alert it stands for; a rule’s sound is not silenced', () => {
    const { Notification, made } = fakeNotificationClass();
    const service = fakeService();
    const deps = { Notification, showWindow: vi.fn(), openPayment: vi.fn(), openAlerts: vi.fn() };
    setupNotifications(service, deps);
    service.notify({ key: null, title: '4 payments completed ($40.00)', body: '', alertIds: [1, 2, 3, 4], sound: true });
    service.notify({ key: 'a', title: 'Paid: $1.00', body: '', alertIds: [5], sound: false });
    expect(made.map((m) => (m.options as { silent?: boolean }).silent)).toEqual([false, true]);
    made[0]!.fire('click');
    expect(deps.openAlerts).toHaveBeenCalledOnce();
    expect(deps.openPayment).not.toHaveBeenCalled();
    expect(service.alertDelivery).toHaveBeenCalledWith([1, 2, 3, 4], 'clicked');
  });

  it('does nothing where notifications are unsupported', () => {
    const { Notification, made } = fakeNotificationClass(false);
    const service = fakeService();
    setupNotifications(service, { Notification, showWindow: vi.fn(), openPayment: vi.fn() });
    service.notify({ key: 'a', title: 't', body: 'b', alertIds: [], sound: false });
    expect(made).toHaveLength(0);
  });

  it('sums up a burst after the first few', async () => {
    const { Notification, made } = fakeNotificationClass();
    const service = fakeService();
    const deps = { Notification, showWindow: vi.fn(), openPayment: vi.fn(), burst: { max: 2, windowMs: 30 } };
    setupNotifications(service, deps);
    for (let i = 0; i < 10; i++) service.notify({ key: `k${i}`, title: `t${i}`, body: '', alertIds: [i], sound: false });
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
    expect(made.map((m) => m.options.title)).toEqual(['Underpaid by $0.50: received 9.5 USDT of $10.00']);
    await rig.restart();
    setupNotifications(rig.service, deps);
    await rig.service.invoke('watch:refresh', { keys: [`paycrypt:payment:${id}`] });
    for (let i = 0; i < 10; i++) await rig.advance(60_000);
    expect(made).toHaveLength(1);
  });
});

/** A stand-in Notification that emits like Electron's: 'show' when shown, or 'failed' with the OS's error text. */
function emittingNotificationClass(outcome: () => { failed: string } | 'shown') {
  const made: EventEmitter[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    readonly options: { title: string; body: string };
    constructor(options: { title: string; body: string }) {
      super();
      this.options = options;
      made.push(this);
    }
    show() {
      const o = outcome();
      // Electron emits these asynchronously, after show() returned.
      queueMicrotask(() => (o === 'shown' ? this.emit('show', {}) : this.emit('failed', {}, o.failed)));
    }
  }
  return { Notification: FakeNotification as unknown as NotificationClass, made };
}

describe('notifications the OS does not deliver', () => {
  let rig: ServiceRig;
  afterEach(() => rig?.close());

  it('logs the reason and pushes a banner to the window; the next notification shown clears it', async () => {
    rig = await startServiceRig();
    let next: { failed: string } | 'shown' = { failed: 'Notifications are disabled in System Settings.' };
    const { Notification } = emittingNotificationClass(() => next);
    const logged: string[] = [];
    setupNotifications(rig.service, { Notification, showWindow: vi.fn(), openPayment: vi.fn(), platform: 'darwin', log: (m) => logged.push(m) });
    const settle = async (id: string): Promise<void> => {
      await rig.service.invoke('watch:add', { text: id });
      for (let i = 0; i < 10; i++) await rig.advance(30_000);
      await new Promise((resolve) => setTimeout(resolve, 0));
    };

    const first = rig.world.addCard2Crypto({ amount: 4200, outcome: { complete: T0 + 30_000 } });
    await settle(first);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(first);
    expect(logged[0]).toContain('Notifications are disabled in System Settings.');
    const pushed = rig.on<SystemView>('system').at(-1)!;
    expect(pushed.notificationProblem).toEqual({
      reason: 'Notifications are disabled in System Settings',
      help: expect.stringContaining('System Settings › Notifications › Paymon') as unknown as string,
    });
    const snap = await rig.service.invoke('app:snapshot', undefined);
    expect(snap.ok && (snap.value as SnapshotView).notificationProblem?.reason).toBe('Notifications are disabled in System Settings');

    next = 'shown';
    await settle(rig.world.addCard2Crypto({ amount: 100, outcome: { complete: T0 + 400_000 } }));
    expect(rig.on<SystemView>('system').at(-1)!.notificationProblem).toBeNull();
    expect(logged).toHaveLength(1);
  });
});
