import { describe, expect, it } from 'vitest';
import { parseGroupFile } from '../../src/config/parse-group-file.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const HEAD = 'version: 1\ngroup: acme_soc\n';
const ADMINS = 'members:\n  - email: a@acme.example\n    roles: [admin]\n';

function problemsOf(text: string) {
  const { config, problems } = parseGroupFile(text, 'bad.yaml', { now: NOW });
  expect(config).toBeNull();
  return problems;
}

describe('a quoted version', () => {
  it('version: "1" says it must be the number 1', () => {
    const problems = problemsOf('version: "1"\ngroup: acme_soc\n' + ADMINS);
    const hit = problems.find((p) => p.code === 'UNSUPPORTED_VERSION');
    expect(hit).toMatchObject({ line: 1, col: 10 });
    expect(hit?.message).toContain('the number 1');
  });

  it('version: 2 still says which version this gti-sync reads', () => {
    const hit = problemsOf('version: 2\ngroup: acme_soc\n' + ADMINS).find(
      (p) => p.code === 'UNSUPPORTED_VERSION',
    );
    expect(hit?.message).not.toContain('the number 1,');
  });
});

describe('indentation slips point at the line that slipped', () => {
  it.each([
    [
      'a key indented deeper than its neighbour (in a list item)',
      HEAD + 'members:\n  - email: a@acme.example\n     roles: [admin]\n',
      5,
    ],
    [
      'a key indented less than its neighbours',
      HEAD + 'policy:\n  members: authoritative\n min_admins: 1\n' + ADMINS,
      5,
    ],
    [
      'a list item key indented less than the item',
      HEAD + 'members:\n  - email: a@acme.example\n   roles: [admin]\n',
      5,
    ],
  ])('%s', (_name, text, line) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'YAML_SYNTAX', line });
    expect(problems[0]?.message).toContain('check the indentation');
  });

  it('other syntax errors are not called indentation slips', () => {
    const problems = problemsOf('version: 1\ngroup: "acme_soc\n' + ADMINS);
    expect(problems[0]?.code).toBe('YAML_SYNTAX');
    // The parser's own words may mention indentation; gti-sync's hint is not added.
    expect(problems.map((p) => p.message).join('\n')).not.toContain('check the indentation');
  });
});
