/** Helpers shared by the emulator's write tests. */
import { expect } from 'vitest';
import { client, NOW_EPOCH } from './fixture.js';
import type { Json, start } from './fixture.js';

export type Server = Awaited<ReturnType<typeof start>>;

/** The ids of a listing's items. */
export const users = (b: Json) => b.data.map((u: Json) => u.id);

/** A user reference in a request body. */
export const member = (id: string) => ({ type: 'user', id });

/** Activity log entries written after the seed's, oldest first, as [actor, action, user]. */
export async function newEntries(server: Server): Promise<string[][]> {
  const r = await client(server, 'key-ada').get(
    '/groups/acme/activity_log_entries?limit=40&relationships=user',
  );
  return r.body.data
    .filter((e: Json) => e.attributes.date === NOW_EPOCH)
    .map((e: Json) => [e.relationships.user.data.id, e.attributes.action, e.attributes.info.user])
    .reverse();
}

/** Runs `run` and checks the emulator's world did not change. */
export async function expectUnchanged(server: Server, run: () => Promise<unknown>): Promise<void> {
  const before = server.emulator.state();
  await run();
  expect(server.emulator.state()).toEqual(before);
}
