/**
 * Rules by kind of alert (issue 14): "stuck payments from shop X: sound on", "no desktop
 * notification for milestones". Decided in the core (src/core/alerts/rules.ts), so the app and
 * `paymon watch` agree; against the real service, engine and store (SQLite on disk) with the
 * simulator over loopback in virtual time. Rules saved before kinds existed load unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ruleMatches, type AlertSubject } from '../../../src/core/alerts/rules.ts';
import { loadAlertSettings } from '../../../src/core/alerts/settings.ts';
import { openStore } from '../../../src/core/store/index.ts';
import { ALERT_KINDS, type AlertView } from '../../../src/shared/alert-history.ts';
import { defaultWatchAlerts, kindsText, newRule, type NotifyRule } from '../../../src/shared/alert-rules.ts';
import { startServiceRig, T0, type ServiceRig } from '../app/service-rig.ts';

let rig: ServiceRig | undefined;
afterEach(() => rig?.close());

const M = 60_000;
const rule = (over: Partial<NotifyRule>): NotifyRule => ({ ...newRule('r1', 'Rule'), ...over });
const subject = (over: Partial<AlertSubject>): AlertSubject => ({
  provider: 'card2crypto', account: 'default', status: 'pending', kind: 'stuck-pending', amountMinor: 100, currency: 'USD', muted: false, ...over,
});

describe('a rule’s kinds', () => {
  it('match only the kinds named; none named, or a rule saved without the field, matches every kind', () => {
    const stuck = rule({ kinds: ['stuck-pending'] });
    expect(ALERT_KINDS.filter((kind) => ruleMatches(stuck, subject({ kind })))).toEqual(['stuck-pending']);
    const milestones = rule({ kinds: ['deposit-seen', 'confirmations'] });
    expect(ALERT_KINDS.filter((kind) => ruleMatches(milestones, subject({ kind })))).toEqual(['deposit-seen', 'confirmations']);
    expect(ALERT_KINDS.filter((kind) => ruleMatches(rule({ kinds: [] }), subject({ kind })))).toEqual([...ALERT_KINDS]);
    const { kinds: _dropped, ...old } = rule({});
    expect(ALERT_KINDS.filter((kind) => ruleMatches(old, subject({ kind })))).toEqual([...ALERT_KINDS]);
    // Kinds combine with the other criteria (AND): a stuck payment of another shop is not this rule's.
    const shop = rule({ kinds: ['stuck-pending'], accounts: ['shop-x'] });
    expect(ruleMatches(shop, subject({ account: 'shop-x' }))).toBe(true);
    expect(ruleMatches(shop, subject({ account: 'other' }))).toBe(false);
    expect(ruleMatches(shop, subject({ account: 'shop-x', kind: 'final', status: 'completed' }))).toBe(false);
  });

  it('are named in people’s words in the summary', () => {
    expect(kindsText(['stuck-pending', 'expiring'])).toBe('stuck pending, about to expire');
    expect(kindsText([])).toBe('any kind');
    expect(kindsText(undefined)).toBe('any kind');
  });

  it('decide watch alerts apart from status changes: stuck payments with sound, milestones in-app only', async () => {
    const r = (rig = await startServiceRig());
    const rules = [
      rule({ id: 'stuck', name: 'Stuck: sound', kinds: ['stuck-pending'], sound: true }),
      rule({ id: 'quiet', name: 'Milestones in-app', kinds: ['deposit-seen', 'confirmations'], notify: false }),
    ];
    const watch = { ...defaultWatchAlerts(), milestones: { enabled: true, confirmations: 1 } };
    const saved = await r.service.invoke('alerts:update-settings', { rules, watch });
    expect(saved.ok).toBe(true);
    const slow = r.world.addCard2Crypto({ amount: 4_200, createdAt: T0, outcome: 'pending' });
    const paid = r.world.addCard2Crypto({ amount: 1_000, createdAt: T0, outcome: { complete: T0 + 2 * M } });
    const crypto = r.world.addPayCrypt({
      amount: 12,
      network: 'tron',
      createdAt: T0,
      expiresAt: T0 + 30 * M,
      outcome: { depositAt: T0 + M, amountReceived: 12, requiredConfirmations: 3, blockSeconds: 3 },
    });
    await r.service.invoke('watch:add', { text: `${slow} ${paid} ${crypto}` });
    for (let i = 0; i < 62; i++) await r.advance(M);

    const listed = await r.service.invoke('alerts:history', {});
    expect(listed.ok).toBe(true);
    const rows = (listed.ok ? (listed.value as AlertView[]) : []).map((a) => [a.key.split(':').at(-1), a.kind, a.rule?.id ?? null, a.decision, a.sound]);
    expect(rows.filter((row) => row[0] === slow)).toEqual([[slow, 'stuck-pending', 'stuck', 'desktop', true]]);
    // The status change of the same provider falls through both rules to the per-status choice.
    expect(rows.filter((row) => row[0] === paid)).toEqual([[paid, 'final', null, 'desktop', false]]);
    const milestones = rows.filter((row) => row[0] === crypto && row[1] !== 'final');
    expect(milestones.map((row) => row[1]).sort()).toEqual(['confirmations', 'deposit-seen']);
    expect(milestones.every((row) => row[2] === 'quiet' && row[3] === 'rule-silent')).toBe(true);
    // Only the stuck payment and the two final statuses reached the desktop, the stuck one with sound.
    expect(r.notified.filter((n) => String(n.key).endsWith(slow)).map((n) => n.sound)).toEqual([true]);
    expect(r.notified.some((n) => /Deposit seen|confirmation/.test(n.title))).toBe(false);
  });

  it('load unchanged from a rule saved before kinds existed, and a stored unknown kind drops the row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paymon-rule-kinds-'));
    try {
      const { store } = openStore(dir);
      const old = { id: 'o', name: 'Old', enabled: true, providers: [], accounts: ['shop'], statuses: ['completed'], minAmount: {}, notify: false, sound: false };
      store.setSetting('alertRules', [old]);
      expect(loadAlertSettings(store).rules).toEqual([old]);
      store.setSetting('alertRules', [{ ...old, kinds: ['stuck-pending'] }]);
      expect(loadAlertSettings(store).rules).toEqual([{ ...old, kinds: ['stuck-pending'] }]);
      store.setSetting('alertRules', [{ ...old, kinds: ['teleported'] }]);
      expect(loadAlertSettings(store).rules).toEqual([]);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
