/**
 * `renderPlan`: the one entry point of the plan renderers (design §3 Output). Pure: a function of
 * the plan and the options only.
 */
import type { Plan } from '../model/plan.js';
import { renderPlanText } from './plan-text.js';
import { renderPlanMarkdown } from './plan-markdown.js';

import type { PlanFormat } from '../model/formats.js';

export { PLAN_FORMATS, type PlanFormat } from '../model/formats.js';

/** Options of renderPlan. `color` applies to `text` only; `file` names the group file in headers. */
export interface RenderPlanOptions {
  format: PlanFormat;
  color: boolean;
  file?: string;
}

/**
 * Renders `plan`: `text` (Terraform-like, ANSI colour only when `color`), `json` (exactly the Plan,
 * schema/plan.schema.json, pretty-printed) or `markdown` (one pull-request comment under 65,536
 * characters). Always ends with a newline.
 */
export function renderPlan(plan: Plan, options: RenderPlanOptions): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(plan, null, 2)}\n`;
    case 'markdown':
      return renderPlanMarkdown(plan, { file: options.file });
    case 'text':
      return renderPlanText(plan, { color: options.color, file: options.file });
  }
}
