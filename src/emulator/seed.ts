/**
 * Reading seeds (design §6): YAML or JSON, checked in stages like group files: YAML syntax
 * (parseYamlSafely), the schema (schema/emulator-seed.schema.json, ajv 2020), then the rules
 * (seed-rules.ts). Every problem is reported at once with its position, as a ConfigError.
 */
import type { ErrorCode } from '../model/error-codes.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { resolve } from 'node:path';
import { BoundedReadError, readBoundedFile } from '../files/read-bounded-file.js';
import { positionOf, parseYamlSafely } from '../config/yaml.js';
import type { YamlParseResult } from '../config/yaml.js';
import { ConfigError, GtiSyncError } from '../model/errors.js';
import type { Problem } from '../model/errors.js';
import { seedValidators } from '../config/compiled-schemas.js';
import { checkSeedRules } from './seed-rules.js';
import { isRecord, resolveSeedDates } from './seed-dates.js';
import type { Seed, SeedUser } from './types.js';

// Compiled at build (dist/validators/seed.cjs), or at first use when running from src/.
function compileValidators() {
  return seedValidators<Seed, { users: SeedUser[] }>();
}

/** `users[3].email` from path segments. */
function describePath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) text += `[${JSON.stringify(segment)}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? 'the top level' : text;
}

function pathOf(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}

/** One schema error as a problem, or undefined for an error another one already explains. */
function schemaProblem(
  error: ErrorObject,
  parsed: YamlParseResult,
  file: string,
): Problem | undefined {
  if (error.propertyName !== undefined) return undefined;
  const path = pathOf(error.instancePath);
  const where = describePath(path);
  const make = (
    code: ErrorCode,
    message: string,
    at: (string | number)[],
    target: 'key' | 'value' = 'value',
  ): Problem => {
    const { line, col } = positionOf(parsed, at, target);
    return { file, line, col, code, message, severity: 'error' };
  };
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      return make('SEED_UNKNOWN_KEY', `unknown key "${key}" in ${where}`, [...path, key], 'key');
    }
    case 'required':
      return make(
        'SEED_MISSING_KEY',
        `${where} needs the key "${String(params['missingProperty'])}"`,
        path,
      );
    case 'propertyNames': {
      const key = String(params['propertyName']);
      return make(
        'SEED_BAD_KEY',
        `"${key}" is not allowed as a key of ${where}`,
        [...path, key],
        'key',
      );
    }
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues'])
        ? params['allowedValues'].join(', ')
        : '';
      // A variant is named on the command line too: one code for both (UNKNOWN_VARIANT).
      const code = path[0] === 'variants' ? 'UNKNOWN_VARIANT' : 'SEED_BAD_VALUE';
      return make(code, `${where} must be one of: ${allowed}`, path);
    }
    default:
      return make('SEED_BAD_VALUE', `${where} ${error.message ?? 'is invalid'}`, path);
  }
}

function unique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.line}:${p.col}:${p.code}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}

/**
 * Parses and validates a seed (YAML or JSON text read from `file`). Throws ConfigError with every
 * problem. Codes: the YAML_* codes of parseYamlSafely, SEED_UNKNOWN_KEY, SEED_MISSING_KEY,
 * SEED_BAD_KEY, SEED_BAD_VALUE, UNKNOWN_VARIANT, and the rule codes of seed-rules.ts.
 */
export function parseSeed(
  text: string,
  file: string,
  env: Record<string, string | undefined> = process.env,
): Seed {
  const parsed = parseYamlSafely(text, file);
  if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
  const { seed: validate } = compileValidators();
  const value = parsed.value;
  const dateProblems = anchorDates(value, env, (path, target) => ({
    file,
    ...positionOf(parsed, path, target),
    code: 'SEED_BAD_DATE',
    message: '',
    severity: 'error',
  }));
  if (dateProblems.length > 0) throw new ConfigError(unique(dateProblems));
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((error) => schemaProblem(error, parsed, file));
    throw new ConfigError(unique(problems.filter((p): p is Problem => p !== undefined)));
  }
  const ruleProblems = checkSeedRules(value, (path, target) => ({
    file,
    ...positionOf(parsed, path, target),
  }));
  if (ruleProblems.length > 0) throw new ConfigError(unique(ruleProblems));
  return value;
}

/**
 * Resolves the relative dates of a parsed seed (seed-dates.ts) against its clock: the seed's
 * absolute `now`, else `GTI_SYNC_NOW` (which then also freezes the emulator's clock, so the CLI
 * and the emulator agree), else real time.
 */
function anchorDates(
  value: unknown,
  env: Record<string, string | undefined>,
  locate: Parameters<typeof resolveSeedDates>[2],
): Problem[] {
  if (!isRecord(value)) return [];
  const record = value;
  const frozen = env['GTI_SYNC_NOW'];
  if (record['now'] === undefined && frozen !== undefined && frozen !== '') {
    if (Number.isNaN(new Date(frozen).getTime())) {
      throw new GtiSyncError('BAD_NOW', `GTI_SYNC_NOW is not an ISO 8601 instant: ${frozen}`);
    }
    record['now'] = new Date(frozen).toISOString().replace('.000Z', 'Z');
  }
  const now = record['now'];
  const base = typeof now === 'string' ? new Date(now) : new Date();
  if (Number.isNaN(base.getTime())) return []; // the schema reports the bad `now`
  return resolveSeedDates(value, base, locate);
}

/** The largest seed file the emulator reads (64 MiB: the benchmark's worlds fit many times). */
const MAX_SEED_BYTES = 64 * 1024 * 1024;

/**
 * Reads (through `readBoundedFile`) and validates a seed file; SEED_NOT_FOUND when there is none,
 * NOT_A_FILE for a FIFO, socket or device, SEED_UNREADABLE when it cannot be read (a directory,
 * over 64 MiB, no permission).
 */
export async function loadSeedFile(
  path: string,
  env: Record<string, string | undefined> = process.env,
): Promise<Seed> {
  let text: string;
  try {
    text = (await readBoundedFile(resolve(path), MAX_SEED_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof BoundedReadError && error.reason === 'not-a-file') {
      throw new GtiSyncError('NOT_A_FILE', `cannot read seed file ${path}: ${error.message}`, {
        cause: error,
      });
    }
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    const reason = error instanceof BoundedReadError ? `: ${error.message}` : '';
    throw new GtiSyncError(
      missing ? 'SEED_NOT_FOUND' : 'SEED_UNREADABLE',
      `cannot read seed file ${path}${reason}`,
      { cause: error },
    );
  }
  return parseSeed(text, path, env);
}

/**
 * Validates the body of `POST /_emulator/accounts` (`{"users": [seed user, ...]}`); returns the
 * users or a list of messages.
 */
export function validateAccountsBody(body: unknown): { users: SeedUser[] } | { errors: string[] } {
  const { accounts: validate } = compileValidators();
  if (validate(body)) return { users: body.users };
  return {
    errors: (validate.errors ?? []).map(
      (error) => `${describePath(pathOf(error.instancePath))} ${error.message ?? 'is invalid'}`,
    ),
  };
}
