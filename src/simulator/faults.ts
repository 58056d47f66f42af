/**
 * Fault injection: random faults drawn from a seeded stream (benchmarks) and a
 * deterministic queue (tests: "the next N requests get this fault").
 */
import { Rng } from './random.ts';

/** What can go wrong with one request. `drop` and `slow` are carried out by the transport. */
export const FAULT_KINDS = ['server_error', 'html', 'malformed', 'drop', 'slow', 'rate_limit'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Per-request probabilities (0..1) of each random fault, and how long a slow answer takes. */
export interface FaultRates {
  serverError: number;
  htmlError: number;
  malformedJson: number;
  drop: number;
  slow: number;
  slowMs: number;
}

/** No random faults; slow answers take 5 s when queued. */
export const NO_FAULTS: FaultRates = { serverError: 0, htmlError: 0, malformedJson: 0, drop: 0, slow: 0, slowMs: 5_000 };

/** Chooses the fault (if any) for each request. */
export class FaultPlan {
  rates: FaultRates;
  readonly #rng: Rng;
  readonly #queue: FaultKind[] = [];

  constructor(rng: Rng, rates: Partial<FaultRates> = {}) {
    this.#rng = rng;
    this.rates = { ...NO_FAULTS, ...rates };
  }

  /** The next `count` requests get `kind`, before any random draw. */
  inject(kind: FaultKind, count = 1): void {
    for (let i = 0; i < count; i++) this.#queue.push(kind);
  }

  /** Drop queued faults. */
  clear(): void {
    this.#queue.length = 0;
  }

  /** Queued faults not yet used. */
  get pending(): number {
    return this.#queue.length;
  }

  /** The fault for the next request, or null. Draws exactly one number per request so runs replay. */
  next(): FaultKind | null {
    const roll = this.#rng.next();
    const queued = this.#queue.shift();
    if (queued !== undefined) return queued;
    const r = this.rates;
    const table: [FaultKind, number][] = [
      ['drop', r.drop],
      ['server_error', r.serverError],
      ['html', r.htmlError],
      ['malformed', r.malformedJson],
      ['slow', r.slow],
    ];
    let edge = 0;
    for (const [kind, p] of table) {
      edge += p;
      if (roll < edge) return kind;
    }
    return null;
  }

  /** A second draw for details of a fault (500 or 503), from the same seeded stream. */
  coin(): boolean {
    return this.#rng.next() < 0.5;
  }
}

/** A proxy's error page, as a load balancer in front of the API would send. */
export const HTML_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;
