/**
 * Block explorer links for a PayCrypt transaction, by network. Pure. Main opens only
 * allow-listed hosts (src/core/app/external-links.ts); these are all on that list.
 */

type Network = 'ethereum' | 'tron' | 'bsc' | 'polygon' | 'bitcoin';

/** Names providers use for the same chain. */
const ALIASES: Record<string, Network> = {
  ethereum: 'ethereum',
  eth: 'ethereum',
  erc20: 'ethereum',
  tron: 'tron',
  trx: 'tron',
  trc20: 'tron',
  bsc: 'bsc',
  bnb: 'bsc',
  bep20: 'bsc',
  'binance-smart-chain': 'bsc',
  polygon: 'polygon',
  matic: 'polygon',
  bitcoin: 'bitcoin',
  btc: 'bitcoin',
};

const EXPLORERS: Record<Network, { name: string; url: (tx: string) => string }> = {
  ethereum: { name: 'Etherscan', url: (tx) => `https://etherscan.io/tx/${tx}` },
  tron: { name: 'Tronscan', url: (tx) => `https://tronscan.org/#/transaction/${tx}` },
  bsc: { name: 'BscScan', url: (tx) => `https://bscscan.com/tx/${tx}` },
  polygon: { name: 'PolygonScan', url: (tx) => `https://polygonscan.com/tx/${tx}` },
  bitcoin: { name: 'mempool.space', url: (tx) => `https://mempool.space/tx/${tx}` },
};

/** A link to the transaction on its network's explorer, or null for an unknown network or an odd hash. */
export function explorerLink(network: string | null, txHash: string | null): { name: string; url: string } | null {
  if (!network || !txHash) return null;
  const chain = ALIASES[network.trim().toLowerCase()];
  // Hashes are hex (0x-prefixed on EVM chains); anything else is not put into a URL.
  if (!chain || !/^(0x)?[0-9a-fA-F]{16,128}$/.test(txHash)) return null;
  // Tron and Bitcoin transaction IDs carry no 0x prefix; their explorers do not find them with one.
  const tx = chain === 'tron' || chain === 'bitcoin' ? txHash.replace(/^0x/, '') : txHash;
  const explorer = EXPLORERS[chain];
  return { name: explorer.name, url: explorer.url(tx) };
}
