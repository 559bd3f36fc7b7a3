/**
 * Mermaid `xychart-beta` blocks for markdown reports (GitHub renders them as charts). Pure.
 */

/** A bar chart over categories (e.g. days). */
export interface XyChart {
  title: string;
  /** Category labels on the x axis, in order. */
  x: readonly string[];
  yLabel: string;
  values: readonly number[];
}

/** Renders `chart` as a fenced ```mermaid block with an `xychart-beta` bar chart. */
export function renderXyChart(chart: XyChart): string {
  const top = Math.max(1, ...chart.values);
  return [
    '```mermaid',
    'xychart-beta',
    `    title ${quote(chart.title)}`,
    `    x-axis [${chart.x.map(quote).join(', ')}]`,
    `    y-axis ${quote(chart.yLabel)} 0 --> ${top}`,
    `    bar [${chart.values.join(', ')}]`,
    '```',
    '',
  ].join('\n');
}

/** Mermaid strings cannot escape a double quote: it becomes a single one. */
function quote(text: string): string {
  return `"${text.replace(/"/g, "'").replace(/[\r\n]+/g, ' ')}"`;
}
