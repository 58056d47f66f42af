/**
 * The link allow-list (issue 16): per link type an exact host and a path prefix, and nothing else:
 * no subdomain, no other path on an allowed site, no query, no credentials, no port, https only.
 */
import { describe, expect, it } from 'vitest';
import { explorerUrl, LINK_RULES, matchLink, type LinkKind } from '../../src/shared/links.ts';
import { allowedExternalUrl, checkExternalUrl } from '../../src/core/app/external-links.ts';

const TX = `0x${'ab'.repeat(32)}`;
const BTC = 'cd'.repeat(32);

/** URL → the link type it is allowed as. */
const ALLOWED: [string, LinkKind][] = [
  ['https://card2crypto.cc/checkout/pay_abc123xyz789', 'checkout'],
  ['https://CARD2CRYPTO.cc/checkout/pay_abc123', 'checkout'],
  ['https://card2crypto.cc/checkout/pay_a/../pay_b', 'checkout'], // normalised to /checkout/pay_b
  [`https://etherscan.io/tx/${TX}`, 'explorer'],
  ['https://etherscan.io/tx/0xabc', 'explorer'],
  [`https://tronscan.org/#/transaction/${BTC}`, 'explorer'],
  [`https://bscscan.com/tx/${TX}`, 'explorer'],
  [`https://polygonscan.com/tx/${TX}`, 'explorer'],
  [`https://mempool.space/tx/${BTC}`, 'explorer'],
  [`https://blockstream.info/tx/${BTC}`, 'explorer'],
  ['https://card2crypto.cc/dashboard', 'dashboard'],
  ['https://card2crypto.cc/dashboard/payments/pay_abc', 'dashboard'],
  ['https://paycrypt.io/dashboard/', 'dashboard'],
];

const REFUSED: string[] = [
  // Another path on an allowed host: the old host-only rule let every one of these through.
  'https://card2crypto.cc/',
  'https://card2crypto.cc/login',
  'https://card2crypto.cc/checkout/',
  'https://card2crypto.cc/checkout/pay_abc/extra',
  'https://card2crypto.cc/checkout/pay_abc?next=https://evil.example',
  'https://card2crypto.cc/checkout/pay_abc#frag',
  'https://card2crypto.cc/checkout/pay_a/../../admin',
  'https://card2crypto.cc/checkout/pay%2Fabc',
  'https://card2crypto.cc/checkoutX/pay_abc',
  'https://card2crypto.cc/api/v1/payments/pay_abc',
  'https://card2crypto.cc/dashboardevil',
  'https://card2crypto.cc/dashboard?x=1',
  'https://etherscan.io/',
  'https://etherscan.io/address/0xabc',
  'https://etherscan.io/tx/',
  'https://etherscan.io/tx/not-hex',
  `https://etherscan.io/tx/${TX}?a=1`,
  `https://etherscan.io/tx/${TX}/extra`,
  `https://etherscan.io/checkout/pay_abc`, // a rule's path on another rule's host
  'https://tronscan.org/transaction/abc',
  'https://tronscan.org/#/address/abc',
  'https://mempool.space/address/abc',
  'https://paycrypt.io/',
  'https://paycrypt.io/checkout/pay_abc',
  'https://api.paycrypt.io/dashboard',
  // Subdomains and look-alikes.
  'https://www.bscscan.com/tx/0x1',
  'https://dashboard.paycrypt.io/payments/1',
  'https://evil.card2crypto.cc/checkout/pay_abc',
  'https://etherscan.io.evil.example/tx/0xabc',
  'https://notetherscan.io/tx/0xabc',
  'https://etherscan.io./tx/0xabc',
  // Scheme, credentials, port.
  'http://etherscan.io/tx/0xabc',
  'http://card2crypto.cc/checkout/pay_abc',
  'ftp://etherscan.io/tx/0xabc',
  'https://user:pw@etherscan.io/tx/0xabc',
  'https://user@card2crypto.cc/checkout/pay_abc',
  'https://etherscan.io@evil.example/tx/0xabc',
  'https://etherscan.io:8443/tx/0xabc',
  'https://card2crypto.cc:443x/checkout/pay_abc',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'data:text/html,hi',
  'not a url',
  '',
];

describe('the link allow-list', () => {
  it.each(ALLOWED)('allows %s as a %s link', (url, kind) => {
    expect(matchLink(url)?.rule.kind).toBe(kind);
    expect(allowedExternalUrl(url)?.href).toBe(new URL(url).href);
    expect(checkExternalUrl(url)).toBe(new URL(url).href);
  });

  it.each(REFUSED)('refuses %s', (url) => {
    expect(matchLink(url)).toBeNull();
    expect(allowedExternalUrl(url)).toBeNull();
    expect(() => checkExternalUrl(url)).toThrow(/opens only https links/);
  });

  it('builds every explorer link it offers inside the allow-list', () => {
    for (const rule of LINK_RULES.filter((r) => r.kind === 'explorer')) {
      const link = explorerUrl(rule.network!, rule.network === 'bitcoin' || rule.network === 'tron' ? BTC : TX);
      expect(link && matchLink(link.url)?.rule.network).toBe(rule.network);
    }
    expect(explorerUrl('ethereum', 'abc')).toBeNull();
  });
});
