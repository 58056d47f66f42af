/** The process edges a CLI command touches, injectable so commands can be driven in tests. */
import type { Readable, Writable } from 'node:stream';
import { capText, replaceUnsafe, safeJson } from '../shared/text-safety.ts';

/** Streams and environment of one CLI run. */
export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Largest standard input read (pasted tickets and spreadsheet columns are far smaller). */
export const MAX_STDIN_BYTES = 16 * 1024 * 1024;

/** Reads standard input as UTF-8, refusing more than MAX_STDIN_BYTES. */
export async function readStdin(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_STDIN_BYTES) throw new UsageError(`standard input is larger than ${MAX_STDIN_BYTES / 1024 / 1024} MiB`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Writes one line of JSON. Control and format characters in strings go out as `\uXXXX`
 * escapes: a parser reads the provider's exact value, a terminal sees no escape sequence.
 */
export function writeJsonLine(out: Writable, value: unknown): void {
  out.write(`${safeJson(value)}\n`);
}

/** Longest single value in a line of CLI text (error messages quote provider text). */
const MAX_VALUE = 500;

/**
 * Template tag for every line of CLI text (issue 16): the literal parts are ours; in each `${value}`
 * every run of control or format characters becomes one space, so provider and user text cannot
 * start a terminal escape sequence (OSC 52 clipboard writes, OSC 0 titles, cursor moves), forge a
 * line, or reverse the text. Values are not trimmed, so spacing written around them stays as is.
 */
export function line(parts: TemplateStringsArray, ...values: unknown[]): string {
  let out = parts[0] ?? '';
  values.forEach((value, i) => {
    out += capText(replaceUnsafe(String(value)), MAX_VALUE) + (parts[i + 1] ?? '');
  });
  return out;
}
