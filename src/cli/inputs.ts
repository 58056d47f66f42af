/** Turning command-line arguments and pasted text into payment references (check and watch). */
import type { parseArgs } from 'node:util';
import { PaymonError, toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import { PROVIDERS, PROVIDER_LABELS, type Provider } from '../shared/payment.ts';
import { findProviderSpec } from '../shared/providers/index.ts';
import { extractRefs, orderProvider, parseOrderId, parsePaymentId, type PaymentRef } from '../shared/refs.ts';
import { line, readStdin, UsageError, type CliIO } from './io.ts';

/** One thing the user asked about: a valid reference, or why it is not one. */
export interface Input {
  input: string;
  ref?: PaymentRef;
  error?: ErrorInfo;
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** Validates `--provider`. */
export function parseProvider(value: string | undefined): Provider | undefined {
  if (value === undefined) return undefined;
  if ((PROVIDERS as readonly string[]).includes(value)) return value as Provider;
  throw new UsageError(`--provider must be one of: ${PROVIDERS.join(', ')}`);
}

/** Inputs in command-line order; `-` expands to the references found in standard input. */
export async function collectInputs(tokens: Token[], only: Provider | undefined, io: CliIO): Promise<Input[]> {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  let readStdinOnce = false;
  const push = (item: Input): void => {
    // The same reference given twice is looked up once.
    const key = item.ref ? `${item.ref.provider}:${item.ref.kind}:${item.ref.value}` : null;
    if (key && seen.has(key)) return;
    if (key) seen.add(key);
    inputs.push(item);
  };
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'order') {
      if (only && findProviderSpec(only)?.orderLookup === null) {
        throw new UsageError(`--order looks up ${orderProvider().label} orders; ${PROVIDER_LABELS[only]} has no order lookup`);
      }
      push(parseInput(token.value ?? '', () => parseOrderId(token.value ?? '')));
    } else if (token.kind === 'positional' && token.value === '-') {
      if (readStdinOnce) continue;
      readStdinOnce = true;
      const found = extractRefs(await readStdin(io.stdin));
      for (const ref of found.refs) if (!only || ref.provider === only) push({ input: ref.value, ref });
      for (const bad of found.invalid) {
        push({ input: bad, error: { kind: 'invalid_input', message: `"${bad}" looks like a payment ID but is not a valid one` } });
      }
      if (found.truncated) io.stderr.write(line`paymon: only the first ${found.refs.length} references were read\n`);
      if (found.duplicates.length > 0) io.stderr.write(line`paymon: skipped ${found.duplicates.length} repeated reference(s)\n`);
      // Piped on purpose, so watched; but half a copied ID is worth a word (issue 17).
      const short = found.unusual.filter((r) => !only || r.provider === only).map((r) => r.value);
      if (short.length > 0) io.stderr.write(line`paymon: ${short.slice(0, 5).join(', ')}${short.length > 5 ? ' …' : ''}: shorter than real IDs, check they were copied whole\n`);
    } else if (token.kind === 'positional') {
      push(
        parseInput(token.value, () => {
          const ref = parsePaymentId(token.value);
          if (only && ref.provider !== only) {
            throw new PaymonError('invalid_input', `${token.value} is a ${PROVIDER_LABELS[ref.provider]} payment ID, not ${PROVIDER_LABELS[only]}`);
          }
          return ref;
        }),
      );
    }
  }
  return inputs;
}

function parseInput(input: string, parse: () => PaymentRef): Input {
  try {
    return { input, ref: parse() };
  } catch (err) {
    return { input, error: toErrorInfo(err) };
  }
}
