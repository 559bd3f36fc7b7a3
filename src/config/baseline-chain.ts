/**
 * The `extends` chain of a group file (issue 12, item 3): each baseline read with the same size
 * limit as a group file, resolved relative to the file that names it, kept inside the repository
 * that holds the group file (the nearest directory above it with a `.git`, else the group file's
 * own directory), without cycles and at most MAX_EXTENDS_DEPTH deep. Every problem of a baseline is
 * reported at the baseline's own FILE:LINE:COL; a bad `extends` at the line that names it.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ErrorCode } from '../model/error-codes.js';
import { ConfigError, GtiSyncError } from '../model/errors.js';
import type { Problem } from '../model/errors.js';
import { checkSchema } from './check-schema.js';
import { readGroupFile } from './read-config-file.js';
import { parseYamlSafely, positionOf } from './yaml.js';
import type { YamlParseResult } from './yaml.js';

/** The longest chain of baselines a group file may extend. */
const MAX_EXTENDS_DEPTH = 8;

/** Keys a baseline may not have: they belong to one group. */
const BASELINE_FORBIDDEN_KEYS = ['group', 'members', 'service_accounts', 'apikey_env'];

/** One baseline of a chain: its path (as problems name it) and its parsed YAML. */
export interface BaselineLayer {
  file: string;
  value: Record<string, unknown>;
  yaml: YamlParseResult;
}

/** A resolved chain, nearest first, and every problem found on the way. */
export interface BaselineChain {
  layers: BaselineLayer[];
  problems: Problem[];
}

/** A file without `group:` whose keys are all baseline keys is a baseline (for `validate`). */
function looksLikeBaseline(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const baselineKeys = ['version', 'extends', 'policy', 'defaults', 'ignore', 'teams'];
  return keys.length > 0 && keys.every((key) => baselineKeys.includes(key));
}

/** True when `text` parses to a mapping that {@link looksLikeBaseline}. */
export function isBaselineText(text: string, file: string): boolean {
  const parsed = parseYamlSafely(text, file);
  return parsed.problems.length === 0 && looksLikeBaseline(parsed.value);
}

/** The schema and baseline-key problems of a parsed baseline (the `required` keys do not apply). */
export function baselineProblems(value: unknown, yaml: YamlParseResult, file: string): Problem[] {
  const schema = checkSchema(value, yaml, file)
    .filter((p) => !(p.problem.code === 'SCHEMA_REQUIRED' && p.path.length === 0))
    .map((p) => p.problem);
  const record = typeof value === 'object' && value !== null ? value : {};
  const forbidden = BASELINE_FORBIDDEN_KEYS.filter((key) => Object.hasOwn(record, key)).map(
    (key): Problem => ({
      file,
      ...positionOf(yaml, [key], 'key'),
      code: 'BASELINE_FORBIDDEN_KEY',
      message: `a baseline may not set "${key}": it belongs in each group file`,
      severity: 'error',
    }),
  );
  return [...schema, ...forbidden].sort((a, b) => a.line - b.line || a.col - b.col);
}

/**
 * Follows `extends` from the file `file` (its parsed `value` and `yaml`; `cwd` resolves relative
 * paths). Never throws for bad input: a problem stops the chain where it is found.
 */
export async function resolveBaselines(
  value: unknown,
  yaml: YamlParseResult,
  file: string,
  cwd: string,
): Promise<BaselineChain> {
  const layers: BaselineLayer[] = [];
  const problems: Problem[] = [];
  // Most files extend nothing: no real path, no repository root to look for.
  const record = typeof value === 'object' && value !== null ? value : {};
  if (Reflect.get(record, 'extends') === undefined) return { layers, problems };
  const startReal = realOrResolved(resolve(cwd, file));
  const root = repositoryRoot(dirname(startReal));
  const seen = [startReal];
  const names = [file];
  let current = { file, real: startReal, value, yaml };
  for (;;) {
    const record = typeof current.value === 'object' && current.value !== null ? current.value : {};
    const target: unknown = Reflect.get(record, 'extends');
    if (typeof target !== 'string' || target === '') break;
    const at = positionOf(current.yaml, ['extends']);
    const fail = (code: ErrorCode, message: string) =>
      problems.push({ file: current.file, ...at, code, message, severity: 'error' });
    if (isAbsolute(target)) {
      fail('EXTENDS_OUTSIDE_REPO', `extends "${target}" must be a path relative to this file`);
      break;
    }
    const shown = join(dirname(current.file), target);
    const lexical = resolve(dirname(current.real), target);
    if (!inside(root, lexical)) {
      fail('EXTENDS_OUTSIDE_REPO', `extends "${target}" leaves the repository (root ${root})`);
      break;
    }
    if (!existsSync(lexical)) {
      fail('EXTENDS_NOT_FOUND', `extends "${target}": no such file (${shown})`);
      break;
    }
    const real = realOrResolved(lexical);
    if (!inside(root, real)) {
      fail(
        'EXTENDS_OUTSIDE_REPO',
        `extends "${target}" is a link to a file outside the repository`,
      );
      break;
    }
    if (seen.includes(real)) {
      fail('EXTENDS_CYCLE', `extends makes a cycle: ${[...names, shown].join(' -> ')}`);
      break;
    }
    if (layers.length >= MAX_EXTENDS_DEPTH) {
      fail('EXTENDS_TOO_DEEP', `more than ${MAX_EXTENDS_DEPTH} baselines in a chain of extends`);
      break;
    }
    let text: string;
    try {
      text = await readGroupFile(real);
    } catch (error) {
      if (error instanceof ConfigError) {
        problems.push(...error.problems.map((p) => ({ ...p, file: shown })));
      } else if (error instanceof GtiSyncError) {
        fail('EXTENDS_NOT_FOUND', `extends "${target}": ${error.message}`);
      } else throw error;
      break;
    }
    const parsed = parseYamlSafely(text, shown, { what: 'a baseline' });
    if (parsed.problems.length > 0) {
      problems.push(...parsed.problems);
      break;
    }
    problems.push(...baselineProblems(parsed.value, parsed, shown));
    const layerValue: Record<string, unknown> =
      typeof parsed.value === 'object' && parsed.value !== null ? { ...parsed.value } : {};
    layers.push({ file: shown, value: layerValue, yaml: parsed });
    seen.push(real);
    names.push(shown);
    current = { file: shown, real, value: layerValue, yaml: parsed };
  }
  return { layers, problems };
}

/** The nearest directory at or above `dir` that holds `.git`; `dir` itself when there is none. */
export function repositoryRoot(dir: string): string {
  for (let at = dir; ;) {
    if (existsSync(join(at, '.git'))) return at;
    const up = dirname(at);
    if (up === at) return dir;
    at = up;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
