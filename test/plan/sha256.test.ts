import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Bytes, sha256Hex } from '../../src/plan/sha256.js';
import { canonicalJson } from '../../src/plan/canonical-json.js';

const reference = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('sha256Hex', () => {
  it('agrees with node:crypto at every padding boundary', () => {
    for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
      const text = 'a'.repeat(length);
      expect(sha256Hex(text), `length ${length}`).toBe(reference(text));
    }
  });

  it('agrees with node:crypto on the FIPS vectors and on non-ASCII text', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    for (const text of [
      'é',
      '日本語のテキスト',
      'emoji 🔐 and more 🧪',
      'mixed\u0000nul',
      'x'.repeat(70) + 'ü',
    ]) {
      expect(sha256Hex(text)).toBe(reference(text));
    }
  });

  it('encodes lone surrogates as U+FFFD, as TextEncoder does', () => {
    for (const text of ['\ud800', 'a\udc00b', '\ud83d', '\udc00\ud800x']) {
      expect(sha256Hex(text)).toBe(reference(Buffer.from(new TextEncoder().encode(text))));
    }
  });

  it('hashes text fed in pieces like the whole text', () => {
    const text = 'ü'.repeat(40) + 'a'.repeat(100) + '🔐'.repeat(30);
    const whole = sha256Hex(text);
    const pieces = new Sha256();
    // Pieces of whole code points (a piece that split a surrogate pair would hash U+FFFD).
    for (const ch of [...text]) pieces.update(ch);
    expect(pieces.digestHex()).toBe(whole);
    expect(whole).toBe(reference(text));
  });

  it('agrees with node:crypto on a megabyte of random bytes', () => {
    const bytes = randomBytes(1 << 20);
    expect(sha256Bytes(new Uint8Array(bytes))).toBe(reference(bytes));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order and drops undefined', () => {
    expect(canonicalJson([1, 'a', [null, true]])).toBe('[1,"a",[null,true]]');
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":"x","z":null}]},"b":1}',
    );
  });
});
