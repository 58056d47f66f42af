/**
 * Block explorer links for a PayCrypt transaction, by network. Pure. The explorers are the
 * link allow-list's own (src/shared/links.ts), so every link built here is one main opens.
 */
import { explorerUrl, type Network } from '../../../shared/links.ts';

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

/** A link to the transaction on its network's explorer, or null for an unknown network or an odd hash. */
export function explorerLink(network: string | null, txHash: string | null): { name: string; url: string } | null {
  if (!network || !txHash) return null;
  const chain = ALIASES[network.trim().toLowerCase()];
  // Hashes are hex (0x-prefixed on EVM chains); anything else is not put into a URL.
  return chain ? explorerUrl(chain, txHash) : null;
}
