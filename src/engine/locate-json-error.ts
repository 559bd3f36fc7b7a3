/**
 * Where JSON text first goes wrong, as `{line, col}` (1-based), for a broken `apply --plan` file.
 * Node 20's JSON.parse names no position for some errors (`Unexpected token '}', "…" is not valid
 * JSON`) and quotes the text when it does not, so the npm wrappers around it (parse-json,
 * json-parse-even-better-errors) cannot say where either, and quote the file; this small
 * recursive-descent scanner (RFC 8259 grammar, no values built) finds the exact spot.
 */

/** The position of the first syntax error of `text`, or undefined when it is valid JSON. */
export function locateJsonError(text: string): { line: number; col: number } | undefined {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxAt(at);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at++;
  };
  const expect = (literal: string) => {
    for (const ch of literal) {
      if (text.charAt(at) !== ch) fail();
      at++;
    }
  };
  const string = () => {
    expect('"');
    for (;;) {
      const ch = text.charAt(at);
      if (ch === '' || ch < ' ') fail();
      at++;
      if (ch === '"') return;
      if (ch === '\\') {
        const escape = text.charAt(at);
        if (escape === 'u') {
          at++;
          for (let i = 0; i < 4; i++) {
            if (!/[0-9a-fA-F]/.test(text.charAt(at))) fail();
            at++;
          }
        } else if ('"\\/bfnrt'.includes(escape) && escape !== '') at++;
        else fail();
      }
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (match === null) fail();
    at += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const ch = text.charAt(at);
    if (ch === '{') {
      at++;
      space();
      if (text.charAt(at) === '}') return void at++;
      for (;;) {
        space();
        string();
        space();
        expect(':');
        value();
        space();
        if (text.charAt(at) === ',') at++;
        else return expect('}');
      }
    }
    if (ch === '[') {
      at++;
      space();
      if (text.charAt(at) === ']') return void at++;
      for (;;) {
        value();
        space();
        if (text.charAt(at) === ',') at++;
        else return expect(']');
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return expect('true');
    if (ch === 'f') return expect('false');
    if (ch === 'n') return expect('null');
    return number();
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxAt)) throw error;
    const before = text.slice(0, error.offset).split('\n');
    return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
  }
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}
