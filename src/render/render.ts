/**
 * The renderer registry: every output gti-sync prints goes through `render(kind, model, options)`,
 * one signature for every kind of output and format (knip's reporter registry, octoDNS's plan
 * outputs). Commands ask the registry for a kind instead of knowing each renderer's own shape.
 * Pure: a function of the model and the options only.
 */
import type { HistoryReport } from '../model/history.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Plan } from '../model/plan.js';
import { REPORT_FORMATS } from '../model/reports.js';
import type {
  ApiUsageReport,
  AuditReport,
  FeaturesReport,
  ReportFormat,
} from '../model/reports.js';
import { renderApplyReport } from './render-apply-report.js';
import type { ApplyReportView } from './render-apply-report.js';
import { renderAudit } from './render-audit.js';
import { renderGroupFile } from './render-export.js';
import { renderHistory } from './render-history.js';
import type { ExportMeta } from './render-export.js';
import { PLAN_FORMATS, renderPlan } from './render-plan.js';
import type { PlanFormat } from './render-plan.js';
import { PROBLEM_FORMATS, renderValidationReport } from './render-problems.js';
import type { ProblemFormat, ValidationReport } from './render-problems.js';
import { renderApiUsage, renderFeatures } from './render-usage.js';

/** The output formats of `apply`'s report. */
const APPLY_FORMATS = ['text', 'json'] as const;

/** What `export` renders: the live group and what the header comment says about it. */
interface GroupFileExport {
  live: LiveGroup;
  meta: ExportMeta;
}

/** Each kind of output: the model it renders and the formats it has. */
interface RenderKinds {
  plan: { model: Plan; format: PlanFormat };
  apply: { model: ApplyReportView; format: (typeof APPLY_FORMATS)[number] };
  audit: { model: AuditReport; format: ReportFormat };
  'usage-api': { model: ApiUsageReport; format: ReportFormat };
  'usage-features': { model: FeaturesReport; format: ReportFormat };
  export: { model: GroupFileExport; format: 'yaml' };
  problems: { model: ValidationReport; format: ProblemFormat };
  history: { model: HistoryReport; format: ReportFormat };
}

/**
 * A kind of output: `plan`, `apply`, `audit`, `usage-api`, `usage-features`, `export`,
 * `problems`, `history`.
 */
export type RenderKind = keyof RenderKinds;

/** The model a kind of output renders. */
export type ModelOf<K extends RenderKind> = RenderKinds[K]['model'];

/** The formats of a kind of output. */
export type FormatOf<K extends RenderKind> = RenderKinds[K]['format'];

/** The options of every renderer; a format ignores what it has no use for. */
export interface RenderOptions<F extends string = string> {
  format: F;
  /** ANSI colour in text output (decide it with `colorEnabled`, color.ts). */
  color: boolean;
  /** Columns available to text output (the bar chart); default DEFAULT_WIDTH. */
  width?: number;
  /** The group file the output is about, named in plan headers. */
  file?: string;
  /** Text tables are cut to this width (the long column ends in `…`); absent: full lines. */
  tableWidth?: number | undefined;
}

/** The width of text output when none is given: 80 columns less one (a line never wraps). */
const DEFAULT_WIDTH = 79;

/** A renderer of one kind of output: a pure function of its model and the options. */
export type Renderer<K extends RenderKind> = (
  model: ModelOf<K>,
  options: RenderOptions<FormatOf<K>>,
) => string;

/** The formats of each kind of output, the first its default (for `--format` checks and help). */
export const FORMATS: { readonly [K in RenderKind]: readonly FormatOf<K>[] } = {
  plan: PLAN_FORMATS,
  apply: APPLY_FORMATS,
  audit: REPORT_FORMATS,
  'usage-api': REPORT_FORMATS,
  'usage-features': REPORT_FORMATS,
  export: ['yaml'],
  problems: PROBLEM_FORMATS,
  history: REPORT_FORMATS,
};

/** The registry: one renderer per kind of output. */
export const RENDERERS: { readonly [K in RenderKind]: Renderer<K> } = {
  plan: renderPlan,
  apply: renderApplyReport,
  audit: (report, { format, tableWidth }) => renderAudit(report, format, { tableWidth }),
  'usage-api': (report, { format, color, width = DEFAULT_WIDTH }) =>
    renderApiUsage(report, format, { width, color }),
  'usage-features': (report, { format, color, tableWidth }) =>
    renderFeatures(report, format, { color, tableWidth }),
  export: ({ live, meta }) => renderGroupFile(live, meta),
  problems: (report, { format, color }) => renderValidationReport(report, format, color),
  history: (report, { format, tableWidth }) => renderHistory(report, format, { tableWidth }),
};

/**
 * Renders `model` as the output `kind` in `options.format`. Text, JSON, CSV and markdown end with
 * a newline; the bytes are those of the kind's own renderer.
 */
export function render<K extends RenderKind>(
  kind: K,
  model: ModelOf<K>,
  options: RenderOptions<FormatOf<K>>,
): string {
  const renderer: Renderer<K> = RENDERERS[kind];
  return renderer(model, options);
}
