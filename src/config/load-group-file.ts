/**
 * The one group-file loader: read + parse + validate, over the file's `extends` chain. Every command
 * that reads a group file (plan, apply, audit, export --diff) goes through `loadGroupFile`;
 * `validate` reads with `readGroupFile` + `parseWithBaselines` (or `loadBaselineFile` for a
 * baseline) and reports every problem itself.
 */
import { ConfigError } from '../model/errors.js';
import { parseGroupFile } from './parse-group-file.js';
import { readGroupFile } from './read-config-file.js';
import { baselineProblems, resolveBaselines } from './baseline-chain.js';
import { parseYamlSafely } from './yaml.js';
import type { GroupConfig } from '../model/group-config.js';
import type { Problem } from '../model/errors.js';

export { DEFAULT_GROUP_FILE } from '../model/group-config.js';
export { readGroupFile } from './read-config-file.js';

/** A valid group file: the normalised config, its warnings, and the text it was read from. */
export interface LoadedGroupFile {
  config: GroupConfig;
  /** Every warning (severity `warning`) in file order, EXPIRING included; the caller prints them. */
  warnings: Problem[];
  text: string;
}

/**
 * Reads, parses and validates the group file at `path` (relative paths resolve against
 * `options.cwd`, default the process's) as of `options.now`. Throws GtiSyncError FILE_NOT_FOUND /
 * FILE_UNREADABLE when the file cannot be read, ConfigError (every error problem) when it is
 * invalid; returns the warnings as data (this never prints).
 */
export async function loadGroupFile(
  path: string,
  options: { now?: Date; cwd?: string } = {},
): Promise<LoadedGroupFile> {
  return loadGroupText(await readGroupFile(path, options.cwd), path, options);
}

/** `loadGroupFile` for a file already read (a multi-group run reads its files ahead). */
export async function loadGroupText(
  text: string,
  path: string,
  options: { now?: Date; cwd?: string } = {},
): Promise<LoadedGroupFile> {
  const { config, problems } = await parseWithBaselines(text, path, options);
  if (config === null) throw new ConfigError(problems.filter((p) => p.severity === 'error'));
  return { config, warnings: problems.filter((p) => p.severity === 'warning'), text };
}

/**
 * Parses the group file `text` (read from `path`) over the baselines its `extends` chain names:
 * every problem, the group file's and each baseline's at its own FILE:LINE:COL; the config is
 * `null` when any is an error.
 */
export async function parseWithBaselines(
  text: string,
  path: string,
  options: { now?: Date; cwd?: string } = {},
): Promise<ReturnType<typeof parseGroupFile>> {
  const yaml = parseYamlSafely(text, path, { what: 'a group file' });
  const chain =
    yaml.problems.length > 0
      ? { layers: [], problems: [] }
      : await resolveBaselines(yaml.value, yaml, path, options.cwd ?? process.cwd());
  const parsed = parseGroupFile(text, path, {
    ...(options.now === undefined ? {} : { now: options.now }),
    baselines: chain.layers,
    yaml,
  });
  const problems = [...chain.problems, ...parsed.problems];
  const failed = problems.some((p) => p.severity === 'error');
  return { config: failed ? null : parsed.config, problems };
}

/**
 * Reads and checks a baseline file on its own (for `validate`): its YAML, schema, the keys a
 * baseline may not have, and its own `extends` chain, each problem at its own FILE:LINE:COL.
 */
export async function loadBaselineFile(
  path: string,
  options: { cwd?: string } = {},
): Promise<{ problems: Problem[] }> {
  const text = await readGroupFile(path, options.cwd);
  const yaml = parseYamlSafely(text, path, { what: 'a baseline' });
  if (yaml.problems.length > 0) return { problems: yaml.problems };
  const own = baselineProblems(yaml.value, yaml, path);
  const chain = await resolveBaselines(yaml.value, yaml, path, options.cwd ?? process.cwd());
  return { problems: [...own, ...chain.problems] };
}
