/**
 * What the action writes for GitHub: `$GITHUB_OUTPUT` entries, workflow-command text, and the
 * markdown reports for the job summary and comments. The key is scrubbed from all of it.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { nonEmpty } from './inputs.mjs';

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
 * Replaces every occurrence of the key in `text` with `***`.
 * @param {string} text
 * @param {string} key
 */
export function redactKey(text, key) {
  return key === '' ? text : text.split(key).join('***');
}

/** Workflow-command data must not carry raw newlines or `%`. */
export function escapeCommand(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
  const group = codeText(report?.group ?? '?');
  const lines = [
    `<!-- gti-sync:apply group=${group.replace(/[^A-Za-z0-9_.-]/g, '')} -->`,
    `## gti-sync apply: \`${group}\``,
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
      // Text from the API goes into code spans: no markdown, links or @mentions of its own.
      const message = op.error?.message ? ` \`${codeText(op.error.message)}\`` : '';
      lines.push(
        `- \`${codeText(op.kind)}\` \`${codeText(who)}\`: **${codeText(op.error?.code ?? 'ERROR')}**${message}`,
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
 * The CLI's one-line error (`gti-sync: CODE: message`, design §2) in its stderr, if any; else the
 * failure document `{"version":1,"error":{code, message, location?}}` that `--format json` prints
 * on stdout (a bad group file prints only its problem lines on stderr).
 * @param {string} stderr
 * @param {string} [stdout]
 * @returns {{code: string, line: string} | undefined}
 */
export function findCliError(stderr, stdout = '') {
  const match = /^gti-sync: ([A-Z][A-Za-z0-9_]*): .*$/m.exec(stderr);
  if (match !== null) return { code: match[1], line: match[0] };
  let error;
  try {
    error = JSON.parse(stdout)?.error;
  } catch {
    return undefined;
  }
  if (typeof error?.code !== 'string' || !/^[A-Z][A-Za-z0-9_]*$/.test(error.code)) return undefined;
  const where = typeof error.location === 'string' ? `${error.location}: ` : '';
  const message = typeof error.message === 'string' ? error.message : '';
  return { code: error.code, line: `gti-sync: ${error.code}: ${where}${message}`.split('\n')[0] };
}

/**
 * Whether stdout is only the `--format json` failure document (`{"version":1,"error":{…}}`), not a
 * report.
 * @param {string} stdout
 */
export function isFailureDocument(stdout) {
  try {
    const doc = JSON.parse(stdout);
    return (
      typeof doc?.error?.code === 'string' &&
      Object.keys(doc).every((k) => ['version', 'error'].includes(k))
    );
  } catch {
    return false;
  }
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

/** A string field of a JSON document, or "" when the text is not JSON or has no such string. */
export function readJsonField(text, field) {
  try {
    const value = JSON.parse(text)?.[field];
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

/**
 * Text safe inside a markdown code span: one line, no backticks (they would end the span).
 * @param {unknown} value
 */
export function codeText(value) {
  return String(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/`/g, "'");
}
