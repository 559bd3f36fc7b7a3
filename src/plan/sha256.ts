/**
 * SHA-256 (FIPS 180-4) in plain TypeScript: `src/plan/` is pure and may not import `node:crypto`.
 * Used for plan fingerprints; tested against `node:crypto` in test/plan/sha256.test.ts.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The hex SHA-256 digest of `text` encoded as UTF-8. */
export function sha256Hex(text: string): string {
  return new Sha256().update(text).digestHex();
}

/** The hex SHA-256 digest of `bytes`. */
export function sha256Bytes(bytes: Uint8Array): string {
  return new Sha256().updateBytes(bytes).digestHex();
}

/**
 * An incremental SHA-256: feed text (as UTF-8) or bytes in pieces, then take the digest once. Lets
 * a fingerprint hash a large canonical JSON text without building it as one string.
 */
export class Sha256 {
  private readonly block = new Uint8Array(64);
  private readonly view = new DataView(this.block.buffer);
  private readonly w = new Uint32Array(64);
  private readonly h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  private filled = 0;
  private length = 0;
  private done = false;

  /** Adds `text`, encoded as UTF-8 (lone surrogates as U+FFFD, as TextEncoder does). */
  update(text: string): this {
    const block = this.block;
    let filled = this.filled;
    let ascii = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        // The hot path (canonical JSON is mostly ASCII): no call per byte.
        block[filled++] = code;
        ascii++;
        if (filled === 64) {
          compressBlock(this.view, 0, this.w, this.h);
          filled = 0;
        }
        continue;
      }
      this.filled = filled;
      if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.pushCodePoint(0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00));
        i++;
      } else {
        this.pushCodePoint(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code);
      }
      filled = this.filled;
    }
    this.filled = filled;
    this.length += ascii;
    return this;
  }

  /** Adds raw bytes. */
  updateBytes(bytes: Uint8Array): this {
    for (const byte of bytes) this.push(byte);
    return this;
  }

  /** The hex digest; the hasher cannot be fed after this. */
  digestHex(): string {
    if (this.done) throw new Error('Sha256: digest already taken');
    this.done = true;
    const bits = this.length * 8;
    this.push(0x80);
    while (this.filled !== 56) this.push(0);
    this.view.setUint32(56, Math.floor(bits / 0x100000000));
    this.view.setUint32(60, bits >>> 0);
    compressBlock(this.view, 0, this.w, this.h);
    let hex = '';
    for (const word of this.h) hex += word.toString(16).padStart(8, '0');
    return hex;
  }

  private push(byte: number): void {
    this.block[this.filled++] = byte;
    this.length++;
    if (this.filled === 64) {
      compressBlock(this.view, 0, this.w, this.h);
      this.filled = 0;
    }
  }

  private pushCodePoint(code: number): void {
    if (code < 0x800) {
      this.push(0xc0 | (code >> 6));
    } else if (code < 0x10000) {
      this.push(0xe0 | (code >> 12));
      this.push(0x80 | ((code >> 6) & 0x3f));
    } else {
      this.push(0xf0 | (code >> 18));
      this.push(0x80 | ((code >> 12) & 0x3f));
      this.push(0x80 | ((code >> 6) & 0x3f));
    }
    this.push(0x80 | (code & 0x3f));
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function compressBlock(view: DataView, offset: number, w: Uint32Array, h: Uint32Array): void {
  for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] ?? 0;
    const y = w[i - 2] ?? 0;
    const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
    const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
    w[i] = ((w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1) >>> 0;
  }
  let a = h[0] ?? 0;
  let b = h[1] ?? 0;
  let c = h[2] ?? 0;
  let d = h[3] ?? 0;
  let e = h[4] ?? 0;
  let f = h[5] ?? 0;
  let g = h[6] ?? 0;
  let hh = h[7] ?? 0;
  for (let i = 0; i < 64; i++) {
    const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + s1 + ch + (K[i] ?? 0) + (w[i] ?? 0)) >>> 0;
    const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (s0 + maj) >>> 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) >>> 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) >>> 0;
  }
  h[0] = ((h[0] ?? 0) + a) >>> 0;
  h[1] = ((h[1] ?? 0) + b) >>> 0;
  h[2] = ((h[2] ?? 0) + c) >>> 0;
  h[3] = ((h[3] ?? 0) + d) >>> 0;
  h[4] = ((h[4] ?? 0) + e) >>> 0;
  h[5] = ((h[5] ?? 0) + f) >>> 0;
  h[6] = ((h[6] ?? 0) + g) >>> 0;
  h[7] = ((h[7] ?? 0) + hh) >>> 0;
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}
