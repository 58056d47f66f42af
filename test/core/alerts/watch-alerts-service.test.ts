/**
 * Watch alerts in the app (issue 14), against the real AppService, engine and store (SQLite on disk)
 * with the simulator over loopback, in virtual time: a stuck payment raises a desktop notification
 * in its own words, toasts and lands in the history; a threshold changed over IPC takes effect at
 * once; settings saved before watch alerts existed load with the defaults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAlertSettings } from '../../../src/core/alerts/settings.ts';
import { openStore } from '../../../src/core/store/index.ts';
import type { AlertView } from '../../../src/shared/alert-history.ts';
import { defaultWatchAlerts, type AlertSettingsView } from '../../../src/shared/alert-rules.ts';
import type { AwaySummaryView, ToastView } from '../../../src/shared/ipc.ts';
import { startServiceRig, T0, type ServiceRig } from '../app/service-rig.ts';

let rig: ServiceRig | undefined;
afterEach(() => rig?.close());

const M = 60_000;

describe('watch alerts in the app', () => {
  it('raises a stuck payment as a desktop notification with its words, and a lowered threshold fires at once', async () => {
    const r = (rig = await startServiceRig());
    const slow = r.world.addCard2Crypto({ amount: 4_200, createdAt: T0, outcome: 'pending' });
    await r.service.invoke('watch:add', { text: slow });
    await r.advance(30 * M);
    const young = r.world.addCard2Crypto({ amount: 900, createdAt: r.clock.now(), outcome: 'pending' });
    await r.service.invoke('watch:add', { text: young });
    await r.advance(31 * M);
    // One hour after creation, from the engine's timer: the notification, the toast, the history row.
    expect(r.notified.map((n) => [n.key, n.title])).toEqual([[`card2crypto:payment:${slow}`, 'Pending for 1 h: $42.00']]);
    expect(r.on<ToastView>('toast').map((t) => t.title)).toContain('Pending for 1 h: $42.00');
    // Pushed when recorded, and again when the OS reported it shown: one alert.
    const recorded = r.on<AlertView>('alerts:recorded').filter((a) => a.kind === 'stuck-pending');
    expect([...new Set(recorded.map((a) => a.id))]).toHaveLength(1);
    expect(recorded.map((a) => [a.title, a.decision, a.delivery])).toEqual([
      ['Pending for 1 h: $42.00', 'desktop', 'pending'],
      ['Pending for 1 h: $42.00', 'desktop', 'shown'],
    ]);

    // 20 minutes for Card2Crypto: the younger payment (pending 31 min) is due now, not at its hour.
    const next = { ...defaultWatchAlerts(), stuckPendingMinutes: { card2crypto: 20 } };
    const saved = await r.service.invoke('alerts:update-settings', { watch: next });
    expect(saved.ok && (saved.value as AlertSettingsView).watch).toEqual(next);
    await r.advance(3_000);
    expect(r.notified.map((n) => n.title)).toEqual(['Pending for 1 h: $42.00', 'Pending for 31 min: $9.00']);
    // The older one's episode was claimed: a new threshold does not repeat it.
    expect(r.store.countAlerts(`card2crypto:payment:${slow}`)).toBe(1);
  });

  it('after a sleep, a payment still pending is told on its own from a fresh answer, not listed as reaching a final status', async () => {
    const r = (rig = await startServiceRig());
    const paid = r.world.addCard2Crypto({ amount: 1_000, createdAt: T0, outcome: { complete: T0 + 40 * M } });
    const open = r.world.addCard2Crypto({ amount: 2_000, createdAt: T0, outcome: 'pending' });
    await r.service.invoke('watch:add', { text: `${paid} ${open}` });
    await r.advance(2_000);
    r.service.setHold('suspend', true);
    await r.advance(2 * 60 * M);
    expect(r.notified).toEqual([]);
    r.service.setHold('suspend', false);
    for (let i = 0; i < 60 && r.on('away').length === 0; i++) await r.advance(1_000);
    const [summary] = r.on<AwaySummaryView>('away');
    expect(summary!.reachedFinal.map((f) => f.title)).toEqual(['Paid: $10.00']);
    await r.advance(15_000);
    const titles = r.notified.map((n) => n.title);
    expect(titles.filter((t) => t.startsWith('Pending for'))).toEqual([expect.stringMatching(/^Pending for 2 h( \d+ min)?: \$20\.00$/)]);
    // The one finished while away is in the summary, never "pending for 2 h".
    expect(r.store.listAlerts({ kind: 'stuck-pending' }).map((a) => a.key)).toEqual([`card2crypto:payment:${open}`]);
  });

  it('loads a settings file from before watch alerts with their defaults, and drops a hand-edited bad row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paymon-watch-settings-'));
    try {
      const { store } = openStore(dir);
      store.setSetting('quietHours', { start: '22:00', end: '07:00' });
      expect(loadAlertSettings(store)).toEqual({ rules: [], quietHours: { start: '22:00', end: '07:00' }, watch: defaultWatchAlerts() });
      store.setSetting('watchAlerts', { stuckPendingMinutes: { card2crypto: -5 }, expiringMinutes: 5, stalled: true, milestones: { enabled: false, confirmations: 3 } });
      expect(loadAlertSettings(store).watch).toEqual(defaultWatchAlerts());
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
