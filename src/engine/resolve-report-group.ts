/** The group a report is about when `--group` is not given: the `group` of ./group.yaml. */
import { DEFAULT_GROUP_FILE, readGroupFile } from '../config/load-group-file.js';
import { parseYamlSafely } from '../config/yaml.js';
import { ConfigError, GtiSyncError, UsageError } from '../model/errors.js';

/**
 * `given` when set, else the `group` of `group.yaml` in `cwd` (only that key is read; the rest of
 * the file need not be valid). Throws UsageError NO_GROUP when neither says, ConfigError when
 * group.yaml is not readable YAML.
 */
export async function resolveReportGroup(given: string | undefined, cwd: string): Promise<string> {
  if (given !== undefined && given !== '') return given;
  let text: string;
  try {
    text = await readGroupFile(DEFAULT_GROUP_FILE, cwd);
  } catch (error) {
    if (error instanceof GtiSyncError && error.code === 'FILE_NOT_FOUND') {
      throw new UsageError(
        `--group is required (there is no ${DEFAULT_GROUP_FILE} here to take it from)`,
        'NO_GROUP',
      );
    }
    throw error;
  }
  const parsed = parseYamlSafely(text, DEFAULT_GROUP_FILE);
  if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
  const value: unknown = parsed.value;
  const group =
    typeof value === 'object' && value !== null && 'group' in value ? value.group : undefined;
  if (typeof group !== 'string' || group === '') {
    throw new UsageError(`--group is required (${DEFAULT_GROUP_FILE} names no group)`, 'NO_GROUP');
  }
  return group;
}
