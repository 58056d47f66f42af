/**
 * Every IPC channel fed seeded random and hostile payloads through the same entry
 * point main uses (AppService.invoke after the sender check): each call answers
 * with a result object, never throws, never hangs, and never pollutes prototypes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNELS } from '../../src/shared/ipc.ts';
import { mulberry32 } from '../../src/simulator/random.ts';
import { startServiceRig, type ServiceRig } from '../core/app/service-rig.ts';

const KEYS = ['keys', 'key', 'text', 'provider', 'account', 'url', 'paused', 'muted', 'orderIds', 'undoToken', '__proto__', 'constructor', 'prototype', 'baseUrl', 'budgetPerMinute'];
const STRINGS = ['', 'pay_abc123', '../../admin', 'javascript:alert(1)', 'file:///etc/passwd', 'http://evil.example/', 'paycrypt', 'card2crypto', '\u0000\u202e', '💸'.repeat(1000), 'x'.repeat(70_000)];

/** A random JSON-like value, sometimes deep, sometimes huge, with hostile keys. */
function value(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 6 ? 6 : 9));
  switch (pick) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return [0, -1, 1e308, Number.NaN, Infinity, 2 ** 53 + 1, -0][Math.floor(r() * 7)];
    case 3: return STRINGS[Math.floor(r() * STRINGS.length)];
    case 4: return undefined;
    case 5: return 'y'.repeat(Math.floor(r() * 200));
    case 6: return Array.from({ length: Math.floor(r() * 5) }, () => value(r, depth + 1));
    default: {
      const obj: Record<string, unknown> = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++) Object.defineProperty(obj, KEYS[Math.floor(r() * KEYS.length)]!, { value: value(r, depth + 1), enumerable: true, configurable: true, writable: true });
      return obj;
    }
  }
}

let rig: ServiceRig;
beforeAll(async () => {
  rig = await startServiceRig();
});
afterAll(() => rig.close());

describe('IPC fuzzing', () => {
  it('answers every random or hostile payload on every channel with a result, never a throw', async () => {
    // Seeded: the same cases every run.
    const r = mulberry32(20261121);
    const channels = [...Object.values(API_CHANNELS), 'nope:channel', '__proto__', 'constructor', 'toString'];
    let tried = 0;
    let refused = 0;
    for (const channel of channels) {
      for (let i = 0; i < 120; i++) {
        const out = await rig.service.invoke(channel, value(r));
        tried++;
        expect(typeof out).toBe('object');
        expect(typeof out.ok).toBe('boolean');
        if (!out.ok) {
          refused++;
          expect(out.error.message.length).toBeLessThan(2_000);
        }
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('keys');
    console.log(`IPC fuzz: ${tried} calls on ${channels.length} channels, ${refused} refused with a clear error, 0 thrown`);
    expect(tried).toBe(channels.length * 120);
  });

  it('refuses hostile kinds in a rule and keeps the saved rules; a good list is saved as sent', async () => {
    const rule = { id: 'k', name: 'Kinds', enabled: true, providers: [], accounts: [], statuses: [], minAmount: {}, notify: true, sound: false };
    const good = await rig.service.invoke('alerts:update-settings', { rules: [{ ...rule, kinds: ['stuck-pending', 'stalled'] }] });
    expect(good.ok).toBe(true);
    const r = mulberry32(20261208);
    for (let i = 0; i < 60; i++) {
      const kinds = i % 3 === 0 ? [STRINGS[i % STRINGS.length], '__proto__'] : value(r);
      // No kinds, or an empty list, is a valid rule (every kind).
      if (kinds === undefined || (Array.isArray(kinds) && kinds.length === 0)) continue;
      const out = await rig.service.invoke('alerts:update-settings', { rules: [{ ...rule, kinds }] });
      expect(out.ok, JSON.stringify(kinds)?.slice(0, 80)).toBe(false);
    }
    const now = await rig.service.invoke('alerts:settings', undefined);
    expect(now.ok && (now.value as { rules: unknown[] }).rules).toEqual([{ ...rule, kinds: ['stuck-pending', 'stalled'] }]);
    expect(Object.prototype).not.toHaveProperty('kinds');
  });
});
