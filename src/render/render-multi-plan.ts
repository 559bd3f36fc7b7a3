/**
 * The output of a multi-group plan (issue 12 item 6). Text: a header per group, the group's plan
 * as a single-group plan prints it (or its error), and a summary line over all. JSON: the
 * MultiPlan (schema/multi-plan.schema.json). Markdown: one comment, a run marker first line
 * (`<!-- gti-sync:plan groups -->`, what CI looks for), then one section and one
 * `<!-- gti-sync:plan group=ID -->` marker per group; only groups with changes or failures are
 * expanded, and the comment stays under GitHub's limit by shortening the largest sections.
 * Pure: a function of the model and the options only.
 */
import { escapeControl } from '../model/escape-control.js';
import type { GroupRunError, MultiPlan } from '../model/multi-group.js';
import type { Plan } from '../model/plan.js';
import type { PlanFormat } from '../model/formats.js';
import { summaryLine } from './plan-describe.js';
import { COMMENT_LIMIT, planCommentMarker } from './plan-markdown.js';
import { renderPlan } from './render-plan.js';
import { formatProblem } from './render-problems.js';

/** The first line of a multi-group plan comment: CI finds and updates the comment by it. */
const MULTI_PLAN_MARKER = '<!-- gti-sync:plan groups -->';

/** Options of renderMultiPlan: `files` maps a group id to the file it was planned from. */
export interface RenderMultiPlanOptions {
  format: PlanFormat;
  color: boolean;
  files: ReadonlyMap<string, string>;
}

/** One line over all groups: how many have changes, are unchanged, failed. */
function multiSummaryLine(multi: MultiPlan): string {
  const failed = new Set(multi.errors.map((e) => e.file));
  const changed = multi.plans.filter((p) => p.operations.length > 0).length;
  const unchanged = multi.plans.length - changed;
  const total = new Set([...multi.plans.map((p) => p.group), ...multi.errors.map((e) => e.file)]);
  return `${total.size} group(s): ${changed} with changes, ${unchanged} unchanged, ${failed.size} failed.`;
}

/** Renders a multi-group plan in `format`; always ends with a newline. */
export function renderMultiPlan(multi: MultiPlan, options: RenderMultiPlanOptions): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(multi, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(multi, options);
    case 'text':
      return renderText(multi, options);
  }
}

function renderText(multi: MultiPlan, options: RenderMultiPlanOptions): string {
  const parts: string[] = [];
  for (const plan of multi.plans) {
    const file = options.files.get(plan.group);
    parts.push(`=== group ${plan.group}${file === undefined ? '' : ` (${file})`} ===\n`);
    parts.push(
      renderPlan(plan, { format: 'text', color: options.color, ...(file ? { file } : {}) }),
    );
    for (const error of multi.errors.filter((e) => e.group === plan.group && e.file === file)) {
      parts.push(`error ${error.code}: ${escapeControl(error.message)}\n`);
    }
    parts.push('\n');
  }
  const planned = new Set(multi.plans.map((p) => options.files.get(p.group)));
  for (const error of multi.errors.filter((e) => !planned.has(e.file))) {
    parts.push(
      `=== group ${escapeControl(error.group ?? '?')} (${escapeControl(error.file)}) ===\n`,
    );
    parts.push(errorLines(error).join('\n') + '\n\n');
  }
  parts.push(`${multiSummaryLine(multi)}\n`);
  return parts.join('');
}

function errorLines(error: GroupRunError): string[] {
  return [
    `error ${error.code}: ${escapeControl(error.message)}`,
    ...(error.problems ?? []).map((p) => `  ${formatProblem(p)}`),
  ];
}

interface Section {
  text: string;
  /** A one-line replacement when the comment is too long. */
  short: string;
}

function renderMarkdown(multi: MultiPlan, options: RenderMultiPlanOptions): string {
  const head = `${MULTI_PLAN_MARKER}\n### gti-sync plan for ${multi.plans.length + multi.errors.filter((e) => !multi.plans.some((p) => p.group === e.group)).length} group(s)\n\n**${multiSummaryLine(multi)}**\n\n`;
  const sections: Section[] = [];
  const planned = new Set<string>();
  for (const plan of multi.plans) {
    const file = options.files.get(plan.group);
    if (file !== undefined) planned.add(file);
    const errors = multi.errors.filter((e) => e.group === plan.group && e.file === file);
    sections.push(planSection(plan, file, errors));
  }
  for (const error of multi.errors.filter((e) => !planned.has(e.file))) {
    const marker = planCommentMarker(error.group ?? error.file);
    const lines = errorLines(error).map((l) => `    ${l}`);
    const title = `#### ❌ \`${error.group ?? '?'}\` (\`${error.file}\`): failed, ${error.code}`;
    sections.push({
      text: `${marker}\n${title}\n\n${lines.join('\n')}\n\n`,
      short: `${marker}\n${title}\n\n`,
    });
  }
  const tail = '\n_The JSON plan (`plan --format json`) has every group in full._\n';
  let body = head + sections.map((s) => s.text).join('') + tail;
  // Past GitHub's limit, the largest sections shrink to their one-line form first.
  const bySize = [...sections].sort((a, b) => b.text.length - a.text.length);
  for (const section of bySize) {
    if (body.length <= COMMENT_LIMIT) break;
    section.text = section.short;
    body = head + sections.map((s) => s.text).join('') + tail;
  }
  return body;
}

function planSection(plan: Plan, file: string | undefined, errors: GroupRunError[]): Section {
  const marker = planCommentMarker(plan.group);
  const from = file === undefined ? '' : ` (\`${file}\`)`;
  const failed = errors.length > 0;
  const icon = failed ? '❌' : plan.operations.length > 0 ? '📝' : '✅';
  const title = `#### ${icon} \`${plan.group}\`${from}: ${summaryLine(plan)}`;
  const short = `${marker}\n${title}\n\n`;
  if (!failed && plan.operations.length === 0) return { text: short, short };
  const errorText = errors.map((e) => `**${e.code}**: ${escapeControl(e.message)}\n\n`).join('');
  // The group's own markdown, without its marker line (the section has it) and its heading.
  const own = renderPlan(plan, { format: 'markdown', color: false, ...(file ? { file } : {}) })
    .split('\n')
    .slice(2)
    .join('\n');
  return {
    text: `${short}${errorText}<details open><summary>${plan.group}</summary>\n\n${own}\n</details>\n\n`,
    short: `${short}${errorText}_Too long for one comment: see the JSON plan._\n\n`,
  };
}
