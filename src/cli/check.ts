/**
 * `paymon check`: one-shot lookups for support agents (issue 2).
 * paymon check [--json] [--provider card2crypto|paycrypt] [--order ORDER_ID]... [REF... | -]
 */
import { parseArgs } from 'node:util';
import { isDepositPayment, PROVIDER_LABELS, type Payment } from '../shared/payment.ts';
import { formatAmount } from '../shared/format.ts';
import type { PaymentRef } from '../shared/refs.ts';
import { PaymentLookup, type LookupResult } from '../core/lookup.ts';
import type { SecretStore } from '../core/secrets/types.ts';
import { UsageError, writeJsonLine, type CliIO } from './io.ts';
import { collectInputs, parseProvider, type Input } from './inputs.ts';
import { renderTable } from './table.ts';
import { teamBudget } from './team-budget.ts';

/** Usage text for `paymon check`. */
export const CHECK_USAGE = `Usage: paymon check [--json] [--provider card2crypto|paycrypt] [--order ORDER_ID]... [REF... | -]

Looks payments up once and prints their status.
  REF                 a payment ID: pay_… (Card2Crypto) or a UUID (PayCrypt)
  -                   read pasted text (a ticket, a spreadsheet column, URLs) from standard input
  --order ORDER_ID    a PayCrypt order ID (repeatable)
  --provider NAME     only look up references of this provider
  --json              one JSON object per line per input, in input order

Exit status: 0 all found, 1 any lookup failed, 2 usage error.`;

const LOOKUP_CONCURRENCY = 4;

/** Runs `paymon check`; returns the exit code. */
export async function runCheck(args: string[], io: CliIO, secrets: SecretStore): Promise<number> {
  const { values, tokens } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      provider: { type: 'string' },
      order: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  if (values.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  const only = parseProvider(values.provider);
  const inputs = await collectInputs(tokens, only, io);
  if (inputs.length === 0) throw new UsageError('nothing to check: give payment IDs, --order, or - to read standard input');

  const lookup = new PaymentLookup({ env: io.env, secrets, retryTransientAfterMs: 500 });
  // Team mode (issue 15): each lookup takes a token from the account's shared budget first.
  const team = await teamBudget(io, lookup);
  let results: LookupResult[];
  try {
    results = await lookupAll(inputs, lookup, team?.before);
  } finally {
    await team?.close();
  }
  if (values.json) {
    results.forEach((result, i) => writeJsonLine(io.stdout, jsonLine(inputs[i]!.input, result)));
  } else {
    io.stdout.write(`${humanTable(inputs, results)}\n`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

/** Looks every input up, a few at a time, keeping input order in the result; `before` runs ahead of each lookup. */
async function lookupAll(inputs: Input[], lookup: PaymentLookup, before?: (ref: PaymentRef) => Promise<void>): Promise<LookupResult[]> {
  const results: LookupResult[] = new Array(inputs.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < inputs.length) {
      const i = next++;
      const item = inputs[i]!;
      if (item.ref) await before?.(item.ref);
      results[i] = item.ref ? await lookup.lookup(item.ref) : { ok: false, error: item.error! };
    }
  }
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, inputs.length) }, worker));
  return results;
}

function jsonLine(input: string, result: LookupResult): unknown {
  return result.ok ? { input, account: result.account, ...result.payment } : { input, error: result.error };
}

function statusText(p: Payment): string {
  let text = p.final ? `${p.status} (final)` : p.status;
  if (isDepositPayment(p) && p.txHash && !p.final) text += `, ${p.confirmations ?? 0} confirmations`;
  return text;
}

function detailText(p: Payment): string {
  if (!isDepositPayment(p)) return p.completedAt ? `completed ${p.completedAt}` : `created ${p.createdAt ?? '?'}`;
  const parts = [`${p.coin ?? '?'} on ${p.network ?? '?'}`];
  if (p.amountReceived !== null) parts.push(`received ${p.amountReceived}`);
  if (p.txHash) parts.push(`tx ${p.txHash}`);
  else if (p.expiresAt && !p.final) parts.push(`expires ${p.expiresAt}`);
  return parts.join(', ');
}

function humanTable(inputs: Input[], results: LookupResult[]): string {
  const rows = results.map((result, i) => {
    const item = inputs[i]!;
    if (!result.ok) {
      const provider = item.ref ? PROVIDER_LABELS[item.ref.provider] : '-';
      return [provider, item.input, '', `ERROR ${result.error.kind}`, '', '', result.error.message];
    }
    const p = result.payment;
    const customer = p.customerName ?? p.customerEmail ?? '';
    return [PROVIDER_LABELS[p.provider], p.id, p.orderId ?? '', statusText(p), formatAmount(p.amountMinor, p.currency), customer, detailText(p)];
  });
  return renderTable(['PROVIDER', 'PAYMENT', 'ORDER', 'STATUS', 'AMOUNT', 'CUSTOMER', 'DETAIL'], rows);
}
