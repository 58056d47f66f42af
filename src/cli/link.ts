/**
 * `paymon link`: prints paymon:// links a help desk can paste into a ticket (issue 13); clicking one
 * opens the payment in the agent's Paymon. Needs no key and makes no request.
 * paymon link [--json] [--one] [--order ORDER_ID]... [REF... | -]
 */
import { parseArgs } from 'node:util';
import { MAX_LINK_REFS, watchLink } from '../shared/deep-links.ts';
import type { PaymentRef } from '../shared/refs.ts';
import { line, UsageError, writeJsonLine, type CliIO } from './io.ts';
import { collectInputs } from './inputs.ts';

/** Usage text for `paymon link`. */
export const LINK_USAGE = `Usage: paymon link [--json] [--one] [--order ORDER_ID]... [REF... | -]

Prints a paymon://watch/… link per payment: pasted into a ticket, a click adds the payment to
Paymon's watchlist and opens it. Makes no request and needs no key.
  REF                 a payment ID: pay_… (Card2Crypto) or a UUID (PayCrypt)
  -                   read pasted text (a ticket, a spreadsheet column, URLs) from standard input
  --order ORDER_ID    a PayCrypt order ID (repeatable)
  --one               one link for all of them (${MAX_LINK_REFS} per link at most; more make more links)
  --json              one JSON object per line: {"input", "link"} or {"input", "error"}

Exit status: 0 every input made a link, 1 some were not payment IDs, 2 usage error.`;

/** Runs `paymon link`; returns the exit code. */
export async function runLink(args: string[], io: CliIO): Promise<number> {
  const { values, tokens } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      one: { type: 'boolean', default: false },
      order: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  if (values.help) {
    io.stdout.write(`${LINK_USAGE}\n`);
    return 0;
  }
  const inputs = await collectInputs(tokens, undefined, io);
  if (inputs.length === 0) throw new UsageError('nothing to link: give payment IDs, --order, or - to read standard input');

  const refs = inputs.flatMap((item) => (item.ref ? [item.ref] : []));
  const links: Array<{ input: string; link: string }> = [];
  if (values.one) {
    for (let i = 0; i < refs.length; i += MAX_LINK_REFS) {
      const batch: PaymentRef[] = refs.slice(i, i + MAX_LINK_REFS);
      links.push({ input: batch.map((r) => r.value).join(','), link: watchLink(batch) });
    }
  } else {
    for (const ref of refs) links.push({ input: ref.value, link: watchLink([ref]) });
  }
  for (const item of links) {
    if (values.json) writeJsonLine(io.stdout, item);
    else io.stdout.write(line`${item.link}\n`);
  }
  for (const item of inputs) {
    if (!item.error) continue;
    if (values.json) writeJsonLine(io.stdout, { input: item.input, error: item.error });
    else io.stderr.write(line`paymon link: ${item.error.message}\n`);
  }
  return inputs.every((item) => item.ref) ? 0 : 1;
}
