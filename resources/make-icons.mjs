// Draws Paymon's icons as PNGs with nothing but node:zlib (no image dependency):
// icon.png 256x256 (window, notifications), tray.png 16x16 and tray@2x.png 32x32 (Windows, Linux),
// trayTemplate.png / trayTemplate@2x.png (macOS menu bar: black with alpha, tinted by the OS),
// build-icon.png 1024x1024 for the installers.
// Run: node resources/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** RGBA pixels from `paint(x, y)` (coordinates 0..1, pixel centres) to PNG bytes. */
function png(size, paint) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0: none
    for (let x = 0; x < size; x++) row.set(paint((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The mark: a coin (ring) with a pulse line across it — "watching payments".
function mark(x, y) {
  const d = Math.hypot(x - 0.5, y - 0.5);
  const ring = d > 0.3 && d < 0.4;
  const pulseY = x < 0.3 || x > 0.7 ? 0.5 : x < 0.45 ? 0.5 - (x - 0.3) * 1.6 : x < 0.55 ? 0.26 + (x - 0.45) * 4.8 : 0.74 - (x - 0.55) * 1.6;
  const pulse = x > 0.18 && x < 0.82 && Math.abs(y - pulseY) < 0.045;
  return ring || pulse;
}
function appIcon(x, y) {
  const inSquare = Math.max(Math.abs(x - 0.5), Math.abs(y - 0.5)) < 0.46;
  if (!inSquare) return [0, 0, 0, 0];
  return mark(x, y) ? [46, 204, 113, 255] : [17, 20, 24, 255];
}
const trayColor = (x, y) => (mark(x, y) ? [46, 204, 113, 255] : [0, 0, 0, 0]);
const trayTemplate = (x, y) => (mark(x, y) ? [0, 0, 0, 255] : [0, 0, 0, 0]);

const dir = new URL('./', import.meta.url);
writeFileSync(new URL('icon.png', dir), png(256, appIcon));
// Installers (macOS dmg wants at least 512x512; electron-builder derives .icns/.ico from it).
writeFileSync(new URL('build-icon.png', dir), png(1024, appIcon));
writeFileSync(new URL('tray.png', dir), png(16, trayColor));
writeFileSync(new URL('tray@2x.png', dir), png(32, trayColor));
writeFileSync(new URL('trayTemplate.png', dir), png(16, trayTemplate));
writeFileSync(new URL('trayTemplate@2x.png', dir), png(32, trayTemplate));
