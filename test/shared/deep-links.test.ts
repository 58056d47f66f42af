/** paymon:// links (issue 13): the accepted forms, every other form refused with a sentence, and the round trip. */
import { describe, expect, it } from 'vitest';
import { isDeepLink, linkInArgv, MAX_LINK_LENGTH, MAX_LINK_REFS, parseDeepLink, watchLink } from '../../src/shared/deep-links.ts';
import { PaymonError } from '../../src/shared/errors.ts';
import type { PaymentRef } from '../../src/shared/refs.ts';

const C2C = 'pay_abc123xyz789';
const C2C_2 = 'pay_9QXN1s2fxoInjTwl';
const UUID = '9515b51e-0279-4294-805d-91f7762914c3';
const c2c = (value: string): PaymentRef => ({ provider: 'card2crypto', kind: 'payment', value });
const pc = (value: string): PaymentRef => ({ provider: 'paycrypt', kind: 'payment', value });
const order = (value: string): PaymentRef => ({ provider: 'paycrypt', kind: 'order', value });

describe('parseDeepLink accepts', () => {
  it.each<[string, ReturnType<typeof parseDeepLink>]>([
    [`paymon://watch/${C2C}`, { action: 'watch', refs: [c2c(C2C)] }],
    [`paymon://watch/${C2C},${UUID}`, { action: 'watch', refs: [c2c(C2C), pc(UUID)] }],
    // A trailing slash (browsers, chat apps), spaces around commas and a repeated ID are forgiven.
    [`paymon://watch/${C2C},%20${C2C_2},${C2C}/`, { action: 'watch', refs: [c2c(C2C), c2c(C2C_2)] }],
    // A PayCrypt UUID is stored in lower case, as paste stores it.
    [`paymon://watch/${UUID.toUpperCase()}`, { action: 'watch', refs: [pc(UUID)] }],
    ['paymon://watch?order=ORD-7001', { action: 'watch', refs: [order('ORD-7001')] }],
    [`paymon://watch/${C2C}?order=ORD-1&order=ORD-2,ORD-3`, { action: 'watch', refs: [c2c(C2C), order('ORD-1'), order('ORD-2'), order('ORD-3')] }],
    [`PAYMON://Watch/${C2C}`, { action: 'watch', refs: [c2c(C2C)] }],
    [`  paymon://open/${C2C}\n`, { action: 'open', ref: c2c(C2C) }],
    [`paymon://open/${UUID}/`, { action: 'open', ref: pc(UUID) }],
  ])('%s', (url, expected) => {
    expect(parseDeepLink(url)).toEqual(expected);
  });
});

describe('parseDeepLink refuses, with a sentence naming why', () => {
  it.each<[unknown, RegExp]>([
    [42, /not text/],
    ['https://card2crypto.cc/checkout/pay_abc123xyz789', /does not start with paymon:\/\//],
    ['javascript:alert(1)', /does not start with paymon:\/\//],
    [`paymon://delete/${C2C}`, /"delete" is not something Paymon does/],
    [`paymon:///${C2C}`, /"\(nothing\)" is not something Paymon does/],
    [`paymon:watch/${C2C}`, /not something Paymon does|not a list of payment IDs/],
    ['paymon://watch/', /names no payment ID/],
    ['paymon://watch', /names no payment ID/],
    [`paymon://watch/${C2C}/${C2C_2}`, /not a list of payment IDs/],
    ['paymon://watch/pay_b@d', /"pay_b@d" is not a payment ID/],
    ['paymon://watch/../../etc/passwd', /not a list of payment IDs|is not a payment ID/],
    [`paymon://watch/${C2C}%2F..`, /is not a payment ID/],
    [`paymon://watch/${C2C},nope`, /"nope" is not a payment ID/],
    ['paymon://watch/pay_abc%ZZ', /broken %-escape/],
    [`paymon://user:pw@watch/${C2C}`, /user, password or port/],
    [`paymon://watch:8080/${C2C}`, /user, password or port/],
    [`paymon://watch/${C2C}#top`, /#fragment/],
    [`paymon://watch/${C2C}?redirect=https://evil.example`, /unknown part "redirect"/],
    ['paymon://watch?order=', /names no payment ID/],
    ['paymon://watch?order=ORD%0A1', /is not a valid PayCrypt order ID/],
    [`paymon://open/${C2C},${C2C_2}`, /exactly one payment ID/],
    [`paymon://open/${C2C}?order=ORD-1`, /no \?order=/],
    ['paymon://open/', /exactly one payment ID/],
    [`paymon://watch/${'x'.repeat(MAX_LINK_LENGTH)}`, /longer than 4,096 characters/],
  ])('%s', (url, reason) => {
    let error: unknown;
    try {
      parseDeepLink(url);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PaymonError);
    expect((error as PaymonError).kind).toBe('invalid_input');
    expect((error as PaymonError).message).toMatch(/^This paymon:\/\/ link was not followed: /);
    expect((error as PaymonError).message).toMatch(reason);
  });

  it('refuses a link with more payments than one link may carry', () => {
    const ids = Array.from({ length: MAX_LINK_REFS + 1 }, (_, i) => `pay_link${String(i).padStart(8, '0')}`);
    expect(() => parseDeepLink(`paymon://watch/${ids.join(',')}`)).toThrow(`names ${MAX_LINK_REFS + 1} payments; one link takes ${MAX_LINK_REFS} at most`);
    expect(parseDeepLink(`paymon://watch/${ids.slice(1).join(',')}`)).toMatchObject({ action: 'watch' });
  });

  it('quotes what it refuses without control or bidi characters', () => {
    expect(() => parseDeepLink('paymon://watch/pay_%E2%80%AEabc%1B%5D52')).toThrow(/"pay_ abc ]52" is not a payment ID/);
  });
});

describe('watchLink', () => {
  it('builds links that parse back to the same references', () => {
    const refs = [c2c(C2C), pc(UUID), order('ORD 1&x=2'), order('A:B.c_d-e')];
    const link = watchLink(refs);
    expect(link).toBe(`paymon://watch/${C2C},${UUID}?order=ORD%201%26x%3D2&order=A%3AB.c_d-e`);
    expect(isDeepLink(link)).toBe(true);
    // "ORD 1&x=2" is not a valid order ID, so that link is refused as a whole; the valid ones round-trip.
    expect(() => parseDeepLink(link)).toThrow(/order ID/);
    const valid = [c2c(C2C), pc(UUID), order('A:B.c_d-e')];
    expect(parseDeepLink(watchLink(valid))).toEqual({ action: 'watch', refs: valid });
  });
});

describe('linkInArgv', () => {
  it('finds the link in a command line (Windows and Linux pass it as an argument)', () => {
    expect(linkInArgv(['/opt/Paymon/paymon', '--no-sandbox', `paymon://open/${C2C}`])).toBe(`paymon://open/${C2C}`);
    expect(linkInArgv(['C:\\Paymon\\Paymon.exe', '--allow-file-access-from-files', '--', `PAYMON://watch/${C2C}`])).toBe(`PAYMON://watch/${C2C}`);
    expect(linkInArgv(['/opt/Paymon/paymon', '.'])).toBeNull();
    expect(linkInArgv(['electron', '--paymon-cli', 'check', C2C])).toBeNull();
  });
});
