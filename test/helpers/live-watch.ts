/**
 * A running `paymon watch --json` process for tests that act on it while it runs (a webhook piped
 * into `paymon ingest`, a teammate's change): its JSON lines as they come, with the time each came.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const BIN = join(ROOT, 'bin', 'paymon.js');

export type WatchLine = { at: number; line: Record<string, unknown> };

export class LiveWatch {
  readonly lines: WatchLine[] = [];
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcessWithoutNullStreams;
  #stderr = '';
  #waiters: Array<() => void> = [];

  /** Starts `paymon watch --json ARGS` with only PATH, HOME and `env`. */
  constructor(env: Record<string, string>, args: string[]) {
    this.#child = spawn(NODE, [BIN, 'watch', '--json', ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env } });
    let buffer = '';
    this.#child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (text.startsWith('{')) this.lines.push({ at: Date.now(), line: JSON.parse(text) as Record<string, unknown> });
      }
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.#child.stderr.on('data', (d: Buffer) => (this.#stderr += d.toString()));
    this.#child.stdin.end();
    this.exited = new Promise((resolve) => this.#child.on('close', (code) => resolve(code)));
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** The first line matching `test`, waiting up to `ms` for it. */
  async waitFor(test: (line: Record<string, unknown>) => boolean, ms: number): Promise<WatchLine> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.lines.find((l) => test(l.line));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching line within ${ms} ms; got ${JSON.stringify(this.lines.map((l) => l.line))}; stderr ${this.#stderr}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}

/** The payment status of a `status` line. */
export const statusOf = (l: Record<string, unknown>): string | undefined => (l['payment'] as { status?: string } | undefined)?.status;

/** Matches the `status` line of payment `id` at `status`. */
export const isStatus = (id: string, status: string) => (l: Record<string, unknown>) =>
  l['event'] === 'status' && (l['payment'] as { id?: string } | undefined)?.id === id && statusOf(l) === status;

/** Card2Crypto's webhook body for `id` (its reference: `{ event, payment }`). */
export function card2cryptoBody(id: string, status: string): string {
  return JSON.stringify({ event: `payment.${status}`, payment: { id, status, amount: 2500, currency: 'USD', metadata: { order_id: '7001' } } });
}
