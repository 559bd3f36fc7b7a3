import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/api/redact.js';

describe('redacting a short key', () => {
  it('redacts a short key only as a whole token, so ordinary words survive', () => {
    const redact = createRedactor('k');
    expect(redact('the API key would travel; GET /users/k: 401')).toBe(
      'the API key would travel; GET /users/<apikey>: 401',
    );
  });

  it('still redacts a short key wherever it stands alone, raw or URL-encoded', () => {
    const redact = createRedactor('key a+b');
    expect(redact('x key a+b y /users/key%20a%2Bb z')).toBe('x <apikey> y /users/<apikey> z');
    expect(createRedactor('key-alice')(`"key-alice"`)).toBe('"<apikey>"');
  });

  it('redacts a full-length key anywhere, even inside a longer token', () => {
    const key = 'a'.repeat(64);
    expect(createRedactor(key)(`x${key}y`)).toBe('x<apikey>y');
  });
});
