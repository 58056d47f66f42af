/**
 * Hostile pasted text for the reference extractor: megabytes of garbage, ID fragments shaped to
 * make a backtracking regex go quadratic, deep brackets, one huge line, every Unicode plane.
 */
import { Rng } from '../../src/simulator/random.ts';

/** One pasted blob and the references that must be found in it (others may be found too). */
export interface PasteCase {
  name: string;
  text: string;
  mustFind: string[];
  /** When set, exactly these references are found. */
  exactly?: boolean;
}

const MB = 1024 * 1024;
const ID_A = 'pay_Hostile0001';
const ID_B = '3f2b8c1e-1111-4a2b-9c3d-123456789abc';
const ID_C = 'pay_Hostile0002';

/** Random bytes, decoded both as UTF-8 (replacement characters) and as Latin-1 (every byte a character). */
function randomBytes(rng: Rng, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(rng.next() * 256);
  return bytes;
}

/** `size` characters of pay_ fragments joined by `joints`. */
function fragments(rng: Rng, size: number, joints: readonly string[]): string {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const part = `pay_${rng.alnum(rng.int(0, 12))}${rng.pick(joints)}`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** Code points from every plane (0-16), with lone surrogates, noncharacters, bidi and zero-width controls. */
function everyPlane(rng: Rng, perPlane: number): string {
  const out: string[] = [];
  for (let plane = 0; plane <= 16; plane++) {
    for (let i = 0; i < perPlane; i++) out.push(String.fromCodePoint(plane * 0x10000 + rng.int(0, 0xffff)));
    out.push(`\uD800 ${ID_A} \u202E\uDFFF\uFFFE\u200B\u2028 ${ID_B}\n\u0000\uFEFF${ID_C}\u202E `);
  }
  out.push(String.fromCodePoint(0x10ffff), '\uDBFF', ` ${ID_C}`);
  return out.join('');
}

/** The blobs, about 45 MB in all. */
export function pasteCases(): PasteCase[] {
  const rng = new Rng(11);
  const bytes = randomBytes(rng, 4 * MB);
  const distinct = Array.from({ length: 30_000 }, (_, i) => `pay_d${i}`).join(' ');
  return [
    { name: '4 MiB of random bytes as UTF-8', text: bytes.toString('utf8'), mustFind: [] },
    { name: '4 MiB of random bytes as Latin-1', text: bytes.toString('latin1'), mustFind: [] },
    { name: '5 MB of pay_ fragments, space-separated', text: fragments(rng, 5 * MB, [' ', '\n', ',', '\t']), mustFind: [] },
    { name: '5 MB of pay_ fragments glued by dashes (quadratic for an unbounded regex)', text: `${fragments(rng, 5 * MB, ['-', '_-', '-_'])}@`, mustFind: [] },
    { name: '5 MB of -pay_ repeated', text: `${'-pay_'.repeat(MB)}@`, mustFind: [] },
    { name: '5 MB of pay_ fragments glued by URL punctuation', text: fragments(rng, 5 * MB, ['?', '/', '&', '#', '=', '']), mustFind: [] },
    { name: '4 MB of UUID-ish hex fragments', text: `${Array.from({ length: 250_000 }, () => `${rng.hex(rng.int(6, 9))}-${rng.hex(3)}-`).join('')}@`, mustFind: [] },
    { name: '2 M nested brackets around one ID', text: `${'([{<'.repeat(500_000)}${ID_A}${'>}])'.repeat(500_000)}`, mustFind: [ID_A], exactly: true },
    {
      name: 'one 8 MB line with IDs at its start, middle and end',
      text: `${ID_A} ${'x'.repeat(4 * MB)} ${ID_B} ${'y'.repeat(4 * MB)} ${ID_C}`,
      mustFind: [ID_A, ID_B, ID_C],
      exactly: true,
    },
    // ID_C glued to U+202E is not an ID (no separator after it) until the last, separated one.
    { name: 'every Unicode plane, surrogates and controls around IDs', text: everyPlane(rng, 20_000), mustFind: [ID_A, ID_B, ID_C], exactly: true },
    { name: '30,000 distinct valid IDs (past the 10,000 cap)', text: distinct, mustFind: ['pay_d0', 'pay_d9999'] },
    { name: '1 MB of one overlong ID-like token', text: `pay_${'A'.repeat(MB)} ${ID_A}`, mustFind: [ID_A], exactly: true },
  ];
}
