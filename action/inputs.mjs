/**
 * The action's inputs (the INPUT_* environment action.yml sets) and the CLI call they make:
 * arguments and environment. The key travels only in the environment.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The commands the action runs (`export` always as `export --diff FILE --detailed-exitcode`, for
 * drift.yml's pull-request mode). The others (usage, emulator) are for people, not CI.
 */
export const COMMANDS = ['validate', 'plan', 'apply', 'audit', 'export'];

/** Commands that talk to the API and therefore need the key. */
export const KEYED_COMMANDS = ['plan', 'apply', 'audit', 'export'];

const DEFAULT_FORMATS = {
  validate: 'github',
  plan: 'markdown',
  apply: 'json',
  audit: 'markdown',
  export: 'diff',
};

/** A problem with the action's inputs: reported as `::error::` and exit code 1, never a stack. */
export class ActionInputError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'ActionInputError';
  }
}

/**
 * Reads the action's inputs from the environment action.yml sets (INPUT_*), with the defaults.
 * Throws ActionInputError for an unknown command, a missing key or bad `args`.
 * @param {Record<string, string | undefined>} env
 */
export function readInputs(env) {
  const command = (env.INPUT_COMMAND ?? '').trim();
  if (!COMMANDS.includes(command)) {
    throw new ActionInputError(
      `input "command" must be one of ${COMMANDS.join(', ')} (got "${command}")`,
    );
  }
  const key = env.GTI_APIKEY ?? '';
  const args = splitArgs(env.INPUT_ARGS ?? '');
  // Several groups: one key per group, mapped from secrets into the step's env (GTI_APIKEY_<GROUP>).
  const groupKeys = Object.entries(env)
    .filter(([name, value]) => /^GTI_APIKEY_[A-Z0-9_]+$/.test(name) && nonEmpty(value))
    .map(([, value]) => /** @type {string} */ (value));
  const secrets = [key, ...groupKeys].filter((k) => k !== '');
  if (secrets.some((secret) => args.some((arg) => arg.includes(secret)))) {
    // The key would show in process listings and in the log: refuse without saying it.
    throw new ActionInputError(
      'input "args" contains the API key; pass it only as the "api-key" input',
    );
  }
  const usesKeyFile = args.some(
    (arg) => arg === '--apikey-file' || arg.startsWith('--apikey-file='),
  );
  if (KEYED_COMMANDS.includes(command) && secrets.length === 0 && !usesKeyFile) {
    throw new ActionInputError(
      `input "api-key" is required for ${command} (pass it from a secret)`,
    );
  }
  const file = nonEmpty(env.INPUT_FILE) ?? 'group.yaml';
  const temp = nonEmpty(env.RUNNER_TEMP) ?? tmpdir();
  return {
    command,
    file,
    // Several group files or directories, separated by whitespace (quotes as in `args`).
    files: splitArgs(file),
    format: nonEmpty(env.INPUT_FORMAT) ?? DEFAULT_FORMATS[command],
    args,
    key,
    apiUrl: nonEmpty(env.INPUT_API_URL) ?? nonEmpty(env.GTI_API_URL),
    planFile: nonEmpty(env.INPUT_PLAN_FILE) ?? join(temp, 'gti-sync-plan.json'),
    temp,
  };
}

/**
 * Splits the `args` input into words like a shell would, quotes included, with no expansion of
 * any kind (no variables, globs or substitutions: the CLI is spawned without a shell).
 * @param {string} text
 * @returns {string[]}
 */
export function splitArgs(text) {
  const words = [];
  let word = null;
  let quote = null;
  for (const char of text) {
    if (quote !== null) {
      if (char === quote) quote = null;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote !== null) throw new ActionInputError(`input "args" has an unclosed ${quote} quote`);
  if (word !== null) words.push(word);
  return words;
}

/**
 * The CLI arguments for the inputs. plan always writes its JSON (`--out`) and reports changes by
 * exit code; audit reports findings by exit code; apply is always bound to a saved plan.
 * @param {ReturnType<typeof readInputs>} inputs
 * @returns {string[]}
 */
export function buildCliArgs(inputs) {
  const { command, files, format, args, planFile } = inputs;
  const base = [command, ...files, '--format', format];
  switch (command) {
    case 'plan':
      return [...base, '--out', planFile, '--detailed-exitcode', ...args];
    case 'audit':
      return [...base, '--detailed-exitcode', ...args];
    case 'apply':
      return [...base, '--plan', planFile, '--auto-approve', ...args];
    case 'export':
      // The unified diff that adopts the live group into the file (exit 2: drift).
      return ['export', '--diff', ...files, '--detailed-exitcode', ...args];
    default:
      return [...base, ...args];
  }
}

/**
 * The child's environment: the runner's, with GTI_API_URL from the `api-url` input when given
 * and empty values removed (an empty GTI_API_URL or GTI_APIKEY means "not given").
 * @param {Record<string, string | undefined>} env
 * @param {ReturnType<typeof readInputs>} inputs
 * @returns {Record<string, string>}
 */
export function buildCliEnv(env, inputs) {
  /** @type {Record<string, string>} */
  const childEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !name.startsWith('INPUT_')) childEnv[name] = value;
  }
  delete childEnv.GTI_API_URL;
  delete childEnv.GTI_APIKEY;
  if (inputs.apiUrl !== undefined) childEnv.GTI_API_URL = inputs.apiUrl;
  if (inputs.key !== '') childEnv.GTI_APIKEY = inputs.key;
  return childEnv;
}

/** The value, or undefined when it is missing or blank (an input left empty). */
export function nonEmpty(value) {
  return value === undefined || value.trim() === '' ? undefined : value;
}
