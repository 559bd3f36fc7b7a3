/**
 * Account creation (`POST /_emulator/accounts`, `Emulator.createAccounts`): new people sign up;
 * a pending invitation for their email makes them a member, with an activity log entry written
 * in the inviter's name.
 */
import { alreadyExists, invalidArgument } from './api-failure.js';
import type { AccountsResult, SeedUser } from './types.js';
import { isRealDay } from '../model/dates.js';
import { addUser, currentEpochSeconds, findAccount, recordActivity } from './world.js';
import type { World } from './world.js';

/** Checks the whole batch first (409 for a taken id, email or key; 400 for a bad group or day). */
function checkNewUsers(world: World, users: readonly SeedUser[]): void {
  const ids = new Set<string>();
  const emails = new Set<string>();
  const keys = new Set<string>();
  for (const user of users) {
    const email = user.email.toLowerCase();
    if (findAccount(world, user.id) !== undefined || ids.has(user.id))
      throw alreadyExists(`User id ${user.id} already exists`);
    if (world.byEmail.has(email) || emails.has(email))
      throw alreadyExists(`An account with email ${user.email} already exists`);
    if (user.apikey !== undefined && (world.byApikey.has(user.apikey) || keys.has(user.apikey))) {
      throw alreadyExists(`The API key of ${user.id} is already used by another account`);
    }
    if (user.group !== undefined && !world.groups.has(user.group))
      throw invalidArgument(`Group ${user.group} does not exist`);
    if (user.group === undefined && (user.roles ?? []).length > 0)
      throw invalidArgument(`User ${user.id} has roles but no group`);
    const days = [
      ...Object.keys(user.api_usage ?? {}),
      ...Object.keys(user.api_usage_not_consuming ?? {}),
    ];
    const badDay = days.find((day) => !isRealDay(day));
    if (badDay !== undefined)
      throw invalidArgument(`${badDay} is not a real calendar day (user ${user.id})`);
    ids.add(user.id);
    emails.add(email);
    if (user.apikey !== undefined) keys.add(user.apikey);
  }
}

/** Creates the accounts (all or none); pending invitations for their emails become memberships. */
export function createAccounts(world: World, users: readonly SeedUser[]): AccountsResult {
  checkNewUsers(world, users);
  const result: AccountsResult = { created: [], joined: [] };
  for (const original of users) {
    const user = structuredClone(original);
    const email = user.email.toLowerCase();
    const invitation = world.invitations.find(
      (inv) =>
        inv.email.toLowerCase() === email && (user.group === undefined || inv.group === user.group),
    );
    world.invitations = world.invitations.filter((inv) => inv.email.toLowerCase() !== email);
    addUser(world, user);
    result.created.push(user.id);
    if (invitation === undefined) continue;
    user.group = invitation.group;
    result.joined.push({ id: user.id, group: invitation.group });
    recordActivity(world, {
      group: invitation.group,
      actor: invitation.invited_by ?? user.id,
      action: 'Add user to group',
      user: user.id,
      date: currentEpochSeconds(world),
    });
  }
  return result;
}
