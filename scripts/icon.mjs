// Draws the extension's 128x128 icon (images/icon.png) with Node alone: the activity-bar glyph (four nodes
// of a mesh and the lines between them, media/datamesh.svg) in white on a rounded Kafka-dark square.
// Each pixel is 4x4 supersampled for smooth edges. Run: node scripts/icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;
const SCALE = SIZE / 24; // the glyph's 24x24 coordinates
const BACKGROUND = [35, 31, 32];
const ACCENT = [255, 255, 255];

const nodes = [
  [12, 4.5, 2.5],
  [4.5, 18, 2.5],
  [19.5, 18, 2.5],
  [12, 13, 2],
];
const lines = [
  [12, 7, 12, 11],
  [10.3, 14.2, 6.4, 16.6],
  [13.7, 14.2, 17.6, 16.6],
  [7, 18, 17, 18],
  [10.8, 6.6, 5.6, 15.8],
  [13.2, 6.6, 18.4, 15.8],
];
const STROKE = 1.5 / 2;

function distanceToSegment(px, py, [x1, y1, x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

/** Inside the rounded square (radius 22 px)? */
function inBackground(x, y) {
  const radius = 22;
  const cx = Math.min(Math.max(x, radius), SIZE - radius);
  const cy = Math.min(Math.max(y, radius), SIZE - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

/** On the glyph (a ring or a line), in glyph coordinates with a margin of 2 units around it? */
function inGlyph(x, y) {
  const gx = (x / SCALE - 12) * (24 / 28) + 12;
  const gy = (y / SCALE - 12) * (24 / 28) + 12.5;
  if (nodes.some(([cx, cy, r]) => Math.abs(Math.hypot(gx - cx, gy - cy) - r) <= STROKE)) return true;
  return lines.some((line) => distanceToSegment(gx, gy, line) <= STROKE);
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let covered = 0;
    let glyph = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        if (!inBackground(px, py)) continue;
        covered++;
        if (inGlyph(px, py)) glyph++;
      }
    }
    const share = glyph / Math.max(1, covered);
    const offset = y * (SIZE * 4 + 1) + 1 + x * 4;
    for (let channel = 0; channel < 3; channel++) {
      raw[offset + channel] = Math.round(BACKGROUND[channel] * (1 - share) + ACCENT[channel] * share);
    }
    raw[offset + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(new URL('../images/', import.meta.url), { recursive: true });
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
