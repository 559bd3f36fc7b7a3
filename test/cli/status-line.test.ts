import { describe, expect, it } from 'vitest';
import { StatusLine, clearingWriter } from '../../src/cli/status-line.js';

function sink(): { write(text: string): boolean; text: string } {
  const out = { text: '', write: (t: string) => ((out.text += t), true) };
  return out;
}

describe('the status line', () => {
  it('is cleared before any other output, once', () => {
    const err = sink();
    const out = sink();
    const status = new StatusLine(err, true);
    const stdout = clearingWriter(out, status);
    const stderr = clearingWriter(err, status);
    status.show('gti-sync: 3 API requests…');
    status.show('gti-sync: 9 API requests…');
    stdout.write('the plan\n');
    stderr.write('gti-sync: warning\n');
    expect(err.text).toBe(
      '\r\x1b[Kgti-sync: 3 API requests…\r\x1b[Kgti-sync: 9 API requests…\r\x1b[Kgti-sync: warning\n',
    );
    expect(out.text).toBe('the plan\n');
  });

  it('shows nothing off a terminal', () => {
    const err = sink();
    const status = new StatusLine(err, false);
    status.show('x');
    status.clear();
    clearingWriter(err, status).write('done\n');
    expect(err.text).toBe('done\n');
  });
});
