import { describe, expect, it } from 'vitest';
import { textOptionsOf } from '../../src/cli/report-options.js';

describe('textOptionsOf', () => {
  it("takes the width from COLUMNS, else the terminal's width, else 80", () => {
    expect(
      textOptionsOf({ env: { COLUMNS: '120' }, stdoutIsTTY: true, stdoutColumns: 60 }).width,
    ).toBe(119);
    expect(textOptionsOf({ env: {}, stdoutIsTTY: true, stdoutColumns: 60 }).width).toBe(59);
    expect(textOptionsOf({ env: {}, stdoutIsTTY: false }).width).toBe(79);
    // Too narrow to draw anything useful: the default.
    expect(textOptionsOf({ env: {}, stdoutIsTTY: true, stdoutColumns: 10 }).width).toBe(79);
  });

  it('colours as colorEnabled decides: a terminal, never with NO_COLOR, always with FORCE_COLOR', () => {
    expect(textOptionsOf({ env: {}, stdoutIsTTY: true }).color).toBe(true);
    expect(textOptionsOf({ env: {}, stdoutIsTTY: false }).color).toBe(false);
    expect(textOptionsOf({ env: { NO_COLOR: '1' }, stdoutIsTTY: true }).color).toBe(false);
    expect(textOptionsOf({ env: { NO_COLOR: '' }, stdoutIsTTY: true }).color).toBe(true);
    expect(textOptionsOf({ env: { FORCE_COLOR: '1' }, stdoutIsTTY: false }).color).toBe(true);
  });
});
