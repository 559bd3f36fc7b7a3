/** Asserting a known error by its code (never its wording). */
import { expect } from 'vitest';
import { GtiSyncError } from '../../src/model/errors.js';
import type { ErrorCode } from '../../src/model/error-codes.js';

/**
 * Awaits `promise` (or calls `fn`) and asserts it fails with a GtiSyncError of `code`; returns the
 * error for further checks (its location, say).
 */
export async function expectCode(
  promise: Promise<unknown> | (() => unknown),
  code: ErrorCode,
): Promise<GtiSyncError> {
  let caught: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a GtiSyncError ${code}`).toBeInstanceOf(GtiSyncError);
  const error = caught as GtiSyncError;
  expect(error.code).toBe(code);
  return error;
}
