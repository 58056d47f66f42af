/** Hostile and malformed arguments on every channel, unknown channels, and the external-link allow-list. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeChannel, SnapshotView } from '../../../src/shared/ipc.ts';
import { REQUEST_SCHEMAS } from '../../../src/shared/ipc-schemas.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';
import { DEFAULT_LOOKUP_SHORTCUT } from '../../../src/shared/shortcut.ts';

/** A valid request per channel: each hostile variant below is derived from it. */
const VALID: Record<InvokeChannel, unknown> = {
  'app:snapshot': undefined,
  'watch:add': { text: 'pay_abc123' },
  'watch:remove': { keys: ['card2crypto:payment:pay_abc123'] },
  'watch:undo-remove': { undoToken: 'x' },
  'watch:refresh': { keys: [] },
  'watch:set-paused': { keys: [], paused: true },
  'watch:focus': { key: null },
  'watch:detail': { key: 'k' },
  'monitor:set-paused': { paused: false },
  'keys:set': { provider: 'paycrypt', account: 'default', key: 'sk_test_x' },
  'keys:remove': { provider: 'paycrypt', account: 'default' },
  'keys:verify': { provider: 'paycrypt', account: 'default' },
  'shell:open-external': { url: 'https://etherscan.io/tx/0x1' },
  'watch:set-muted': { keys: ['card2crypto:payment:pay_abc123'], muted: true },
  'watch:set-note': { key: 'card2crypto:payment:pay_abc123', note: 'Called the customer', tags: ['vip'] },
  'accounts:update': { provider: 'paycrypt', account: 'default', baseUrl: 'https://api.example.com', budgetPerMinute: 30 },
  'settings:update': { notifyStatuses: ['completed'], muteAll: true },
  'views:save': { name: 'Paid today', filters: { status: 'final', provider: 'all', account: 'all' }, search: '', sorting: [{ id: 'amount', desc: true }] },
  'views:remove': { name: 'Paid today' },
  'views:select': { name: null },
  'alerts:settings': undefined,
  'alerts:update-settings': { quietHours: { start: '22:00', end: '07:00' } },
  'alerts:history': { text: 'Paid' },
  'demo:start': undefined,
  'demo:stop': undefined,
  'team:settings': undefined,
  'team:update': { agent: 'alice' },
  'team:test': { url: 'postgres://u:p@127.0.0.1:1/x' },
};
const CHANNELS = Object.keys(VALID) as InvokeChannel[];
const HUGE = 'A'.repeat(6_000_000);

/** Variants that no channel may accept. */
function hostile(channel: InvokeChannel): Array<[string, unknown]> {
  const valid = VALID[channel];
  const base = typeof valid === 'object' && valid !== null ? valid : {};
  const fields = Object.keys(base);
  const out: Array<[string, unknown]> = [
    ['null', null],
    ['number', 42],
    ['string', 'hello'],
    ['array', [valid]],
    ['extra field', { ...base, extra: 1 }],
    ['__proto__ key', JSON.parse(`{"__proto__": {"polluted": true}${fields.length ? ',' : ''}${fields.map((f) => `"${f}": ${JSON.stringify((base as Record<string, unknown>)[f])}`).join(',')}}`)],
    ['constructor key', { ...base, constructor: { prototype: { polluted: true } } }],
    ['huge field name', { ...base, [HUGE.slice(0, 100_000)]: 1 }],
    ['throwing getter', Object.defineProperty({}, fields[0] ?? 'x', { enumerable: true, get: () => { throw new Error('boom'); } })],
  ];
  // Only where some field is required: an empty settings:update is a valid no-op.
  if (fields.length > 0 && !REQUEST_SCHEMAS[channel].safeParse({}).success) out.push(['missing fields', {}]);
  for (const f of fields) {
    out.push([`${f}: wrong type`, { ...base, [f]: { nested: [1, 2, 3] } }]);
    out.push([`${f}: huge string`, { ...base, [f]: HUGE }]);
    out.push([`${f}: array`, { ...base, [f]: [HUGE] }]);
  }
  return out;
}

describe('AppService.invoke with hostile input', () => {
  let rig: ServiceRig;
  beforeAll(async () => {
    rig = await startServiceRig();
  });
  afterAll(() => rig.close());

  it('accepts the valid sample of every channel at the schema', () => {
    // The baseline the hostile variants differ from: if these did not parse, the tests below would prove nothing.
    for (const channel of CHANNELS) expect(REQUEST_SCHEMAS[channel].safeParse(VALID[channel]).success, channel).toBe(true);
  });

  for (const channel of CHANNELS) {
    it(`refuses hostile arguments on ${channel}`, async () => {
      for (const [what, arg] of hostile(channel)) {
        // A "huge string" on a field that allows 5 MB is not hostile for watch:add's text: its limit is tested below.
        const result = await rig.service.invoke(channel, arg);
        expect(result.ok, `${channel} / ${what}`).toBe(false);
        if (result.ok) continue;
        expect(result.error.kind, `${channel} / ${what}`).toBe('invalid_input');
        expect(result.error.message.length, `${channel} / ${what}`).toBeLessThan(400);
        expect(result.error.message).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAA');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('refuses a paste over the size limit with a short message', async () => {
    const result = await rig.service.invoke('watch:add', { text: `${HUGE} pay_abc123` });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(JSON.stringify(result).length).toBeLessThan(500);
  });

  it('refuses unknown channels, including names on Object.prototype', async () => {
    for (const channel of ['nope', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(100_000)]) {
      const result = await rig.service.invoke(channel, undefined);
      expect(result, channel.slice(0, 20)).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
      expect(JSON.stringify(result).length).toBeLessThan(300);
    }
  });

  it('refuses semantically bad values that pass the schema', async () => {
    const bad: Array<[InvokeChannel, unknown]> = [
      ['keys:set', { provider: 'paycrypt', account: 'a:b', key: 'sk_test_1234567890' }],
      ['keys:set', { provider: 'paycrypt', account: 'default', key: 'c2c_live_wrongprovider1234' }],
      ['keys:set', { provider: 'paycrypt', account: 'default', key: 'sk_test_with space' }],
      ['keys:remove', { provider: 'card2crypto', account: ' padded ' }],
      ['watch:undo-remove', { undoToken: 'never-issued' }],
      ['accounts:update', { provider: 'card2crypto', account: 'default', baseUrl: 'http://api.example.com' }],
      ['accounts:update', { provider: 'card2crypto', account: 'default', baseUrl: 'ftp://127.0.0.1/' }],
      ['accounts:update', { provider: 'card2crypto', account: 'default', baseUrl: 'javascript:alert(1)' }],
      ['accounts:update', { provider: 'card2crypto', account: 'default', baseUrl: 'https://user:pw@api.example.com' }],
      ['accounts:update', { provider: 'card2crypto', account: 'default', baseUrl: 'not a url' }],
      ['accounts:update', { provider: 'card2crypto', account: 'a:b', budgetPerMinute: 5 }],
      ['settings:update', { notifyStatuses: ['pending'] }],
      ['settings:update', { notifyStatuses: ['completed', '<img src=x onerror=alert(1)>'] }],
    ];
    for (const [channel, arg] of bad) {
      expect(await rig.service.invoke(channel, arg), channel).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    }
    expect(await rig.service.invoke('watch:detail', { key: 'card2crypto:payment:pay_missing' })).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    // An account that does not exist cannot be configured into existence.
    expect(await rig.service.invoke('accounts:update', { provider: 'paycrypt', account: 'nobody', budgetPerMinute: 5 })).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    // Nothing of the refused requests stuck.
    const snap = await rig.service.invoke('app:snapshot', undefined);
    if (!snap.ok) throw new Error('snapshot failed');
    const value = snap.value as SnapshotView;
    expect(value.accounts.every((a) => a.baseUrl === null && a.budgetPerMinute === null)).toBe(true);
    expect(value.settings).toEqual({ notifyStatuses: ['completed', 'failed', 'refunded', 'confirmed', 'overpaid', 'underpaid', 'expired'], muteAll: false, onClose: 'tray', lookupShortcut: DEFAULT_LOOKUP_SHORTCUT, openAtLogin: false });
  });
});

describe('shell:open-external', () => {
  it('opens allow-listed https links only, through the injected opener', async () => {
    const opened: string[] = [];
    const rig = await startServiceRig({ openExternal: async (url) => void opened.push(url) });
    try {
      const allowed = [
        'https://etherscan.io/tx/0xabc',
        'https://tronscan.org/#/transaction/abc',
        'https://bscscan.com/tx/0x1',
        'https://polygonscan.com/tx/0x1',
        'https://mempool.space/tx/abc',
        'https://blockstream.info/tx/abc',
        'https://card2crypto.cc/checkout/pay_abc',
        'https://paycrypt.io/dashboard/payments/1',
      ];
      for (const url of allowed) expect(await rig.service.invoke('shell:open-external', { url }), url).toEqual({ ok: true, value: undefined });
      expect(opened).toEqual(allowed.map((u) => new URL(u).href));

      const refused = [
        'http://etherscan.io/tx/0xabc',
        'https://evil.example/',
        'https://etherscan.io.evil.example/',
        'https://notetherscan.io/',
        'https://user:pw@etherscan.io/',
        'https://etherscan.io@evil.example/',
        'https://etherscan.io:8443/',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'data:text/html,hi',
        'not a url',
        'ftp://etherscan.io/',
        // Exact hosts and paths per link type (issue 16): no subdomain, no other page on the site.
        'https://www.bscscan.com/tx/0x1',
        'https://dashboard.paycrypt.io/payments/1',
        'https://card2crypto.cc/login',
        'https://etherscan.io/address/0xabc',
      ];
      for (const url of refused) {
        expect(await rig.service.invoke('shell:open-external', { url }), url).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
      }
      expect(opened).toHaveLength(allowed.length);
    } finally {
      await rig.close();
    }
  });
});
