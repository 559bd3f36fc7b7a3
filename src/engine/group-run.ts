/**
 * The shared first half of plan, apply, audit and export --diff: load the group file once (its
 * warnings handed to the caller before any request), open the client, read the live group.
 * Everything that can fail without the API (the file) fails before the first request.
 */
import { loadGroupFile } from '../config/load-group-file.js';
import type { LoadedGroupFile } from '../config/load-group-file.js';
import type { GtiApi } from '../api/types.js';
import { readLiveGroup } from '../live/read-live-group.js';
import type { Problem } from '../model/errors.js';
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import { withClient } from './client.js';
import type { ClientHooks, ConnectionSettings } from './client.js';

/** What every engine function that reads a group file takes. */
export interface GroupRunOptions {
  /** The group file, as the user named it (relative to `connection.cwd`). */
  file: string;
  /** The run's clock (expiry, the activity log window, the plan's day). */
  now: Date;
  connection: ConnectionSettings;
  hooks?: ClientHooks | undefined;
  /**
   * The file's warnings, as soon as it is loaded (before any request, so they show even when the
   * API fails). EXPIRING is left out: plan and audit report it as a finding.
   */
  onWarnings?: ((warnings: readonly Problem[]) => void) | undefined;
  /** A check of the loaded config before the client opens (throw to stop). */
  checkConfig?: ((config: GroupConfig) => void) | undefined;
  /** The file already loaded by this run (a multi-group run loads every file first). */
  loaded?: LoadedGroupFile | undefined;
}

/** What `withGroupRun` gives its function. */
export interface GroupRun {
  config: GroupConfig;
  /** The file's text as read (export --diff edits it). */
  text: string;
  api: GtiApi;
}

/** Loads `options.file`, opens the client, runs `fn`, closes the client. */
export async function withGroupRun<T>(
  options: GroupRunOptions,
  fn: (run: GroupRun) => Promise<T>,
): Promise<T> {
  const { config, warnings, text } =
    options.loaded ??
    (await loadGroupFile(options.file, {
      now: options.now,
      cwd: options.connection.cwd,
    }));
  options.onWarnings?.(warnings.filter((w) => w.code !== 'EXPIRING'));
  options.checkConfig?.(config);
  return withClient(options.connection, options.hooks ?? {}, (api) => fn({ config, text, api }));
}

/**
 * The live group as plan reads it: every declared email is looked for in the activity log, as far
 * as needed to tell which are pending invitations. 2FA is learnt only where `policy.require_2fa`
 * asks for it, or where the caller says it is wanted (export's comments).
 */
export function readGroupLive(
  api: GtiApi,
  config: GroupConfig,
  now: Date,
  twoFactor = config.policy.require_2fa,
): Promise<LiveGroup> {
  const lookFor = new Set(config.members.map((m) => m.key));
  return readLiveGroup(api, config.group, { now, lookFor, twoFactor });
}
