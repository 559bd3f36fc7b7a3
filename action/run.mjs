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
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { hasAnyChanges, parseMultiDocument, renderMultiApplyMarkdown } from './groups.mjs';
import { ActionInputError, buildCliArgs, buildCliEnv, nonEmpty, readInputs } from './inputs.mjs';
import {
  escapeCommand,
  findCliError,
  isFailureDocument,
  readJsonField,
  redactKey,
  renderApplyMarkdown,
  renderFailureMarkdown,
  writeOutputs,
} from './reports.mjs';

export * from './groups.mjs';
export * from './inputs.mjs';
export * from './reports.mjs';

const EXTENSIONS = { markdown: 'md', json: 'json', diff: 'diff' };

/** An output value above this many characters is left out (GitHub caps one output at 1 MiB). */
export const MAX_OUTPUT_CHARS = 900_000;

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
  // Several groups: their keys (GTI_APIKEY_<GROUP>) are masked and redacted like GTI_APIKEY.
  const groupKeys = Object.entries(env)
    .filter(([name, value]) => /^GTI_APIKEY_[A-Z0-9_]+$/.test(name) && nonEmpty(value))
    .map(([, value]) => /** @type {string} */ (value));
  /** @param {string} text */
  const redactAll = (text) => [key, ...groupKeys].reduce((t, k) => redactKey(t, k), text);
  // Defensive: a key that did not come from `secrets.*` is not masked by the runner yet.
  for (const secret of [key, ...groupKeys])
    for (const line of secret.split(/\r?\n/)) if (line !== '') log.write(`::add-mask::${line}\n`);
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
  // A plan file left by an earlier step must never pass for this run's (plan_file, has_changes).
  if (inputs.command === 'plan') rmSync(resolve(cwd, inputs.planFile), { force: true });
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
  const outputs = collectOutputs(inputs, status, redactAll(stdout), cwd, redactAll(stderr));
  writeOutputs(env, outputs.values, key);
  if (outputs.summary !== undefined && nonEmpty(env.GITHUB_STEP_SUMMARY) !== undefined) {
    appendFileSync(env.GITHUB_STEP_SUMMARY, redactAll(outputs.summary));
  }
  const succeeded =
    status === 0 || (status === 2 && ['plan', 'audit', 'export'].includes(inputs.command));
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
  const error = findCliError(stderr, stdout);
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
    const saved = existsSync(planFile) ? readFileSync(planFile, 'utf8') : undefined;
    // Several groups: a run where some groups failed (exit 1) still saved the others' plans.
    const multi = saved === undefined ? undefined : parseMultiDocument(saved, 'plans');
    const planned = status === 0 || status === 2 || multi !== undefined;
    values.has_changes = String(multi === undefined ? status === 2 : hasAnyChanges(multi));
    values.plan_file = planned && saved !== undefined ? planFile : '';
    // One fingerprint per group in a multi-group plan: none for the run.
    values.fingerprint = values.plan_file === '' ? '' : readJsonField(saved ?? '', 'fingerprint');
    if (format === 'markdown') markdown = stdout;
  } else if (command === 'audit') {
    values.has_findings = String(status === 2);
    if (format === 'markdown') markdown = summary = stdout;
  } else if (command === 'export') {
    // report_file holds the patch (`git apply -p0` applies it to the file).
    values.has_changes = String(status === 2);
  } else if (command === 'apply') {
    // A refused apply (STALE_PLAN, UNSAFE_PLAN, …) prints no report: say why instead.
    const multi = parseMultiDocument(stdout, 'reports');
    markdown = summary =
      stdout.trim() === '' || isFailureDocument(stdout)
        ? renderFailureMarkdown(command, status, error)
        : multi === undefined
          ? renderApplyMarkdown(stdout)
          : renderMultiApplyMarkdown(multi);
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

function defaultActionPath() {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAction(process.env);
}
