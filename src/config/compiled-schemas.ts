/**
 * The JSON Schema validators, compiled at build (design §8): `npm run build` writes ajv's
 * standalone code for each schema to dist/validators/NAME.cjs (scripts/compile-schemas.ts), and
 * the functions here load that code on first use, without loading ajv itself. When the generated
 * file is missing (tests run src/ through vitest) they compile the schema with ajv instead, with
 * the same options, so both paths validate alike (test/config/compiled-schemas.test.ts checks it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import type { Ajv2020, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type * as AjvFormatsModule from 'ajv-formats';
import type * as StandaloneModule from 'ajv/dist/standalone/index.js';
import { packageFile } from '../package-root.js';

// ajv is CommonJS, and its standalone code `require()`s its runtime helpers: loaded synchronously
// and only when needed, so a run that reads no file never pays for ajv.
const require = createRequire(import.meta.url);

/** The validator sets, one generated file each. */
export const VALIDATOR_SETS = ['group', 'seed', 'plan'] as const;

/** The name of a validator set. */
export type ValidatorSetName = (typeof VALIDATOR_SETS)[number];

type FormatName = 'email' | 'date' | 'date-time';

interface ValidatorSetSpec {
  schemaFile: string;
  /** Beyond `allErrors` and `strict`, which every set uses. */
  options: Options;
  formats: FormatName[];
  /** Export name → `$id` of the schema it validates; `extra` schemas are added first. */
  exports: (mainId: string) => Record<string, string>;
  extra: (mainId: string) => object[];
}

/** The `$id` of the schema `POST /_emulator/accounts` bodies follow (users of the seed schema). */
const ACCOUNTS_SCHEMA_ID = 'https://gti-sync.dev/schema/emulator-accounts.schema.json';

const SPECS: Readonly<Record<ValidatorSetName, ValidatorSetSpec>> = {
  group: {
    schemaFile: 'schema/group.schema.json',
    // verbose: check-schema.ts explains errors from their data and parent schema.
    options: { verbose: true },
    formats: ['email', 'date'],
    exports: (mainId) => ({ validate: mainId }),
    extra: () => [],
  },
  seed: {
    schemaFile: 'schema/emulator-seed.schema.json',
    options: {},
    formats: ['email', 'date', 'date-time'],
    exports: (mainId) => ({ seed: mainId, accounts: ACCOUNTS_SCHEMA_ID }),
    extra: (mainId) => [
      {
        $id: ACCOUNTS_SCHEMA_ID,
        type: 'object',
        additionalProperties: false,
        required: ['users'],
        properties: { users: { type: 'array', items: { $ref: `${mainId}#/$defs/user` } } },
      },
    ],
  },
  plan: {
    schemaFile: 'schema/plan.schema.json',
    options: {},
    formats: ['date-time'],
    exports: (mainId) => ({ validate: mainId }),
    extra: () => [],
  },
};

/** Where the build writes the generated code: dist/validators/ (next to dist/src/). */
export const GENERATED_VALIDATORS_DIR = fileURLToPath(
  new URL('../../validators/', import.meta.url),
);

type ValidatorSet = Readonly<Record<string, ValidateFunction>>;

const loaded = new Map<ValidatorSetName, ValidatorSet>();

/** The validator of schema/group.schema.json (verbose errors: data and parent schema). */
export function groupValidator(): ValidateFunction {
  return pick(validatorSet('group'), 'validate');
}

/**
 * The validators of schema/emulator-seed.schema.json: `seed` for a whole seed, `accounts` for a
 * `{"users": [seed user, ...]}` body. The type parameters name what a valid value is, as with
 * ajv's own `compile<T>`.
 */
export function seedValidators<Seed, Accounts>(): {
  seed: ValidateFunction<Seed>;
  accounts: ValidateFunction<Accounts>;
} {
  const set = validatorSet('seed');
  return { seed: pick<Seed>(set, 'seed'), accounts: pick<Accounts>(set, 'accounts') };
}

/** The validator of schema/plan.schema.json (for `apply --plan`); `Plan` names a valid value. */
export function planValidator<Plan = unknown>(): ValidateFunction<Plan> {
  return pick<Plan>(validatorSet('plan'), 'validate');
}

/** The set `name`: the generated code when the build wrote it, else compiled now. */
function validatorSet(name: ValidatorSetName): ValidatorSet {
  let set = loaded.get(name);
  if (set === undefined) {
    set = loadGeneratedSet(name, GENERATED_VALIDATORS_DIR) ?? compileValidatorSet(name);
    loaded.set(name, set);
  }
  return set;
}

/** The generated code of set `name` in `dir`, or undefined when there is none. */
export function loadGeneratedSet(name: ValidatorSetName, dir: string): ValidatorSet | undefined {
  const file = join(dir, `${name}.cjs`);
  if (!existsSync(file)) return undefined;
  const exported: unknown = require(file);
  if (typeof exported !== 'object' || exported === null)
    throw new Error(`${file} is not a validator module; run \`npm run build\` again`);
  const set: Record<string, ValidateFunction> = {};
  for (const key of Object.keys(SPECS[name].exports(''))) {
    const validate: unknown = Reflect.get(exported, key);
    if (!isValidateFunction(validate))
      throw new Error(`${file} has no validator "${key}"; run \`npm run build\` again`);
    set[key] = validate;
  }
  return set;
}

/** Compiles set `name` with ajv now (the fallback, and what the build's code must match). */
export function compileValidatorSet(name: ValidatorSetName): ValidatorSet {
  const { ajv, ids } = prepareAjv(name, false);
  const set: Record<string, ValidateFunction> = {};
  for (const [key, id] of Object.entries(ids)) {
    const validate = ajv.getSchema(id);
    if (validate === undefined) throw new Error(`no schema ${id} in validator set ${name}`);
    set[key] = validate;
  }
  return set;
}

/** ajv's standalone CommonJS code for set `name` (what the build writes). */
export function validatorSetSource(name: ValidatorSetName): string {
  const { ajv, ids } = prepareAjv(name, true);
  const standalone: typeof StandaloneModule = require('ajv/dist/standalone/index.js');
  return standalone.default(ajv, ids);
}

function prepareAjv(
  name: ValidatorSetName,
  source: boolean,
): { ajv: Ajv2020; ids: Record<string, string> } {
  const spec = SPECS[name];
  const ajvModule: typeof Ajv2020Module = require('ajv/dist/2020.js');
  const formats: typeof AjvFormatsModule = require('ajv-formats');
  const ajv = new ajvModule.Ajv2020({
    allErrors: true,
    strict: true,
    ...spec.options,
    ...(source ? { code: { source: true } } : {}),
  });
  formats.default(ajv, spec.formats);
  const schema: unknown = JSON.parse(readFileSync(packageFile(spec.schemaFile), 'utf8'));
  if (typeof schema !== 'object' || schema === null)
    throw new Error(`${spec.schemaFile} is not a JSON object`);
  const mainId: unknown = Reflect.get(schema, '$id');
  if (typeof mainId !== 'string') throw new Error(`${spec.schemaFile} has no $id`);
  ajv.addSchema(schema);
  for (const extra of spec.extra(mainId)) ajv.addSchema(extra);
  return { ajv, ids: spec.exports(mainId) };
}

function pick<T = unknown>(set: ValidatorSet, key: string): ValidateFunction<T> {
  const validate = set[key];
  if (!isValidateFunction<T>(validate)) throw new Error(`no validator "${key}"`);
  return validate;
}

// A compiled validator is a plain function; what it accepts is the schema's promise (as with
// ajv's `compile<T>`), which the agreement test checks for the generated code.
function isValidateFunction<T>(value: unknown): value is ValidateFunction<T> {
  return typeof value === 'function';
}
