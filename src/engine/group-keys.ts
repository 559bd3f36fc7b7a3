/**
 * One API key per group (issue 12 item 2), first match wins: the file's `apikey_env`; then
 * `GTI_APIKEY_<GROUP>` (the id upper-cased, every character not a letter or digit replaced by
 * `_`); then `GTI_APIKEY`, only when one group is in play. `--apikey-file DIR` takes the file
 * `DIR/<group id>` for each group (a file path still works when one group is in play). Keys are
 * never read here: each group gets connection settings that the client resolves as usual (and
 * whose key the CLI registers for redaction when the client opens).
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GtiSyncError } from '../model/errors.js';
import type { GroupConfig } from '../model/group-config.js';
import type { ConnectionSettings } from './client.js';

/** The variable a group's key is read from in a multi-group run: `apikey_env`, else GTI_APIKEY_<GROUP>. */
export function groupKeyVariable(config: GroupConfig): string {
  return config.apikeyEnv ?? groupKeyEnvName(config.group);
}

/** `GTI_APIKEY_<GROUP>` for `group`. */
function groupKeyEnvName(group: string): string {
  return `GTI_APIKEY_${group.toUpperCase().replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * Two groups without `apikey_env` whose ids map to one `GTI_APIKEY_<GROUP>` name: one
 * APIKEY_ENV_CLASH error per such group, naming the other (keyed by the config's file).
 */
export function keyNameClashes(configs: readonly GroupConfig[]): Map<string, GtiSyncError> {
  const byName = new Map<string, GroupConfig[]>();
  for (const config of configs) {
    if (config.apikeyEnv !== undefined) continue;
    const name = groupKeyEnvName(config.group);
    byName.set(name, [...(byName.get(name) ?? []), config]);
  }
  const out = new Map<string, GtiSyncError>();
  for (const [name, same] of byName) {
    if (same.length < 2) continue;
    for (const config of same) {
      const others = same.filter((c) => c !== config).map((c) => `${c.group} (${c.file})`);
      out.set(
        config.file,
        new GtiSyncError(
          'APIKEY_ENV_CLASH',
          `groups ${config.group} (${config.file}) and ${others.join(', ')} both take their key from ${name}: give each an apikey_env: GTI_APIKEY_… in its file`,
        ),
      );
    }
  }
  return out;
}

/**
 * The connection settings of `config`'s group in a run of `groupCount` groups: the key source
 * chosen as above. NO_API_KEY (naming every variable tried) or BAD_FLAG when there is none.
 */
export async function groupConnection(
  config: GroupConfig,
  settings: ConnectionSettings,
  groupCount: number,
): Promise<ConnectionSettings> {
  if (settings.apikeyFile !== undefined) {
    const path = resolve(settings.cwd, settings.apikeyFile);
    const isDir = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (isDir) {
      const apikeyFile = join(settings.apikeyFile, config.group);
      return { ...settings, apikeyFile, apikeySource: `--apikey-file ${apikeyFile}` };
    }
    if (groupCount === 1) return settings;
    throw new GtiSyncError(
      'BAD_FLAG',
      `--apikey-file ${settings.apikeyFile} is a file, but ${groupCount} groups are in play: pass a directory holding one file per group, named by the group id`,
    );
  }
  const tried = [config.apikeyEnv ?? groupKeyEnvName(config.group)];
  if (groupCount === 1) tried.push('GTI_APIKEY');
  for (const name of tried) {
    const value = settings.env[name];
    if (value !== undefined && value.trim() !== '') {
      return {
        ...settings,
        apikeyFile: undefined,
        apikeySource: name,
        env: { ...settings.env, GTI_APIKEY: value },
      };
    }
  }
  throw new GtiSyncError(
    'NO_API_KEY',
    `no API key for group ${config.group}: set ${tried.join(' or ')}, or pass --apikey-file DIR with a file ${config.group} in it`,
  );
}
