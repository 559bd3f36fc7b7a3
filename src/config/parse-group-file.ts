/**
 * Reading a group file in stages, reporting every problem at once: YAML (yaml.ts), then the schema
 * (check-schema.ts), then the rules (group-rules.ts), over a normalised config (normalize-group.ts).
 */
import type { Problem } from '../model/errors.js';
import { checkSchema } from './check-schema.js';
import { GROUP_RULES } from './group-rules.js';
import type { RuleInput } from './group-rules.js';
import { normalizeGroup } from './normalize-group.js';
import type { GroupConfig } from '../model/group-config.js';
import { parseYamlSafely, positionOf } from './yaml.js';
import type { BaselineLayer } from './baseline-chain.js';
import type { YamlParseResult } from './yaml.js';

/** The outcome of parsing one group file. */
export interface ParsedGroupFile {
  /** The normalised config, or `null` when any problem is an error. */
  config: GroupConfig | null;
  /** Every problem (errors and warnings), in file order. */
  problems: Problem[];
}

/**
 * Parses and validates `text`, read from `file` (the name used in problems and in the config).
 * Pure: `options.now` (default: the current time) only decides which `expires` are past or near.
 * `options.yaml`: `text` already parsed by parseYamlSafely (the caller looked for `extends`), so
 * it is not parsed twice.
 */
export function parseGroupFile(
  text: string,
  file: string,
  options: { now?: Date; baselines?: readonly BaselineLayer[]; yaml?: YamlParseResult } = {},
): ParsedGroupFile {
  const yaml = options.yaml ?? parseYamlSafely(text, file, { what: 'a group file' });
  if (yaml.problems.length > 0) return { config: null, problems: yaml.problems };

  const schemaProblems = checkSchema(yaml.value, yaml, file);
  const normalized = normalizeGroup(yaml.value, file, yaml, options.baselines ?? []);
  const input: RuleInput = {
    ...normalized,
    now: options.now ?? new Date(),
    at: (path) => positionOf(yaml, path),
    hasKey: (path) => hasPath(yaml.value, path),
    schemaFailed: (test) => schemaProblems.some((p) => test(p.path)),
  };
  const ruleProblems: Problem[] = GROUP_RULES.flatMap((rule) => rule(input)).map((p) => {
    const at = positionOf(yaml, p.path, p.target);
    return {
      file,
      line: at.line,
      col: at.col,
      code: p.code,
      message: p.message,
      severity: p.severity,
    };
  });

  const problems = sortProblems([...schemaProblems.map((p) => p.problem), ...ruleProblems]);
  const failed = problems.some((p) => p.severity === 'error');
  return { config: failed ? null : normalized.config, problems };
}

/** Problems in file order; a stable sort keeps each stage's order within one position. */
function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

function hasPath(value: unknown, path: readonly (string | number)[]): boolean {
  let node: unknown = value;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return false;
    node = Reflect.get(node, segment);
  }
  return true;
}
