import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/engine/read-journal.js';
import { journalLines } from '../../src/engine/journal-lines.js';
import { addMember } from '../../src/model/operation.js';
import { expectCode } from '../support/expect-code.js';
import { makeTempDir, writeIn } from '../support/paths.js';

function journalFile(text: string): string {
  const dir = makeTempDir();
  return join(dir, writeIn(dir, 'j.jsonl', text));
}

const good = JSON.stringify(
  journalLines(
    {
      group: 'acme',
      fingerprint: 'sha256:x',
      done: [addMember('a@acme.example', null)],
      failed: [],
      skipped: [],
      invited: [],
    },
    { time: new Date('2026-12-01T00:00:00Z'), caller: 'boss', env: {} },
  )[0],
);

describe('readJournal', () => {
  it('reads the lines apply writes', async () => {
    const file = journalFile(`${good}\n${good}\n`);
    const lines = await readJournal(file, 'j.jsonl');
    expect(lines).toHaveLength(2);
    expect(lines[0]?.email).toBe('a@acme.example');
  });

  it.each([
    ['not JSON', `${good}\n{oops\n`],
    ['a missing key', `${good}\n{"time":"2026-12-01T00:00:00Z"}\n`],
    ['a bad result', `${good}\n${good.replace('"done"', '"maybe"')}\n`],
  ])('refuses %s with BAD_JOURNAL at FILE:LINE', async (_name, text) => {
    const file = journalFile(text);
    const error = await expectCode(readJournal(file, 'j.jsonl'), 'BAD_JOURNAL');
    expect(error.message).toMatch(/^j\.jsonl:2:/);
  });

  it('bounds the file, each line and the count of lines', async () => {
    const file = journalFile(`${good}\n${good}\n${good}\n`);
    const limits = { fileBytes: 1 << 20, lineBytes: 1 << 16, lines: 3 };
    await expect(readJournal(file, 'j', limits)).resolves.toHaveLength(3);
    await expectCode(readJournal(file, 'j', { ...limits, lines: 2 }), 'BAD_JOURNAL');
    await expectCode(readJournal(file, 'j', { ...limits, fileBytes: 10 }), 'BAD_JOURNAL');
    await expectCode(readJournal(file, 'j', { ...limits, lineBytes: 10 }), 'BAD_JOURNAL');
    await expectCode(readJournal(`${file}.missing`, 'j', limits), 'FILE_NOT_FOUND');
  });
});
