// The host's test images, byte for byte, in plain JavaScript.
//
// host/src/verify/ makes its random images with rand_chacha's ChaCha8Rng,
// seeded by rand_core's `seed_from_u64` (a PCG32 expanding the u64 into a
// 32-byte key) and filled with `rng.fill(&mut bytes)` (the ChaCha keystream,
// little-endian). This file does the same, so a module gets the very bytes it
// gets under Wasmtime, and the conformance suite compares like with like.
// Integers only (BigInt for the 64-bit PCG state, u32 words for ChaCha).

const MASK64 = (1n << 64n) - 1n;

/** rand_core 0.9 `SeedableRng::seed_from_u64` for a 32-byte seed: 8 PCG32 outputs. */
export function seedFromU64(state) {
  const MUL = 6364136223846793005n;
  const INC = 11634580027462260723n;
  let s = BigInt(state) & MASK64;
  const key = new Uint32Array(8);
  for (let i = 0; i < 8; i++) {
    s = (s * MUL + INC) & MASK64;
    const xorshifted = Number((((s >> 18n) ^ s) >> 27n) & 0xffffffffn);
    const rot = Number(s >> 59n);
    key[i] = ((xorshifted >>> rot) | (xorshifted << (32 - rot))) >>> 0;
  }
  return key;
}

/** ChaCha with 8 rounds, a 64-bit block counter and stream 0 (rand_chacha's ChaCha8Rng). */
export class ChaCha8 {
  constructor(seed) {
    this.key = typeof seed === "number" || typeof seed === "bigint" ? seedFromU64(seed) : seed;
    this.counter = 0n;
    this.block = new Uint32Array(16);
    this.index = 16; // words of `block` already used
  }

  refill() {
    const x = new Uint32Array(16);
    x[0] = 0x61707865;
    x[1] = 0x3320646e;
    x[2] = 0x79622d32;
    x[3] = 0x6b206574;
    x.set(this.key, 4);
    x[12] = Number(this.counter & 0xffffffffn);
    x[13] = Number(this.counter >> 32n);
    const input = x.slice();
    const rotl = (v, n) => (v << n) | (v >>> (32 - n));
    const qr = (a, b, c, d) => {
      x[a] += x[b];
      x[d] = rotl(x[d] ^ x[a], 16);
      x[c] += x[d];
      x[b] = rotl(x[b] ^ x[c], 12);
      x[a] += x[b];
      x[d] = rotl(x[d] ^ x[a], 8);
      x[c] += x[d];
      x[b] = rotl(x[b] ^ x[c], 7);
    };
    for (let round = 0; round < 8; round += 2) {
      qr(0, 4, 8, 12);
      qr(1, 5, 9, 13);
      qr(2, 6, 10, 14);
      qr(3, 7, 11, 15);
      qr(0, 5, 10, 15);
      qr(1, 6, 11, 12);
      qr(2, 7, 8, 13);
      qr(3, 4, 9, 14);
    }
    for (let i = 0; i < 16; i++) this.block[i] = x[i] + input[i];
    this.counter = (this.counter + 1n) & MASK64;
    this.index = 0;
  }

  /** rand's `next_u32`. */
  nextU32() {
    if (this.index >= 16) this.refill();
    return this.block[this.index++];
  }

  /** rand's `random::<i32>()`. */
  nextI32() {
    return this.nextU32() | 0;
  }

  /** rand's `fill(&mut [u8])` from a fresh or word-aligned generator: the keystream bytes. */
  fill(bytes) {
    for (let i = 0; i < bytes.length; i += 4) {
      const w = this.nextU32();
      for (let k = 0; k < 4 && i + k < bytes.length; k++) bytes[i + k] = (w >>> (8 * k)) & 0xff;
    }
    return bytes;
  }
}

/** host/src/verify: `random_image(width, height, seed)`, RGBA8. */
export function randomImage(width, height, seed) {
  return { width, height, pixels: new ChaCha8(seed).fill(new Uint8Array(width * height * 4)) };
}

/** host/src/verify: every value 0..=255 in each channel alone, then in all three, alpha the other way. */
export function sweep() {
  const pixels = new Uint8Array(256 * 4 * 4);
  for (let row = 0; row < 4; row++) {
    for (let x = 0; x < 256; x++) {
      const i = (row * 256 + x) * 4;
      pixels[i] = row === 0 || row === 3 ? x : 0;
      pixels[i + 1] = row === 1 || row === 3 ? x : 0;
      pixels[i + 2] = row === 2 || row === 3 ? x : 0;
      pixels[i + 3] = 255 - x;
    }
  }
  return { width: 256, height: 4, pixels };
}

/** The host's shapes (host/src/verify): edges, odd sizes, 1080p and 4K. */
export const SHAPES = [
  [1, 1],
  [1, 17],
  [17, 1],
  [2, 2],
  [3, 5],
  [31, 7],
  [64, 64],
  [255, 3],
  [1920, 1080],
  [3840, 2160],
];

/** The host's seed for a case image of a shape: `w * 31 + h`. */
export const caseSeed = (w, h) => w * 31 + h;

/** The host bench's seed for its workload of a shape: `0xBE7C4 + w`. */
export const benchSeed = (w) => 0xbe7c4 + w;

/** The host's cases: the sweep, then one random image per shape (optionally capped in pixels). */
export function cases({ maxPixels = Infinity } = {}) {
  const out = [{ label: "sweep 256x4", ...sweep() }];
  for (const [w, h] of SHAPES) {
    if (w * h > maxPixels) continue;
    out.push({ label: `random ${w}x${h}`, ...randomImage(w, h, caseSeed(w, h)) });
  }
  return out;
}

/**
 * A picture for the page: gradients, rings and a checkerboard, integers only,
 * the same bytes everywhere (a person can see grayscale and blur work on it).
 */
export function testCard(width, height) {
  const pixels = new Uint8Array(width * height * 4);
  const cx = width >> 1;
  const cy = height >> 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const dx = x - cx;
      const dy = y - cy;
      const ring = ((dx * dx + dy * dy) >> 9) & 63;
      const check = ((x >> 5) ^ (y >> 5)) & 1;
      pixels[i] = ((x * 255) / (width - 1)) | 0;
      pixels[i + 1] = ((y * 255) / (height - 1)) | 0;
      pixels[i + 2] = check ? 200 : ring * 4;
      pixels[i + 3] = 255;
    }
  }
  return { width, height, pixels };
}
