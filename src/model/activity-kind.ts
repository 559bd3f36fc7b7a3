/**
 * What an activity log entry records (gti-api.md §9), whatever the spelling: the log's `action`
 * comes as words ("Add admin to group") or as the documented enum (`ADD_GROUP_ADMIN`). This is the
 * one place that reads either spelling; everything else compares kinds, never raw actions.
 */

/** The kinds of change the activity log can record; `other` is any action gti-sync does not know. */
export const ACTIVITY_KINDS = [
  'add_user',
  'remove_user',
  'add_admin',
  'remove_admin',
  'change_roles',
  'change_quota',
  'add_service_account',
  'remove_service_account',
  'create_tenant',
  'delete_tenant',
  'other',
] as const;

/** A canonical kind of activity log entry. */
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * Both spellings of every known action. An invitation is an `add_user` (the log spells it "Invite
 * user to group", "Add user to group" or `ADD_GROUP_USER`): what tells it apart is that it names an
 * email that is not a member.
 */
const KIND_OF_ACTION: ReadonlyMap<string, ActivityKind> = new Map<string, ActivityKind>([
  ['add user to group', 'add_user'],
  ['invite user to group', 'add_user'],
  ['add_group_user', 'add_user'],
  ['remove user from group', 'remove_user'],
  ['delete_group_user', 'remove_user'],
  ['add admin to group', 'add_admin'],
  ['add_group_admin', 'add_admin'],
  ['remove admin from group', 'remove_admin'],
  ['delete_group_admin', 'remove_admin'],
  ['change user roles', 'change_roles'],
  ['change user quota', 'change_quota'],
  ['create service account', 'add_service_account'],
  ['add_group_service_account', 'add_service_account'],
  ['delete_group_service_account', 'remove_service_account'],
  ['create_tenant', 'create_tenant'],
  ['delete_tenant', 'delete_tenant'],
]);

/** The kind of a raw `action` (either spelling, any case, surrounding blanks ignored); else `other`. */
export function activityKindOf(action: string): ActivityKind {
  return KIND_OF_ACTION.get(action.trim().replace(/\s+/g, ' ').toLowerCase()) ?? 'other';
}
