/**
 * A horizontal bar chart for the terminal: one line per point, bars drawn with unicode blocks
 * (eighths of a cell) scaled so the longest bar fills the width left after label and value (at
 * least one cell, so a line outgrows a terminal only when label and value alone do). Pure.
 */
import { paint } from './color.js';

/** One bar. */
export interface BarPoint {
  label: string;
  value: number;
}

/** Width and colour, from the terminal. */
export interface BarChartOptions {
  /** Columns available for the whole line. */
  width: number;
  /** Wrap bars in ANSI colour (only on a terminal). */
  color: boolean;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL = '█';
const MIN_BAR_WIDTH = 1;

/** Renders `points` as `label │bar value` lines. A value above 0 always shows at least `▏`. */
export function renderBarChart(points: readonly BarPoint[], options: BarChartOptions): string {
  if (points.length === 0) return '';
  const labelWidth = Math.max(...points.map((p) => [...p.label].length));
  const valueWidth = Math.max(...points.map((p) => String(p.value).length));
  const barWidth = Math.max(MIN_BAR_WIDTH, options.width - labelWidth - valueWidth - 3);
  const max = Math.max(...points.map((p) => p.value));
  const lines = points.map((point) => {
    const bar = drawBar(point.value, max, barWidth);
    const shown = paint('cyan', bar, options.color && bar !== '');
    const gap = ' '.repeat(barWidth - [...bar].length + 1);
    return `${point.label.padEnd(labelWidth)} │${shown}${gap}${String(point.value).padStart(valueWidth)}`;
  });
  return `${lines.join('\n')}\n`;
}

/** The bar for `value` on a scale where `max` fills `width` cells. */
export function drawBar(value: number, max: number, width: number): string {
  if (value <= 0 || max <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return FULL.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? '');
}
