/**
 * A run over several group files (issue 12 items 1, 3, 5): every file loaded, the checks across
 * files (one group per file, one group per email, one key name per group), then each group read
 * and planned on its own client, `groupsInFlight` at once. One group failing (a bad file, no key,
 * an API error) never stops the others: it becomes an entry of `errors`.
 */
import { loadGroupText, readGroupFile } from '../config/load-group-file.js';
import type { LoadedGroupFile } from '../config/load-group-file.js';
import { ConfigError, GtiSyncError } from '../model/errors.js';
import type { Problem } from '../model/errors.js';
import type { GroupConfig, SourceRef } from '../model/group-config.js';
import type { GroupRunError } from '../model/multi-group.js';
import { mapPool, runPool } from '../model/run-pool.js';
import type { ClientHooks, ConnectionSettings } from './client.js';
import { groupConnection, keyNameClashes } from './group-keys.js';
import type { GroupRunOptions } from './group-run.js';

/** What every multi-group engine function takes. */
export interface MultiGroupOptions {
  files: readonly string[];
  now: Date;
  connection: ConnectionSettings;
  /** Hooks for each group's client (the CLI registers each key for redaction). */
  hooks?: ClientHooks | undefined;
  /** Each file's warnings, once loaded. */
  onWarnings?: ((warnings: readonly Problem[]) => void) | undefined;
  /** Groups read at once. */
  groupsInFlight: number;
}

/** One file of the run, loaded and checked: its config, or why it failed. */
export type LoadedGroup =
  | { file: string; config: GroupConfig; loaded?: LoadedGroupFile; error?: undefined }
  | { file: string; config?: GroupConfig | undefined; error: GtiSyncError };

/** Loads every file; then marks the files that clash with another (group, email, key name). */
export async function loadGroups(
  files: readonly string[],
  options: { now: Date; cwd: string },
): Promise<LoadedGroup[]> {
  const loaded: LoadedGroup[] = [];
  // The files are read ahead, a few at a time, while the earlier ones are parsed: parsing is CPU,
  // reading is waiting, and a run of many files should not wait file by file.
  const texts = readAhead(files, options.cwd);
  for (const [index, file] of files.entries()) {
    try {
      const file_ = await loadGroupText(await texts[index]!, file, options);
      loaded.push({ file, config: file_.config, loaded: file_ });
    } catch (error) {
      if (!(error instanceof GtiSyncError)) throw error;
      loaded.push({ file, error });
    }
  }
  const problems = crossFileProblems(loaded.flatMap((l) => (l.error ? [] : [l.config])));
  const clashes = keyNameClashes(loaded.flatMap((l) => (l.error ? [] : [l.config])));
  return loaded.map((l) => {
    if (l.error) return l;
    const own = problems.get(l.file);
    if (own !== undefined) return { file: l.file, config: l.config, error: new ConfigError(own) };
    const clash = clashes.get(l.file);
    return clash === undefined ? l : { file: l.file, config: l.config, error: clash };
  });
}

/** Files read at once by `readAhead`. */
const READ_AHEAD = 16;

/**
 * One promise of its text per file, the reads started READ_AHEAD at a time in file order; a
 * failed read rejects its own promise only (handled when the loop reaches it).
 */
function readAhead(files: readonly string[], cwd: string): Promise<string>[] {
  const settlers: { resolve(text: string): void; reject(error: unknown): void }[] = [];
  const texts = files.map(
    () =>
      new Promise<string>((resolve, reject) => {
        settlers.push({ resolve, reject });
      }),
  );
  // Not awaited here: each text is awaited where it is parsed.
  for (const text of texts) text.catch(() => undefined);
  void runPool(files, READ_AHEAD, async (file, index) => {
    const settle = settlers[index]!;
    await readGroupFile(file, cwd).then(settle.resolve, settle.reject);
  });
  return texts;
}

/** DUPLICATE_GROUP and EMAIL_IN_TWO_GROUPS problems, by file, each naming the other place. */
export function crossFileProblems(configs: readonly GroupConfig[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  const add = (p: Problem): void => {
    out.set(p.file, [...(out.get(p.file) ?? []), p]);
  };
  const at = (s: { file: string; line: number; col: number }): string =>
    `${s.file}:${s.line}:${s.col}`;
  const groups = new Map<string, GroupConfig>();
  for (const config of configs) {
    const first = groups.get(config.group);
    if (first === undefined) {
      groups.set(config.group, config);
      continue;
    }
    for (const [here, there] of [
      [config, first],
      [first, config],
    ] as const) {
      add({
        ...here.source,
        code: 'DUPLICATE_GROUP',
        message: `group ${here.group} is also declared at ${at(there.source)}: one file per group`,
        severity: 'error',
      });
    }
  }
  const emails = new Map<string, { config: GroupConfig; source: SourceRef }>();
  for (const config of configs) {
    for (const member of config.members) {
      const first = emails.get(member.key);
      if (first === undefined) {
        emails.set(member.key, { config, source: member.source });
        continue;
      }
      if (first.config === config) continue;
      add({
        ...member.source,
        code: 'EMAIL_IN_TWO_GROUPS',
        message: `${member.email} is also declared in group ${first.config.group} at ${at(first.source)}: a user belongs to one group`,
        severity: 'error',
      });
      add({
        ...first.source,
        code: 'EMAIL_IN_TWO_GROUPS',
        message: `${member.email} is also declared in group ${config.group} at ${at(member.source)}: a user belongs to one group`,
        severity: 'error',
      });
    }
  }
  return out;
}

/** The error entry of a failed group. */
export function groupRunError(
  file: string,
  group: string | undefined,
  error: unknown,
): GroupRunError {
  if (!(error instanceof GtiSyncError)) throw error;
  return {
    file,
    group,
    code: error.code,
    message: error.location === undefined ? error.message : `${error.location}: ${error.message}`,
    ...(error instanceof ConfigError ? { problems: [...error.problems] } : {}),
  };
}

/**
 * Runs `fn` for each loaded group, `groupsInFlight` at once, each with its own connection
 * settings (its own key, client and allowance). A group that fails, before or inside `fn`,
 * becomes an error entry; results keep the order of the files.
 */
export async function forEachGroup<T>(
  loaded: readonly LoadedGroup[],
  options: MultiGroupOptions,
  fn: (group: { config: GroupConfig; run: GroupRunOptions }) => Promise<T>,
  /** The groups of the whole run (more than `loaded` when some were left out): the key rules count them. */
  groupsInRun: number = loaded.length,
): Promise<({ file: string; group: string; result: T } | GroupRunError)[]> {
  const count = groupsInRun;
  return mapPool(loaded, options.groupsInFlight, async (entry) => {
    const group = entry.config?.group;
    try {
      if (entry.error) throw entry.error;
      const connection = await groupConnection(entry.config, options.connection, count);
      const result = await fn({
        config: entry.config,
        run: {
          file: entry.file,
          now: options.now,
          connection,
          hooks: options.hooks,
          onWarnings: options.onWarnings,
          loaded: entry.loaded,
        },
      });
      return { file: entry.file, group: entry.config.group, result };
    } catch (error) {
      return groupRunError(entry.file, group, error);
    }
  });
}

/** Whether an entry of `forEachGroup` is a failure. */
export function isGroupRunError(entry: object): entry is GroupRunError {
  return 'code' in entry && 'message' in entry && !('result' in entry);
}
