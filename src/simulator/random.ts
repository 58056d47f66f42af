/**
 * A tiny seeded PRNG so simulator runs (IDs, amounts, fault draws) are
 * reproducible: the same seed and the same calls give the same world.
 */

/** mulberry32: a 32-bit generator, good enough for test data and fault draws (not crypto). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
// Base58 leaves out 0, O, I and l; Tron addresses use it.
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
// Bech32's data alphabet, for bitcoin bc1q… addresses.
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Helpers over one seeded stream. */
export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.#next();
  }

  /** An integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.#next() * items.length)];
    if (item === undefined) throw new RangeError('pick() needs a non-empty list');
    return item;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.#next() * alphabet.length)];
    return out;
  }

  /** Letters and digits, as in Card2Crypto's `pay_…` IDs. */
  alnum(length: number): string {
    return this.chars(ALNUM, length);
  }

  /** Lower-case hex digits. */
  hex(length: number): string {
    return this.chars(HEX, length);
  }

  /** Base58 characters (Tron addresses). */
  base58(length: number): string {
    return this.chars(BASE58, length);
  }

  /** Bech32 data characters (bitcoin segwit addresses). */
  bech32(length: number): string {
    return this.chars(BECH32, length);
  }

  /** A random (version 4, RFC 9562 variant) UUID, lower case, as PayCrypt's payment IDs. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    // Variant bits 10xx: the 17th digit is one of 8, 9, a, b.
    h[16] = HEX[8 + this.int(0, 3)] ?? '8';
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
