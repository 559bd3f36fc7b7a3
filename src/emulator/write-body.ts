/**
 * Shared parts of the write endpoints: reading a list of descriptors (`{"data": [{"type","id"}]}`),
 * recognising emails, and writing the activity log entry of a change (gti-api.md §9 Decision).
 */
import { isLogged } from './activity-log.js';
import { badRequest, invalidArgument } from './api-failure.js';
import { readJsonBody } from './route-context.js';
import type { RouteContext } from './route-context.js';
import { currentEpochSeconds, recordActivity } from './world.js';

/** One item of a relationship write. */
export interface DescriptorItem {
  type: string | undefined;
  id: string;
  context_attributes: Record<string, unknown> | undefined;
}

/** A plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `{"data": [descriptor, ...]}`: 400 `BadRequestError` for any other shape, 400
 * `InvalidArgumentError` for a descriptor whose `type` is not `allowedTypes`.
 */
export async function readDescriptors(
  ctx: RouteContext,
  allowedTypes: readonly string[],
): Promise<DescriptorItem[]> {
  const body = await readJsonBody(ctx.request);
  const data = isRecord(body) ? body['data'] : undefined;
  if (!Array.isArray(data))
    throw badRequest('The body must be {"data": [{"type": ..., "id": ...}, ...]}');
  return data.map((item: unknown, index) => {
    if (!isRecord(item) || typeof item['id'] !== 'string' || item['id'] === '') {
      throw badRequest(`data[${index}] must be an object with a string "id"`);
    }
    const type = item['type'];
    if (type !== undefined && (typeof type !== 'string' || !allowedTypes.includes(type))) {
      throw invalidArgument(
        `data[${index}] has type ${JSON.stringify(type)}; expected ${allowedTypes.join(' or ')}`,
      );
    }
    const context = item['context_attributes'];
    if (context !== undefined && !isRecord(context))
      throw badRequest(`data[${index}].context_attributes must be an object`);
    return { type, id: item['id'], context_attributes: context };
  });
}

/** Whether `text` looks like an email address (the API refuses usernames where it wants one). */
export function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(text);
}

/**
 * Records one change made by the caller through the API (always spelt in words: the listing
 * spells it per variant); under `enum-actions` role and cap changes are not logged.
 */
export function logChange(ctx: RouteContext, group: string, action: string, user: string): void {
  if (!isLogged(action, ctx.world.variants)) return;
  recordActivity(ctx.world, {
    group,
    actor: ctx.caller.id,
    action,
    user,
    date: currentEpochSeconds(ctx.world),
  });
}
