/**
 * The roles of a GTI group (gti-api.md §4, revision 2): six documented roles, licensed per group.
 * The file names them in lower case; the API spells them `USER_ROLE_…`. A live role string that is
 * not one of these is kept and reported, never removed.
 */

/** Every role the file knows, in canonical order. */
export const ROLES = [
  'admin',
  'private_scanning',
  'file_downloads',
  'file_uploads',
  'private_file_uploads',
  'private_file_downloads',
] as const;

/** A role as the file names it. */
export type Role = (typeof ROLES)[number];

/** The API's name for each file role. */
export const API_ROLE: Readonly<Record<Role, string>> = {
  admin: 'USER_ROLE_GROUP_ADMIN',
  private_scanning: 'USER_ROLE_PRIVATE_SCANNING',
  file_downloads: 'USER_ROLE_FILE_DOWNLOADS',
  file_uploads: 'USER_ROLE_FILE_UPLOADS',
  private_file_uploads: 'USER_ROLE_PRIVATE_FILE_UPLOADS',
  private_file_downloads: 'USER_ROLE_PRIVATE_FILE_DOWNLOADS',
};

/** The file role of an API role string, or `undefined` for a role gti-sync does not know. */
export function roleOfApi(apiRole: string): Role | undefined {
  return ROLES.find((role) => API_ROLE[role] === apiRole);
}
