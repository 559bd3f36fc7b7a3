/**
 * The schema stage: validates a parsed group file against schema/group.schema.json (ajv, JSON
 * Schema 2020-12, compiled at build: see compiled-schemas.ts; every error at once) and turns each
 * ajv error into a Problem with a stable code, a human message and the position of the offending
 * key or value.
 */
import type { ErrorCode } from '../model/error-codes.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Problem } from '../model/errors.js';
import { groupValidator } from './compiled-schemas.js';
import { describePath, suggestKey } from './describe-path.js';
import { positionOf } from './yaml.js';
import type { YamlPositions } from './yaml.js';

type Path = (string | number)[];

/** What a pattern-checked field must look like, by field name (the schema says the same). */
const PATTERN_HINTS: Readonly<Record<string, string>> = {
  group: 'a group id is lowercase letters, digits, "_" and "-" (at most 64)',
  name: 'a service account name is lowercase letters, digits and "_" (at most 64)',
  id: 'a user id is letters, digits, ".", "_" and "-" (at most 64)',
  apikey_env: 'apikey_env must be GTI_APIKEY_ followed by uppercase letters, digits and "_"',
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

/** One schema problem and the path (into the file's value) it is about. */
export interface SchemaProblem {
  problem: Problem;
  path: Path;
}

/** Every schema problem of `value` (the parsed file); [] when it conforms. */
export function checkSchema(value: unknown, yaml: YamlPositions, file: string): SchemaProblem[] {
  const validateGroup = groupValidator();
  if (validateGroup(value)) return [];
  const errors = validateGroup.errors ?? [];
  const typeFailed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors
    .filter((e) => e.keyword === 'type' || !typeFailed.has(e.instancePath))
    .map((error) => {
      const { code, message, path, target } = explain(error);
      const at = positionOf(yaml, path, target);
      const problem: Problem = {
        file,
        line: at.line,
        col: at.col,
        code,
        message,
        severity: 'error',
      };
      return { problem, path };
    });
}

interface Explained {
  code: ErrorCode;
  message: string;
  path: Path;
  target: 'key' | 'value';
}

function explain(error: ErrorObject): Explained {
  const path = parsePointer(error.instancePath);
  const where = describePath(path);
  const data: unknown = error.data;
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys(propertiesOf(error.parentSchema));
      const hint = suggestKey(key, allowed);
      const message =
        `unknown key "${key}" in ${where}` +
        (hint === undefined ? '' : ` (did you mean "${hint}"?)`) +
        `; allowed: ${allowed.join(', ')}`;
      return { code: 'SCHEMA_UNKNOWN_KEY', message, path: [...path, key], target: 'key' };
    }
    case 'required': {
      const message = `missing required key "${String(params['missingProperty'])}" in ${where}`;
      return { code: 'SCHEMA_REQUIRED', message, path, target: path.length > 0 ? 'key' : 'value' };
    }
    case 'type': {
      const wanted = TYPE_NAMES[String(params['type'])] ?? String(params['type']);
      const message = `${where} must be ${wanted}, not ${describeValue(data)}`;
      return { code: 'SCHEMA_TYPE', message, path, target: 'value' };
    }
    case 'const':
      if (path.length === 1 && path[0] === 'version' && typeof data === 'string') {
        // `version: "1"`: the right number, quoted.
        const message = `version must be the number 1, not the string ${describeValue(data)}; remove the quotes`;
        return { code: 'UNSUPPORTED_VERSION', message, path, target: 'value' };
      }
      if (path.length === 1 && path[0] === 'version') {
        const message = `version ${describeValue(data)} is not supported; this gti-sync reads version 1`;
        return { code: 'UNSUPPORTED_VERSION', message, path, target: 'value' };
      }
      return plain('SCHEMA_CONST', `${where} must be ${JSON.stringify(params['allowedValue'])}`);
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues'])
        ? params['allowedValues'].map(String)
        : [];
      // A near miss (`authorative`, `Admin`, `private_scaning`) names what was probably meant.
      const hint = typeof data === 'string' ? suggestKey(data, allowed) : undefined;
      const message =
        `${where} must be one of: ${allowed.join(', ')} (got ${describeValue(data)})` +
        (hint === undefined ? '' : `; did you mean ${hint}?`);
      return plain('SCHEMA_ENUM', message);
    }
    case 'format':
      return explainFormat(String(params['format']), data, path, where);
    case 'pattern': {
      const field = [...path].reverse().find((segment) => typeof segment === 'string') ?? '';
      const hint = PATTERN_HINTS[field] ?? `it must match ${String(params['pattern'])}`;
      return plain('SCHEMA_PATTERN', `${where} ${describeValue(data)} is not valid: ${hint}`);
    }
    case 'minimum':
      return plain(
        'SCHEMA_MINIMUM',
        `${where} must be at least ${String(params['limit'])}, not ${describeValue(data)}`,
      );
    case 'maximum':
      return plain(
        'SCHEMA_MAXIMUM',
        `${where} must be at most ${String(params['limit'])}, not ${describeValue(data)}`,
      );
    case 'minLength':
      return plain('SCHEMA_MIN_LENGTH', `${where} must not be empty`);
    case 'maxLength':
      return plain(
        'SCHEMA_MAX_LENGTH',
        `${where} is longer than ${String(params['limit'])} characters`,
      );
    case 'uniqueItems': {
      const [first, second] = [Number(params['j']), Number(params['i'])].sort((a, b) => a - b);
      const item = Array.isArray(data) ? data[second ?? 0] : undefined;
      const message = `${describeValue(item)} is listed twice in ${where} (items ${String(first)} and ${String(second)})`;
      return {
        code: 'SCHEMA_DUPLICATE_ITEM',
        message,
        path: [...path, second ?? 0],
        target: 'value',
      };
    }
    default:
      return plain('SCHEMA_INVALID', `${where} ${error.message ?? 'is invalid'}`);
  }

  function plain(code: ErrorCode, message: string): Explained {
    return { code, message, path, target: 'value' };
  }
}

function explainFormat(format: string, data: unknown, path: Path, where: string): Explained {
  if (format === 'date' && typeof data === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data)) {
    // Written like a date, but no such day (2027-02-30): the rule the design calls BAD_DATE.
    return {
      code: 'BAD_DATE',
      message: `${where} ${data} is not a real date`,
      path,
      target: 'value',
    };
  }
  const wanted = format === 'date' ? 'a date written YYYY-MM-DD' : `a valid ${format} address`;
  const message = `${where} must be ${wanted}, not ${describeValue(data)}`;
  return { code: 'SCHEMA_FORMAT', message, path, target: 'value' };
}

/** `/members/0/email` → ['members', 0, 'email'] (RFC 6901 unescaping). */
function parsePointer(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function propertiesOf(schemaObject: unknown): Record<string, unknown> {
  if (typeof schemaObject !== 'object' || schemaObject === null) return {};
  const properties: unknown = Reflect.get(schemaObject, 'properties');
  return typeof properties === 'object' && properties !== null ? { ...properties } : {};
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty (null)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
