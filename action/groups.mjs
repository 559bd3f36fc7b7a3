/**
 * Multi-group runs (`file` naming a directory or several files): what the action reads from the
 * multi-group JSON (schema/multi-plan.schema.json, schema/multi-apply.schema.json) for its outputs,
 * and the markdown report of a multi-group apply.
 */
import { codeText, renderApplyMarkdown } from './reports.mjs';

/** The first line of a multi-group apply report: a comment or a summary can be found by it. */
export const MULTI_APPLY_MARKER = '<!-- gti-sync:apply groups -->';

/**
 * The multi-group document in `text` (`{version, plans, errors}` when `list` is "plans",
 * `{version, reports, errors}` when it is "reports"), or undefined when `text` is not one.
 * @param {string} text
 * @param {'plans' | 'reports'} list
 */
export function parseMultiDocument(text, list) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  return Array.isArray(doc?.[list]) && Array.isArray(doc?.errors) ? doc : undefined;
}

/**
 * Whether any group of a multi-group plan has operations.
 * @param {{plans: unknown[]}} multi
 */
export function hasAnyChanges(multi) {
  return multi.plans.some((plan) => Array.isArray(plan?.operations) && plan.operations.length > 0);
}

/**
 * Renders a multi-group apply report as markdown: a marker line, one row per group, each applied
 * group's own report (as a single-group apply shows it), and every group that failed with its code.
 * @param {{reports: unknown[], errors: unknown[]}} multi
 */
export function renderMultiApplyMarkdown(multi) {
  const lines = [
    MULTI_APPLY_MARKER,
    `## gti-sync apply: ${multi.reports.length} group(s) applied, ${multi.errors.length} failed`,
    '',
  ];
  if (multi.errors.length > 0) {
    lines.push('### Failed groups', '');
    for (const error of multi.errors) {
      const group = codeText(error?.group ?? '?');
      const message = error?.message ? ` \`${codeText(error.message)}\`` : '';
      lines.push(
        `- \`${group}\` (\`${codeText(error?.file ?? '?')}\`): **${codeText(error?.code ?? 'ERROR')}**${message}`,
      );
    }
    lines.push('');
  }
  // Each group's section starts with its own `<!-- gti-sync:apply group=ID -->` line.
  const sections = multi.reports.map((report) =>
    renderApplyMarkdown(JSON.stringify(report)).replace(/^## /m, '### '),
  );
  return [lines.join('\n'), ...sections].join('\n');
}
