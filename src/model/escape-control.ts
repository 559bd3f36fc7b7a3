/**
 * The one output sanitizer for text that comes from outside (group-file keys and values, API
 * messages, names and emails) before it is interpolated into a line of text, markdown or CSV: a
 * line break or a control character inside such text could start a new line (a GitHub workflow
 * command such as `::warning::…`) or drive the terminal. Pure; lives in model/ so that every layer
 * (config, api, render and the CLI's error boundary) can use it.
 */

/**
 * `text` with every C0 control character (U+0000–U+001F, including tab, CR, LF and ESC), DEL, every
 * C1 control character (U+0080–U+009F) and the line and paragraph separators (U+2028, U+2029)
 * written as a visible escape: `\n`, `\r`, `\t`, else `\uXXXX` (ESC is `\u001b`). Other text is
 * left as it is.
 */
export function escapeControl(text: string): string {
  return text.replace(
    CONTROL,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// eslint-disable-next-line no-control-regex -- the control characters are what it matches
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
