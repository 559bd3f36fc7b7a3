/**
 * Colour: whether to use it, and the one ANSI palette every renderer paints with. Pure: the
 * decision reads only the environment and terminal facts handed to it.
 */

/** The ANSI SGR codes the renderers use, by name. */
export const PALETTE = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  cyan: '36',
} as const;

/** A colour (or style) of PALETTE. */
export type Color = keyof typeof PALETTE;

/** What the colour decision reads: the environment and whether the output is a terminal. */
export interface ColorContext {
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
}

/**
 * Whether output gets ANSI colour: never when `NO_COLOR` is set and non-empty (no-color.org: an
 * empty value does not count); always when `FORCE_COLOR` is set, non-empty and not `0`; else only
 * on a terminal.
 */
export function colorEnabled({ env, isTTY }: ColorContext): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0') return true;
  return isTTY;
}

/** `text` wrapped in `color`'s ANSI code and a reset when `enabled`, else `text` unchanged. */
export function paint(color: Color, text: string, enabled: boolean): string {
  return enabled ? `\u001b[${PALETTE[color]}m${text}\u001b[0m` : text;
}
