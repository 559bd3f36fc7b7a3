/**
 * The script behind action.yml: runs the gti-sync CLI as a child process and reports to GitHub
 * Actions (outputs in $GITHUB_OUTPUT, a markdown report in $GITHUB_STEP_SUMMARY, `::error::` lines).
 *
 * Plain Node ESM with no build step and no dependencies, so the action needs nothing but the CLI.
 * The API key arrives only in the environment (GTI_APIKEY) and goes to the CLI only through the
 * environment; it is never a command-line argument and is scrubbed from everything this script
 * writes. Each step is a small exported function, so test/gitops can drive them one by one.
 */
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/** The commands the action runs. The others (usage, export, emulator) are for people, not CI. */
export const COMMANDS = ['validate', 'plan', 'apply', 'audit'];

/** Commands that talk to the API and therefore need the key. */
export const KEYED_COMMANDS = ['plan', 'apply', 'audit'];

const DEFAULT_FORMATS = { validate: 'github', plan: 'markdown', apply: 'json', audit: 'markdown' };
const EXTENSIONS = { markdown: 'md', json: 'json' };

/** An output value above this many characters is left out (GitHub caps one output at 1 MiB). */
export const MAX_OUTPUT_CHARS = 900_000;

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
  if (key !== '' && args.some((arg) => arg.includes(key))) {
    // The key would show in process listings and in the log: refuse without saying it.
    throw new ActionInputError(
      'input "args" contains the API key; pass it only as the "api-key" input',
    );
  }
  const usesKeyFile = args.some(
    (arg) => arg === '--apikey-file' || arg.startsWith('--apikey-file='),
  );
  if (KEYED_COMMANDS.includes(command) && key === '' && !usesKeyFile) {
    throw new ActionInputError(
      `input "api-key" is required for ${command} (pass it from a secret)`,
    );
  }
  const temp = nonEmpty(env.RUNNER_TEMP) ?? tmpdir();
  return {
    command,
    file: nonEmpty(env.INPUT_FILE) ?? 'group.yaml',
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
  const { command, file, format, args, planFile } = inputs;
  const base = [command, file, '--format', format];
  switch (command) {
    case 'plan':
      return [...base, '--out', planFile, '--detailed-exitcode', ...args];
    case 'audit':
      return [...base, '--detailed-exitcode', ...args];
    case 'apply':
      return [...base, '--plan', planFile, '--auto-approve', ...args];
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

/**
 * Formats one `$GITHUB_OUTPUT` entry: `name=value`, or the heredoc form with a random delimiter
 * that the value cannot contain when the value spans lines.
 * @param {string} name
 * @param {string} value
 * @param {() => string} [makeDelimiter]
 */
export function formatOutput(name, value, makeDelimiter = () => `ghadelimiter_${randomUUID()}`) {
  if (!value.includes('\n') && !value.includes('\r')) return `${name}=${value}\n`;
  let delimiter = makeDelimiter();
  while (value.includes(delimiter)) delimiter = makeDelimiter();
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/**
 * Replaces every occurrence of the key in `text` with `***`.
 * @param {string} text
 * @param {string} key
 */
export function redactKey(text, key) {
  return key === '' ? text : text.split(key).join('***');
}

/**
 * Renders apply's JSON report (design §3) as a short markdown report for the job summary and a
 * pull-request comment. Anything that is not such a report is shown verbatim in a code block.
 * @param {string} stdout
 */
export function renderApplyMarkdown(stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return `## gti-sync apply\n\n\`\`\`\n${stdout.trimEnd()}\n\`\`\`\n`;
  }
  const count = (name) => (Array.isArray(report?.[name]) ? report[name].length : 0);
  const lines = [
    `<!-- gti-sync:apply group=${report?.group ?? ''} -->`,
    `## gti-sync apply: \`${report?.group ?? '?'}\``,
    '',
    '| done | failed | skipped | invited |',
    '|---:|---:|---:|---:|',
    `| ${count('done')} | ${count('failed')} | ${count('skipped')} | ${count('invited')} |`,
    '',
  ];
  const failed = Array.isArray(report?.failed) ? report.failed : [];
  if (failed.length > 0) {
    lines.push('### Failed', '');
    for (const op of failed.slice(0, 200)) {
      const who = op.email ?? op.service_account ?? op.user_id ?? '';
      lines.push(
        `- \`${op.kind}\` ${who}: **${op.error?.code ?? 'ERROR'}** ${op.error?.message ?? ''}`.trimEnd(),
      );
    }
    if (failed.length > 200) lines.push(`- … and ${failed.length - 200} more (see the job log)`);
    lines.push('');
  }
  if (typeof report?.fingerprint === 'string')
    lines.push(`Plan fingerprint: \`${report.fingerprint}\``, '');
  return lines.join('\n');
}

/**
 * Runs the action: reads the inputs from `env`, runs the CLI through `spawnFn`, writes outputs and
 * the summary, and returns the step's exit code (0, or 1 on any error; plan's and audit's
 * "changes"/"findings" exit code 2 is a success).
 * @param {Record<string, string | undefined>} env
 * @param {(command: string, args: string[], options: {env: Record<string, string>, cwd: string}) => Promise<{status: number, stdout: string}>} [spawnFn]
 * @param {{cwd?: string, log?: {write(text: string): unknown}}} [options]
 * @returns {Promise<number>}
 */
export async function runAction(env, spawnFn = spawnCli, options = {}) {
  const log = options.log ?? process.stdout;
  const cwd = options.cwd ?? process.cwd();
  const key = env.GTI_APIKEY ?? '';
  // Defensive: a key that did not come from `secrets.*` is not masked by the runner yet.
  if (key !== '')
    for (const line of key.split(/\r?\n/)) if (line !== '') log.write(`::add-mask::${line}\n`);
  let inputs;
  try {
    inputs = readInputs(env);
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    log.write(`::error title=gti-sync::${escapeCommand(error.message)}\n`);
    return 1;
  }
  if (inputs.command === 'apply' && !existsSync(resolve(cwd, inputs.planFile))) {
    log.write(
      `::error title=gti-sync::no plan at ${escapeCommand(inputs.planFile)}: apply runs only a saved plan (run plan first or download the reviewed one)\n`,
    );
    return 1;
  }
  const actionPath = nonEmpty(env.GITHUB_ACTION_PATH) ?? defaultActionPath();
  const {
    status,
    stdout,
    stderr = '',
  } = await spawnFn(
    process.execPath,
    [join(actionPath, 'bin', 'gti-sync.js'), ...buildCliArgs(inputs)],
    { env: buildCliEnv(env, inputs), cwd },
  );
  const outputs = collectOutputs(
    inputs,
    status,
    redactKey(stdout, key),
    cwd,
    redactKey(stderr, key),
  );
  writeOutputs(env, outputs.values, key);
  if (outputs.summary !== undefined && nonEmpty(env.GITHUB_STEP_SUMMARY) !== undefined) {
    appendFileSync(env.GITHUB_STEP_SUMMARY, redactKey(outputs.summary, key));
  }
  const succeeded =
    status === 0 || (status === 2 && (inputs.command === 'plan' || inputs.command === 'audit'));
  if (!succeeded)
    log.write(`::error title=gti-sync::gti-sync ${inputs.command} failed (exit code ${status})\n`);
  return succeeded ? 0 : 1;
}

/**
 * What the step reports for one CLI run: output values and the markdown to append to the job
 * summary (none for plan, which appends its own markdown plan when GITHUB_STEP_SUMMARY is set).
 * @param {ReturnType<typeof readInputs>} inputs
 * @param {number} status
 * @param {string} stdout the CLI's stdout, key already redacted
 * @param {string} cwd
 * @param {string} [stderr] the CLI's stderr, key already redacted
 */
export function collectOutputs(inputs, status, stdout, cwd, stderr = '') {
  const { command, format } = inputs;
  const reportFile = join(inputs.temp, `gti-sync-${command}-report.${EXTENSIONS[format] ?? 'txt'}`);
  writeFileSync(reportFile, stdout);
  const error = findCliError(stderr);
  /** @type {Record<string, string>} */
  const values = {
    exit_code: String(status),
    error_code: error?.code ?? '',
    report_file: reportFile,
  };
  if (stdout.length <= MAX_OUTPUT_CHARS) values.report = stdout;
  let markdown;
  let summary;
  if (command === 'plan') {
    const planFile = resolve(cwd, inputs.planFile);
    const planned = status === 0 || status === 2;
    values.has_changes = String(status === 2);
    values.plan_file = planned && existsSync(planFile) ? planFile : '';
    values.fingerprint = values.plan_file === '' ? '' : readFingerprint(planFile);
    if (format === 'markdown') markdown = stdout;
  } else if (command === 'audit') {
    values.has_findings = String(status === 2);
    if (format === 'markdown') markdown = summary = stdout;
  } else if (command === 'apply') {
    // A refused apply (STALE_PLAN, UNSAFE_PLAN, …) prints no report: say why instead.
    markdown = summary =
      stdout.trim() === ''
        ? renderFailureMarkdown(command, status, error)
        : renderApplyMarkdown(stdout);
    values.fingerprint = format === 'json' ? readJsonField(stdout, 'fingerprint') : '';
  }
  if (markdown !== undefined && markdown.trim() !== '') {
    values.markdown_file = join(inputs.temp, `gti-sync-${command}.md`);
    writeFileSync(values.markdown_file, markdown);
  } else {
    values.markdown_file = '';
  }
  return { values, summary };
}

/**
 * Appends the outputs to `$GITHUB_OUTPUT` (nothing when it is not set, e.g. run by hand).
 * @param {Record<string, string | undefined>} env
 * @param {Record<string, string>} values
 * @param {string} key
 */
export function writeOutputs(env, values, key) {
  const file = nonEmpty(env.GITHUB_OUTPUT);
  if (file === undefined) return;
  const text = Object.entries(values)
    .map(([name, value]) => formatOutput(name, redactKey(value, key)))
    .join('');
  appendFileSync(file, text);
}

/**
 * Runs a command, echoing its stdout and stderr to ours as they come (the job log) and collecting
 * both. Resolves with the exit code (1 when killed by a signal).
 * @param {string} command
 * @param {string[]} args
 * @param {{env: Record<string, string>, cwd: string}} options
 * @param {{write(chunk: Uint8Array): unknown}} [echo] where stdout is echoed (default: ours)
 * @param {{write(chunk: Uint8Array): unknown}} [echoErr] where stderr is echoed (default: ours)
 * @returns {Promise<{status: number, stdout: string, stderr: string}>}
 */
export function spawnCli(command, args, options, echo = process.stdout, echoErr = process.stderr) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => {
      out.push(chunk);
      echo.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      err.push(chunk);
      echoErr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({
        status: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/**
 * The CLI's one-line error (`gti-sync: CODE: message`, design §2) in its stderr, if any.
 * @param {string} stderr
 * @returns {{code: string, line: string} | undefined}
 */
export function findCliError(stderr) {
  const match = /^gti-sync: ([A-Z][A-Za-z0-9_]*): .*$/m.exec(stderr);
  return match === null ? undefined : { code: match[1], line: match[0] };
}

/**
 * A short markdown report for a command that failed without printing a report.
 * @param {string} command
 * @param {number} status
 * @param {{code: string, line: string} | undefined} error
 */
export function renderFailureMarkdown(command, status, error) {
  const why = error === undefined ? 'see the job log' : `\`${error.code}\``;
  const lines = [`## gti-sync ${command} failed (exit code ${status}): ${why}`, ''];
  if (error !== undefined) lines.push('```', error.line, '```', '');
  return lines.join('\n');
}

function readFingerprint(planFile) {
  return readJsonField(readFileSync(planFile, 'utf8'), 'fingerprint');
}

function readJsonField(text, field) {
  try {
    const value = JSON.parse(text)?.[field];
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

function nonEmpty(value) {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Workflow-command data must not carry raw newlines or `%`. */
function escapeCommand(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function defaultActionPath() {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAction(process.env);
}
