import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/model/errors.js';
import {
  buildValidationReport,
  formatAnnotation,
  formatProblem,
  renderValidationReport,
} from '../../src/render/render-problems.js';

const error: Problem = {
  file: 'a.yaml',
  line: 3,
  col: 5,
  code: 'DUPLICATE_EMAIL',
  message: 'x is declared twice',
  severity: 'error',
};
const warning: Problem = {
  file: 'a.yaml',
  line: 9,
  col: 14,
  code: 'EXPIRING',
  message: 'soon',
  severity: 'warning',
};

describe('render-problems', () => {
  const report = buildValidationReport([
    { file: 'a.yaml', problems: [error, warning] },
    { file: 'b.yaml', problems: [] },
    { file: 'c.yaml', problems: [{ ...warning, file: 'c.yaml' }] },
  ]);

  it('builds validity from errors only', () => {
    expect(report.valid).toBe(false);
    expect(report.files.map((f) => f.valid)).toEqual([false, true, true]);
    expect(buildValidationReport([{ file: 'c.yaml', problems: [warning] }]).valid).toBe(true);
  });

  it('text: FILE:LINE:COL CODE message, warnings marked, one summary line per file', () => {
    expect(renderValidationReport(report, 'text')).toBe(
      [
        'a.yaml:3:5 DUPLICATE_EMAIL x is declared twice',
        'a.yaml:9:14 warning EXPIRING soon',
        'a.yaml: invalid (1 error, 1 warning)',
        'b.yaml: valid',
        'a.yaml:9:14 warning EXPIRING soon'.replace('a.yaml', 'c.yaml'),
        'c.yaml: valid (1 warning)',
        '',
      ].join('\n'),
    );
  });

  it('text keeps one problem on one line', () => {
    expect(formatProblem({ ...error, message: 'two\nlines' })).toBe(
      'a.yaml:3:5 DUPLICATE_EMAIL two\\nlines',
    );
  });

  it('json: exactly one document with the contract shape', () => {
    const parsed = JSON.parse(renderValidationReport(report, 'json'));
    expect(parsed).toEqual({
      valid: false,
      files: [
        { file: 'a.yaml', valid: false, problems: [error, warning] },
        { file: 'b.yaml', valid: true, problems: [] },
        { file: 'c.yaml', valid: true, problems: [{ ...warning, file: 'c.yaml' }] },
      ],
    });
    expect(Object.keys(parsed.files[0].problems[0]).sort()).toEqual([
      'code',
      'col',
      'file',
      'line',
      'message',
      'severity',
    ]);
  });

  it('github: workflow annotations with title=CODE', () => {
    const lines = renderValidationReport(report, 'github').trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::error file=a.yaml,line=3,col=5,title=DUPLICATE_EMAIL::x is declared twice',
    );
    expect(lines[1]).toBe('::warning file=a.yaml,line=9,col=14,title=EXPIRING::soon');
  });

  it('github: escapes %, CR and LF in data, and also : and , in properties', () => {
    const odd: Problem = {
      ...error,
      file: 'dir,x/a:b%.yaml',
      message: '100% sure\r\nnext: line, really',
    };
    expect(formatAnnotation(odd)).toBe(
      '::error file=dir%2Cx/a%3Ab%25.yaml,line=3,col=5,title=DUPLICATE_EMAIL::100%25 sure%0D%0Anext: line, really',
    );
  });
});
