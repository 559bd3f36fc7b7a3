/**
 * The CLI's clock. `GTI_SYNC_NOW` (an ISO 8601 instant) freezes it, so tests and the demo are
 * reproducible against an emulator whose seed freezes its own clock; otherwise real time.
 */
import { UsageError } from '../model/errors.js';

/** Returns the current instant, or the one `GTI_SYNC_NOW` names. */
export function currentTime(env: Record<string, string | undefined>): Date {
  const frozen = env['GTI_SYNC_NOW'];
  if (frozen === undefined || frozen === '') return new Date();
  const date = new Date(frozen);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`GTI_SYNC_NOW is not an ISO 8601 instant: ${frozen}`, 'BAD_NOW');
  }
  return date;
}
