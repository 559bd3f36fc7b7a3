/**
 * Patterns of the group file schema (schema/group.schema.json) that code writing a group file
 * (export, export --diff) must honour too, so what it writes validates.
 */

/** The schema's pattern of a pinned user id. */
export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The schema's pattern of a service account name. */
export const SERVICE_ACCOUNT_NAME_PATTERN = /^[a-z0-9][a-z0-9_]{0,63}$/;
