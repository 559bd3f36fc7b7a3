/**
 * Every error and problem code gti-sync can print, in one closed table: a `GtiSyncError` or a file
 * `Problem` cannot be made with a code that is not here, and docs/error-codes.md is generated from
 * this table (`npm run docs:codes`; a test keeps it current). Codes are stable: scripts match them.
 */

/** The codes, grouped by where they arise, each with one line of meaning. */
export const ERROR_CODES = {
  // The command line
  BAD_USAGE: 'A bad command line: an unknown option, a missing argument or value.',
  BAD_FLAG: 'An option value out of range or of the wrong kind.',
  BAD_FORMAT: '`--format` is not one of the formats the command prints.',
  APIKEY_FLAG:
    'The API key was given as a flag (`--apikey`): it is read only from `GTI_APIKEY` or `--apikey-file`.',
  BAD_NOW: '`GTI_SYNC_NOW` is not an ISO 8601 instant.',
  NO_GROUP: 'No `--group` given and no `group.yaml` to take it from.',
  UNKNOWN_USER: 'A `--user` names no member or service account of the group.',
  DATE_IN_FUTURE: 'A `--from`/`--to` day after today.',
  DATE_RANGE_REVERSED: '`--from` is after `--to`.',
  DATE_TOO_OLD: '`--from` is older than the 60 days the API keeps.',
  // Files gti-sync reads or writes
  FILE_NOT_FOUND: 'No such file.',
  FILE_UNREADABLE: 'A directory, no permission, or not UTF-8 text.',
  NOT_A_FILE: 'An input file that is not a regular file or a directory (a FIFO, socket or device).',
  FILE_UNWRITABLE: 'An output file cannot be written (its directory is missing or read-only).',
  FILES_EXIST:
    '`init` would overwrite files that exist (they are listed; nothing was written): use `--force`.',
  FILE_EMPTY: 'A group file with nothing but whitespace and comments.',
  FILE_NOT_MAPPING: 'The top level of a group file is a list or a scalar.',
  INVALID_FILE: 'A file that failed validation (its problems are listed).',
  YAML_TOO_LARGE: 'A file over 1 MiB.',
  YAML_SYNTAX: 'Not valid YAML (an unclosed bracket or quote, bad indentation…).',
  YAML_TAB_INDENT: 'A tab used for indentation.',
  YAML_DUPLICATE_KEY: 'A key twice in one mapping.',
  YAML_MULTIPLE_DOCUMENTS: 'More than one YAML document in a group file.',
  YAML_CUSTOM_TAG: 'A YAML tag outside the core schema.',
  YAML_TOO_MANY_ALIASES: 'More than 50 aliases, or aliases that expand too far.',
  YAML_TOO_DEEP: 'Collections nested more than 64 levels deep.',
  SCHEMA_UNKNOWN_KEY: 'A key the format does not know.',
  SCHEMA_REQUIRED: 'A required key is missing.',
  SCHEMA_TYPE: 'A value of the wrong type.',
  SCHEMA_ENUM: 'Not one of the allowed values (a role, `policy.members`).',
  SCHEMA_CONST: 'Not the one value allowed.',
  SCHEMA_FORMAT: 'Not an email address, or a date not written `YYYY-MM-DD`.',
  SCHEMA_PATTERN: 'An id or name with characters it may not have.',
  SCHEMA_MINIMUM: 'A number below its minimum.',
  SCHEMA_MAXIMUM: 'A number above its maximum.',
  SCHEMA_MIN_LENGTH: 'A value that is too short (an empty pattern).',
  SCHEMA_MAX_LENGTH: 'A value that is too long.',
  SCHEMA_DUPLICATE_ITEM: 'The same item twice in a list.',
  SCHEMA_INVALID: 'A value the schema rejects for another reason.',
  UNSUPPORTED_VERSION: '`version` is not one this gti-sync reads.',
  BAD_DATE: 'A day written like a date that does not exist, or not written `YYYY-MM-DD`.',
  DUPLICATE_EMAIL: 'An email declared twice, in any letter case.',
  DUPLICATE_ID: 'Two members pin the same `id`.',
  DUPLICATE_SERVICE_ACCOUNT: 'A service account name declared twice.',
  DUPLICATE_PROTECTED: 'An email listed twice under `policy.protected`.',
  DUPLICATE_GROUP: 'Two group files of one run name the same group.',
  EMAIL_IN_TWO_GROUPS: 'One email declared in two groups of one run (a user belongs to one group).',
  NO_GROUP_FILES: 'A directory argument holds no `*.yaml`/`*.yml` file with `group:`.',
  MIN_ADMINS_UNREACHABLE: '`min_admins` is above the number of declared administrators.',
  PROTECTED_NOT_DECLARED: 'A protected email is not declared under `members`.',
  PROTECTED_IGNORED: 'A protected email matches an `ignore` pattern.',
  IGNORE_MATCHES_DECLARED: 'An `ignore` pattern matches a declared member.',
  SERVICE_ACCOUNT_ADMIN:
    'A service account declared with the admin role (it cannot administer a group).',
  QUOTA_WITHOUT_ROLE: 'A cap on a quota whose feature the entry has no role for.',
  UNKNOWN_TEAM: 'A member names a team that neither the file nor its baseline declares.',
  TEAM_QUOTA_CONFLICT:
    "Two of a member's teams set different values for a quota the member does not set.",
  BASELINE_FORBIDDEN_KEY:
    'A baseline sets a key only a group file may have (`group`, `members`, `service_accounts`, `apikey_env`).',
  EXTENDS_NOT_FOUND: 'The file named by `extends` cannot be read.',
  EXTENDS_OUTSIDE_REPO:
    '`extends` names a file outside the repository holding the group file (`..` or a symlink past its root, or an absolute path).',
  EXTENDS_CYCLE: 'A chain of `extends` comes back to a file already in it.',
  EXTENDS_TOO_DEEP: 'A chain of `extends` longer than the limit (8 baselines).',
  EXPIRED: 'Warning: an `expires` date is past; the entry counts as not declared.',
  EXPIRING: 'Warning: an `expires` date falls within `expiry_warning_days`.',
  // The connection and the API
  NO_API_KEY: 'No API key: set `GTI_APIKEY` or pass `--apikey-file`.',
  APIKEY_ENV_CLASH:
    'Two groups of one run map to the same `GTI_APIKEY_<GROUP>` name: give one an `apikey_env`.',
  BAD_API_KEY: 'The API key is empty or has characters a key cannot have.',
  BAD_APIKEY_FILE: 'The `--apikey-file` cannot be read.',
  BAD_API_URL: 'The API URL is not an http(s) URL.',
  INSECURE_API_URL: 'A plain `http://` API URL to a host that is not a loopback address.',
  BAD_NOTIFY_URL:
    'A notification webhook URL (`GTI_SYNC_NOTIFY_URL`, `--notify-file`) that is not an http(s) URL.',
  INSECURE_NOTIFY_URL:
    'A plain `http://` notification webhook URL to a host that is not a loopback address.',
  BAD_ID: 'A user, group or service-account id that cannot be put in a URL.',
  NOT_GROUP_MEMBER: 'The API key belongs to someone who is not a member of the group.',
  NOT_GROUP_ADMIN: 'The API key belongs to a member who is not an administrator of the group.',
  GROUP_NOT_FOUND: 'The group does not exist.',
  NETWORK_ERROR: 'The connection failed (reset, refused, DNS) after the retries.',
  TLS_MISMATCH:
    'An https:// API URL whose server does not speak TLS there (e.g. a plain-http port); not retried.',
  TIMEOUT: 'No complete answer within the time allowed.',
  QUOTA_EXCEEDED: 'The API allowance is used up (a per-minute, daily or monthly quota).',
  BAD_RESPONSE: 'An answer gti-sync cannot use (not JSON, a wrong shape, a repeated cursor).',
  RESPONSE_TOO_LARGE:
    'An API answer over 32 MiB, compressed or decompressed (a broken or hostile server); not retried.',
  TOO_MANY_PAGES:
    'A listing with more than 5000 pages (a server that never stops paging); not retried.',
  TIME_BUDGET_EXCEEDED:
    'The API work of one command took longer than its budget (`GTI_SYNC_MAX_TIME`, default 30 min).',
  BAD_MAX_TIME: '`GTI_SYNC_MAX_TIME` is not a number of seconds above 0.',
  'API_HTTP_<status>':
    'An HTTP error answer that named no error code of gti-api.md §11 (e.g. `API_HTTP_502`); the message quotes what it named.',
  API_BadRequestError: 'The API refused a malformed request.',
  API_InvalidArgumentError:
    'The API refused an argument (not an email, an unknown role, not a member).',
  API_AuthenticationRequiredError: 'The API saw no API key.',
  API_WrongCredentialsError: 'The API does not know the API key.',
  API_UserNotActiveError: 'The account of the API key is not active.',
  API_ForbiddenError: 'The caller may not do this.',
  API_NotFoundError: 'No such group, user or member.',
  API_AlreadyExistsError: 'It exists already (a service account name, a user in another group).',
  API_FailedDependencyError: 'A request it depended on failed.',
  API_QuotaExceededError: 'A quota is used up.',
  API_TooManyRequestsError: 'Too many requests at once.',
  API_TransientError: 'A temporary failure of the API.',
  API_DeadlineExceededError: 'The API took too long.',
  // Plan and apply
  UNSAFE_PLAN: 'The plan breaks a safety rule; apply refuses it (the plan shows why).',
  STALE_PLAN:
    'The group or the file changed since the saved plan was made (the message says which: another file, the file edited, or the live group).',
  BAD_PLAN_FILE: 'The `--plan` file is not a plan saved by `plan --out` (or was edited).',
  UNKNOWN_TARGET:
    'A `--target` names no declared or live member or service account (a typo must not plan nothing).',
  SELECTION_MISMATCH:
    "`apply --plan` with `--target`/`--only`/`--no-removals` that differ from the saved plan's selection.",
  BAD_JOURNAL:
    'A `--journal` file that is too large, or a line that is not a journal line (FILE:LINE).',
  APPROVAL_REQUIRED:
    'apply cannot ask for confirmation (stdin is not a terminal): pass `--auto-approve`.',
  APPLY_CANCELLED: 'The confirmation was not "yes"; nothing was changed.',
  APPLY_INCOMPLETE: 'Some operations failed; the report lists them.',
  UNEXPECTED_ERROR: 'An operation failed for a reason that is not an API error.',
  EDIT_FAILED: '`export --diff` could not edit the file in place.',
  GROUPS_FAILED:
    'In a run over several groups, some groups failed (each is listed); the others ran.',
  // The emulator
  BAD_HOST: 'The emulator `--host` is not an address it can listen on.',
  INSECURE_HOST: 'The emulator asked to listen beyond loopback without `--allow-remote`.',
  BAD_PORT: 'The emulator `--port` is not a port number.',
  BAD_LATENCY: 'The emulator `--latency-ms` is not a non-negative number.',
  BAD_FAULT_RATE: 'The emulator `--fault-rate` is not between 0 and 1.',
  BAD_FAULT_SEED: 'The emulator `--fault-seed` is not an integer.',
  BAD_RATE_LIMIT: 'The emulator `--rate-limit` is not a positive integer.',
  BAD_EMULATOR_OPTION: 'An emulator option out of range.',
  LISTEN_FAILED: 'The emulator could not listen on the address.',
  UNKNOWN_VARIANT:
    'An emulator `--variant` (or seed `variants` entry) the emulator does not serve.',
  SEED_NOT_FOUND: 'No such seed file.',
  SEED_UNREADABLE: 'The seed file cannot be read or parsed.',
  SEED_UNKNOWN_KEY: 'A key the seed format does not know.',
  SEED_MISSING_KEY: 'A required seed key is missing.',
  SEED_BAD_KEY: 'A seed API key with characters a key cannot have.',
  SEED_BAD_VALUE: 'A seed value of the wrong type or out of range.',
  SEED_BAD_DATE: 'A seed date that is not a date.',
  SEED_DUPLICATE_ID: 'Two seed users or service accounts with one id.',
  SEED_DUPLICATE_EMAIL: 'Two seed users with one email.',
  SEED_DUPLICATE_APIKEY: 'Two seed accounts with one API key.',
  SEED_DUPLICATE_GROUP: 'Two seed groups with one id.',
  SEED_DUPLICATE_INVITATION: 'The same invitation twice in a seed.',
  SEED_INVITATION_CONFLICT: 'A seed invitation for an email that already has an account.',
  SEED_UNKNOWN_GROUP: 'A seed entry names a group the seed does not define.',
  SEED_ROLES_WITHOUT_GROUP: 'A seed user with roles but no group.',
  SEED_SERVICE_ACCOUNT_ADMIN: 'A seed service account with the group administrator role.',
} as const satisfies Record<string, string>;

/** A code of the table (`API_HTTP_<status>` stands for one code per HTTP status). */
export type ErrorCode =
  Exclude<keyof typeof ERROR_CODES, 'API_HTTP_<status>'> | `API_HTTP_${number}`;

/** Whether `value` is a code of the table. */
function isErrorCode(value: string): value is ErrorCode {
  return (
    /^API_HTTP_[0-9]{3}$/.test(value) ||
    (value !== 'API_HTTP_<status>' && Object.hasOwn(ERROR_CODES, value))
  );
}

/** `API_<code>` for an error code of the API (gti-api.md §11), or `undefined` for another. */
export function apiErrorCode(apiCode: string): ErrorCode | undefined {
  const code = `API_${apiCode}`;
  return code.startsWith('API_HTTP_') || !isErrorCode(code) ? undefined : code;
}
