/**
 * The links Paymon opens in the user's browser, by type: Card2Crypto checkout pages, a block
 * explorer's transaction page per network, the providers' dashboards. Each rule is an exact host
 * and a path prefix, and what follows the prefix must look like an ID or a hash: no subdomain, no
 * other path on the same site, no query, no credentials, no port, https only (issue 16). Pure: main
 * checks every link against it before shell.openExternal, and the renderer builds explorer links
 * from it and warns before copying a checkout link it does not match.
 * https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
 */
import { BUILT_IN_PROVIDERS } from './providers/index.ts';

/** The chains Paymon knows an explorer for. */
export type Network = 'ethereum' | 'tron' | 'bsc' | 'polygon' | 'bitcoin';

/** What a link is for. */
export type LinkKind = 'checkout' | 'explorer' | 'dashboard';

/** One allowed kind of link. */
export interface LinkRule {
  kind: LinkKind;
  /** For people, e.g. "Etherscan". */
  name: string;
  /** The exact host name (lower case, no port). */
  host: string;
  /** The start of path + fragment, e.g. "/tx/" or Tronscan's "/#/transaction/". */
  prefix: string;
  /** What must follow the prefix, whole. */
  rest: RegExp;
  /** The chain, for explorers. */
  network?: Network;
}

/** A transaction hash Paymon builds a link for: hex, 0x-prefixed on EVM chains. */
export const TX_HASH = /^(0x)?[0-9a-fA-F]{16,128}$/;
/** What an explorer link may carry after its prefix: hex only (its length is the explorer's business). */
const HEX = /^(0x)?[0-9a-fA-F]{1,128}$/;
/** A provider's payment ID in a checkout URL (Card2Crypto's look like pay_abc123). */
const PAYMENT_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** A dashboard page: nothing, or path segments of plain characters. */
const DASHBOARD_PATH = /^(\/[A-Za-z0-9_-]{1,128}){0,4}\/?$/;

const explorer = (network: Network, name: string, host: string, prefix = '/tx/'): LinkRule => ({
  kind: 'explorer', name, host, prefix, rest: HEX, network,
});

/** Every link Paymon opens matches one of these; an explorer listed first is the one Paymon links to. */
export const LINK_RULES: readonly LinkRule[] = [
  // Card2Crypto's get-payment answer: "checkout_url": "https://card2crypto.cc/checkout/pay_abc123xyz789".
  { kind: 'checkout', name: 'Card2Crypto checkout', host: 'card2crypto.cc', prefix: '/checkout/', rest: PAYMENT_ID },
  explorer('ethereum', 'Etherscan', 'etherscan.io'),
  // Tronscan is a single-page app: the transaction is in the fragment.
  explorer('tron', 'Tronscan', 'tronscan.org', '/#/transaction/'),
  explorer('bsc', 'BscScan', 'bscscan.com'),
  explorer('polygon', 'PolygonScan', 'polygonscan.com'),
  explorer('bitcoin', 'mempool.space', 'mempool.space'),
  explorer('bitcoin', 'Blockstream', 'blockstream.info'),
  // Each provider's merchant dashboard, at the host its spec names.
  ...BUILT_IN_PROVIDERS.map(
    (s): LinkRule => ({ kind: 'dashboard', name: `${s.label} dashboard`, host: s.dashboardHost, prefix: '/dashboard', rest: DASHBOARD_PATH }),
  ),
];

/** The hosts of LINK_RULES, once each (for messages). */
export const LINK_HOSTS: readonly string[] = [...new Set(LINK_RULES.map((r) => r.host))];

/** The parsed URL and the rule it matches when `raw` is an allowed link, else null. */
export function matchLink(raw: string): { url: URL; rule: LinkRule } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // Credentials in a link are a phishing trick ("https://etherscan.io@evil.example"); a port is never needed.
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  // The parsed, normalised form: "." and ".." segments are resolved, the host is lower case.
  const target = url.pathname + url.search + url.hash;
  for (const rule of LINK_RULES) {
    if (url.hostname !== rule.host || !target.startsWith(rule.prefix)) continue;
    if (rule.rest.test(target.slice(rule.prefix.length))) return { url, rule };
  }
  return null;
}

/** The explorer link for a transaction on `network` (a hash that is not hex gives null). */
export function explorerUrl(network: Network, txHash: string): { name: string; url: string } | null {
  const rule = LINK_RULES.find((r) => r.kind === 'explorer' && r.network === network);
  if (!rule || !TX_HASH.test(txHash)) return null;
  // Tron and Bitcoin transaction IDs carry no 0x prefix; their explorers do not find them with one.
  const tx = network === 'tron' || network === 'bitcoin' ? txHash.replace(/^0x/, '') : txHash;
  return { name: rule.name, url: `https://${rule.host}${rule.prefix}${tx}` };
}
