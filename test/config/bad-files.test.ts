import { describe, expect, it } from 'vitest';
import { parseGroupFile } from '../../src/config/parse-group-file.js';

const NOW = new Date('2026-11-26T12:00:00Z');

/** A small valid file; cases below are written out whole so their line numbers are plain to see. */
const HEAD = 'version: 1\ngroup: acme_soc\n';
const ADMINS = 'members:\n  - email: a@acme.example\n    roles: [admin]\n';

interface Case {
  name: string;
  text: string;
  code: string;
  line: number;
  col?: number;
}

const cases: Case[] = [
  // YAML stage
  {
    name: 'duplicate key',
    text: HEAD + 'group: other\n' + ADMINS,
    code: 'YAML_DUPLICATE_KEY',
    line: 3,
    col: 1,
  },
  {
    name: 'tab indentation',
    text: HEAD + 'policy:\n\tmin_admins: 1\n' + ADMINS,
    code: 'YAML_TAB_INDENT',
    line: 4,
  },
  {
    name: 'unclosed flow list',
    text: HEAD + 'ignore: ["*@x.example"\n' + ADMINS,
    code: 'YAML_SYNTAX',
    line: 4,
  },
  {
    name: 'custom tag',
    text: HEAD + 'policy:\n  min_admins: !!js/eval "1"\n' + ADMINS,
    code: 'YAML_CUSTOM_TAG',
    line: 4,
    col: 15,
  },
  {
    name: 'local tag',
    text: HEAD + ADMINS + '    expires: !date 2027-01-01\n',
    code: 'YAML_CUSTOM_TAG',
    line: 6,
    col: 14,
  },
  {
    name: 'two documents',
    text: HEAD + ADMINS + '---\nversion: 1\n',
    code: 'YAML_MULTIPLE_DOCUMENTS',
    line: 6,
  },
  {
    name: 'brackets nested thousands deep',
    text: HEAD + 'ignore: ' + '['.repeat(50_000) + ']'.repeat(50_000) + '\n' + ADMINS,
    code: 'YAML_TOO_DEEP',
    line: 3,
    col: 8 + 65,
  },
  {
    name: 'brackets thousands deep behind quoted brackets',
    text: HEAD + 'ignore: ' + '["]", '.repeat(20_000) + 'x' + ']'.repeat(20_000) + '\n' + ADMINS,
    code: 'YAML_TOO_DEEP',
    line: 3,
    col: 8 + 64 * 6 + 1,
  },
  {
    name: 'sequence indicators thousands deep on one line',
    text: HEAD + 'ignore:\n' + '- '.repeat(20_000) + 'x\n' + ADMINS,
    code: 'YAML_TOO_DEEP',
    line: 4,
    col: 1000 * 2 + 1,
  },
  {
    name: 'mappings nested more than 64 levels',
    text:
      HEAD +
      Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') +
      ' 1\n' +
      ADMINS,
    code: 'YAML_TOO_DEEP',
    line: 3 + 64,
    col: 65,
  },
  { name: 'empty file', text: '\n# nothing here\n', code: 'FILE_EMPTY', line: 1, col: 1 },
  { name: 'root is a list', text: '- version: 1\n', code: 'FILE_NOT_MAPPING', line: 1, col: 1 },
  // schema stage
  {
    name: 'missing group',
    text: 'version: 1\n' + ADMINS,
    code: 'SCHEMA_REQUIRED',
    line: 1,
    col: 1,
  },
  { name: 'missing members', text: HEAD, code: 'SCHEMA_REQUIRED', line: 1, col: 1 },
  {
    name: 'unknown top-level key',
    text: HEAD + 'polcy: {}\n' + ADMINS,
    code: 'SCHEMA_UNKNOWN_KEY',
    line: 3,
    col: 1,
  },
  {
    name: 'unknown member key',
    text: HEAD + ADMINS + '    role: [admin]\n',
    code: 'SCHEMA_UNKNOWN_KEY',
    line: 6,
    col: 5,
  },
  {
    name: 'unknown quota',
    text: HEAD + 'defaults:\n  quotas: {api_calls: 5}\n' + ADMINS,
    code: 'SCHEMA_UNKNOWN_KEY',
    line: 4,
    col: 12,
  },
  {
    name: 'unsupported version',
    text: 'version: 2\ngroup: acme_soc\n' + ADMINS,
    code: 'UNSUPPORTED_VERSION',
    line: 1,
    col: 10,
  },
  {
    name: 'version as a string',
    text: 'version: "1"\ngroup: acme_soc\n' + ADMINS,
    code: 'UNSUPPORTED_VERSION',
    line: 1,
    col: 10,
  },
  {
    name: 'min_admins not a number',
    text: HEAD + 'policy:\n  min_admins: two\n' + ADMINS,
    code: 'SCHEMA_TYPE',
    line: 4,
    col: 15,
  },
  { name: 'members empty', text: HEAD + 'members:\n', code: 'SCHEMA_TYPE', line: 3 },
  {
    name: 'fractional quota',
    text: HEAD + ADMINS + '    quotas: {api_requests_daily: 1.5}\n',
    code: 'SCHEMA_TYPE',
    line: 6,
    col: 34,
  },
  {
    name: 'unknown membership mode',
    text: HEAD + 'policy:\n  members: strict\n' + ADMINS,
    code: 'SCHEMA_ENUM',
    line: 4,
    col: 12,
  },
  {
    name: 'unknown role',
    text: HEAD + 'members:\n  - email: a@acme.example\n    roles: [admin, owner]\n',
    code: 'SCHEMA_ENUM',
    line: 5,
    col: 20,
  },
  {
    name: 'service account with admin',
    text: HEAD + ADMINS + 'service_accounts:\n  - name: feed\n    roles: [file_downloads, admin]\n',
    code: 'SERVICE_ACCOUNT_ADMIN',
    line: 8,
    col: 12,
  },
  {
    name: 'unknown service account role',
    text: HEAD + ADMINS + 'service_accounts:\n  - name: feed\n    roles: [file_download]\n',
    code: 'SCHEMA_ENUM',
    line: 8,
    col: 13,
  },
  {
    name: 'bad email',
    text: HEAD + ADMINS + '  - email: bob(at)acme.example\n',
    code: 'SCHEMA_FORMAT',
    line: 6,
    col: 12,
  },
  {
    name: 'expires not a date',
    text: HEAD + ADMINS + '    expires: next week\n',
    code: 'SCHEMA_FORMAT',
    line: 6,
    col: 14,
  },
  {
    name: 'bad group id',
    text: 'version: 1\ngroup: ACME SOC\n' + ADMINS,
    code: 'SCHEMA_PATTERN',
    line: 2,
    col: 8,
  },
  {
    name: 'bad service account name',
    text: HEAD + ADMINS + 'service_accounts:\n  - name: SOAR-ingest\n',
    code: 'SCHEMA_PATTERN',
    line: 7,
    col: 11,
  },
  {
    name: 'negative cap',
    text: HEAD + ADMINS + '    quotas:\n      api_requests_daily: -5\n',
    code: 'SCHEMA_MINIMUM',
    line: 7,
    col: 27,
  },
  {
    name: 'cap too large to keep exactly',
    text: HEAD + ADMINS + '    quotas: {api_requests_daily: 12345678901234567890}\n',
    code: 'SCHEMA_MAXIMUM',
    line: 6,
    col: 34,
  },
  {
    name: 'removal ratio above 1',
    text: HEAD + 'policy:\n  max_removal_ratio: 2\n' + ADMINS,
    code: 'SCHEMA_MAXIMUM',
    line: 4,
    col: 22,
  },
  {
    name: 'role listed twice',
    text: HEAD + 'members:\n  - email: a@acme.example\n    roles: [admin, admin]\n',
    code: 'SCHEMA_DUPLICATE_ITEM',
    line: 5,
    col: 20,
  },
  {
    name: 'empty ignore pattern',
    text: HEAD + 'ignore: [""]\n' + ADMINS,
    code: 'SCHEMA_MIN_LENGTH',
    line: 3,
    col: 10,
  },
  {
    name: 'service account without name',
    text: HEAD + ADMINS + 'service_accounts:\n  - quotas: {}\n',
    code: 'SCHEMA_REQUIRED',
    line: 7,
    col: 5,
  },
  {
    name: 'merge key is not supported',
    text:
      HEAD +
      ADMINS +
      '    quotas: &q {api_requests_daily: 5}\n  - email: b@acme.example\n    <<: *q\n',
    code: 'SCHEMA_UNKNOWN_KEY',
    line: 8,
    col: 5,
  },
  {
    name: 'member written as a bare email',
    text: HEAD + ADMINS + '  - bob@acme.example\n',
    code: 'SCHEMA_TYPE',
    line: 6,
    col: 5,
  },
  // rules stage
  {
    name: 'impossible date',
    text: HEAD + ADMINS + '    expires: 2027-02-30\n',
    code: 'BAD_DATE',
    line: 6,
    col: 14,
  },
  {
    name: 'email twice in another case',
    text: HEAD + ADMINS + '  - email: bob@acme.example\n  - email: Bob@ACME.example\n',
    code: 'DUPLICATE_EMAIL',
    line: 7,
    col: 12,
  },
  {
    name: 'id pinned twice',
    text: HEAD + ADMINS + '    id: alice\n  - email: b@acme.example\n    id: alice\n',
    code: 'DUPLICATE_ID',
    line: 8,
    col: 9,
  },
  {
    name: 'service account twice',
    text: HEAD + ADMINS + 'service_accounts:\n  - name: feed\n  - name: feed\n',
    code: 'DUPLICATE_SERVICE_ACCOUNT',
    line: 8,
    col: 11,
  },
  {
    name: 'min_admins above admins',
    text: HEAD + 'policy:\n  min_admins: 2\n' + ADMINS,
    code: 'MIN_ADMINS_UNREACHABLE',
    line: 4,
    col: 15,
  },
  {
    name: 'default min_admins with no admin',
    text: HEAD + 'members:\n  - email: a@acme.example\n',
    code: 'MIN_ADMINS_UNREACHABLE',
    line: 3,
    col: 1,
  },
  {
    name: 'only admin expired',
    text: HEAD + ADMINS + '    expires: 2026-01-31\n',
    code: 'MIN_ADMINS_UNREACHABLE',
    line: 3,
    col: 1,
  },
  {
    name: 'protected not declared',
    text: HEAD + 'policy:\n  protected: [boss@acme.example]\n' + ADMINS,
    code: 'PROTECTED_NOT_DECLARED',
    line: 4,
    col: 15,
  },
  {
    name: 'protected but expired',
    text:
      HEAD +
      'policy:\n  min_admins: 0\n  protected: [a@acme.example]\n' +
      ADMINS +
      '    expires: 2026-01-31\n',
    code: 'PROTECTED_NOT_DECLARED',
    line: 5,
    col: 15,
  },
  {
    name: 'ignore matches a member',
    text: HEAD + 'ignore: ["*@acme.example"]\n' + ADMINS,
    code: 'IGNORE_MATCHES_DECLARED',
    line: 3,
    col: 10,
  },
  {
    name: 'ignore with ? in another case',
    text: HEAD + 'ignore: ["?@ACME.EXAMPLE"]\n' + ADMINS,
    code: 'IGNORE_MATCHES_DECLARED',
    line: 3,
    col: 10,
  },
  {
    name: 'protected and ignored',
    text: HEAD + 'policy:\n  protected: [a@acme.example]\nignore: ["a@*"]\n' + ADMINS,
    code: 'PROTECTED_IGNORED',
    line: 4,
    col: 15,
  },
  // a rule's position counts the items of other types that the schema stage refused
  {
    name: 'protected after an item that is not a string',
    text: HEAD + 'policy:\n  protected:\n    - 7\n    - boss@acme.example\n' + ADMINS,
    code: 'PROTECTED_NOT_DECLARED',
    line: 6,
    col: 7,
  },
  {
    name: 'ignore after an item that is not a string',
    text: HEAD + 'ignore:\n  - 5\n  - "a@*"\n' + ADMINS,
    code: 'IGNORE_MATCHES_DECLARED',
    line: 5,
    col: 5,
  },
  {
    name: 'protected and ignored, after items that are not strings',
    text:
      HEAD + 'policy:\n  protected:\n    - 7\n    - a@acme.example\nignore: [5, "a@*"]\n' + ADMINS,
    code: 'PROTECTED_IGNORED',
    line: 6,
    col: 7,
  },
];

describe('bad group files', () => {
  it('has a real table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('$name → $code at line $line', ({ text, code, line, col }) => {
    const { config, problems } = parseGroupFile(text, 'bad.yaml', { now: NOW });
    expect(config).toBeNull();
    const hit = problems.find((p) => p.code === code);
    expect(hit, JSON.stringify(problems)).toBeDefined();
    expect(hit).toMatchObject({ file: 'bad.yaml', line, severity: 'error' });
    if (col !== undefined) expect(hit?.col).toBe(col);
  });
});

describe('did you mean', () => {
  const enumProblem = (text: string) =>
    parseGroupFile(text, 'bad.yaml', { now: NOW }).problems.find((p) => p.code === 'SCHEMA_ENUM');

  it.each([
    ['policy:\n  members: authorative\n' + ADMINS, 'authoritative'],
    [
      'members:\n  - email: a@acme.example\n    roles: [admin, private_scaning]\n',
      'private_scanning',
    ],
    ['members:\n  - email: a@acme.example\n    roles: [Admin]\n', 'admin'],
    [ADMINS + 'service_accounts:\n  - name: feed\n    roles: [file_download]\n', 'file_downloads'],
  ])('suggests the value a near miss meant (%#)', (body, meant) => {
    expect(enumProblem(HEAD + body)?.message).toMatch(new RegExp(`did you mean ${meant}\\?$`));
  });

  it('suggests nothing for a value far from every allowed one', () => {
    const problem = enumProblem(HEAD + 'members:\n  - email: a@acme.example\n    roles: [owner]\n');
    expect(problem).toBeDefined();
    expect(problem?.message).not.toContain('did you mean');
  });

  it('a service account without admin is valid, its roles normalised', () => {
    const text =
      HEAD +
      ADMINS +
      'service_accounts:\n  - name: feed\n    roles: [file_uploads, file_downloads]\n';
    const { config, problems } = parseGroupFile(text, 'ok.yaml', { now: NOW });
    expect(problems).toEqual([]);
    expect(config?.serviceAccounts[0]?.roles).toEqual(['file_downloads', 'file_uploads']);
  });
});

describe('several problems in one file', () => {
  const text = [
    'version: 1', // 1
    'group: acme_soc', // 2
    'polcy: {}', // 3
    'policy:', // 4
    '  protected: [boss@acme.example]', // 5
    'members:', // 6
    '  - email: a@acme.example', // 7
    '    roles: [admin, owner]', // 8
    '  - email: A@acme.example', // 9
    '    expires: 2027-02-30', // 10
    'service_accounts:', // 11
    '  - name: feed', // 12
    '  - name: feed', // 13
    '',
  ].join('\n');

  it('reports every stage after YAML at once, in file order', () => {
    const { config, problems } = parseGroupFile(text, 'many.yaml', { now: NOW });
    expect(config).toBeNull();
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'SCHEMA_UNKNOWN_KEY'],
      [5, 'PROTECTED_NOT_DECLARED'],
      [8, 'SCHEMA_ENUM'],
      [9, 'DUPLICATE_EMAIL'],
      [10, 'BAD_DATE'],
      [13, 'DUPLICATE_SERVICE_ACCOUNT'],
    ]);
  });

  it('gives the same lines and columns for a file with CRLF line endings', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    expect(parseGroupFile(crlf, 'many.yaml', { now: NOW }).problems).toEqual(
      parseGroupFile(text, 'many.yaml', { now: NOW }).problems,
    );
    const yamlBroken =
      'version: 1\r\ngroup: g\r\ngroup: h\r\nmembers:\r\n\t- email: a@x.example\r\n';
    expect(parseGroupFile(yamlBroken, 'y.yaml', { now: NOW }).problems).toMatchObject([
      { code: 'YAML_DUPLICATE_KEY', line: 3, col: 1 },
      { code: 'YAML_TAB_INDENT', line: 5, col: 1 },
    ]);
  });

  it('names the first declaration in a duplicate message', () => {
    const { problems } = parseGroupFile(text, 'many.yaml', { now: NOW });
    expect(problems.find((p) => p.code === 'DUPLICATE_EMAIL')?.message).toContain('line 7');
    expect(problems.find((p) => p.code === 'DUPLICATE_SERVICE_ACCOUNT')?.message).toContain(
      'line 12',
    );
  });

  it('checks min_admins despite a schema problem that does not change the count', () => {
    const file = [
      'version: 1', // 1
      'group: acme_soc', // 2
      'policy:', // 3
      '  min_admins: 2', // 4
      '  protected: [7]', // 5
      'members:', // 6
      '  - email: a@acme.example', // 7
      '    roles: [admin]', // 8
      '  - email: bob(at)acme.example', // 9
      '    quotas: {api_requests_daily: -1}', // 10
      '    idd: bob', // 11
      '',
    ].join('\n');
    const { problems } = parseGroupFile(file, 'm.yaml', { now: NOW });
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'MIN_ADMINS_UNREACHABLE'],
      [5, 'SCHEMA_TYPE'],
      [9, 'SCHEMA_FORMAT'],
      [10, 'SCHEMA_MINIMUM'],
      [11, 'SCHEMA_UNKNOWN_KEY'],
    ]);
  });

  it.each([
    ['a member that is not a mapping', '  - admin@acme.example\n'],
    ['a member without an email', '  - roles: [admin]\n'],
    ['roles that are not a list', '  - email: b@acme.example\n    roles: admin\n'],
    ['an unknown role', '  - email: b@acme.example\n    roles: [admin, owner]\n'],
    ['an expires that is not a date', '  - email: b@acme.example\n    expires: soon\n'],
  ])('leaves min_admins to the schema problem for %s (it changes the count)', (_name, member) => {
    const file = HEAD + 'policy:\n  min_admins: 2\n' + ADMINS + member;
    const codes = parseGroupFile(file, 'm.yaml', { now: NOW }).problems.map((p) => p.code);
    expect(codes).not.toContain('MIN_ADMINS_UNREACHABLE');
    expect(codes.length).toBe(1);
  });

  it('reports every YAML problem, and stops there', () => {
    const yamlBroken = 'version: 1\nversion: 1\ngroup: !x y\nmembers: []\nfoo: 1\n';
    const { problems } = parseGroupFile(yamlBroken, 'y.yaml', { now: NOW });
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'YAML_DUPLICATE_KEY'],
      [3, 'YAML_CUSTOM_TAG'],
    ]);
  });
});
