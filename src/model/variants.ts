/**
 * The names of the emulator's variants (gti-api.md §13): each serves the other reading of a place
 * where the documentation leaves two. Shared by the emulator, its CLI flags and doctor's report.
 */

/** Every variant, in the order of gti-api.md §13. */
export const VARIANTS = [
  'no-context-roles',
  'visible-2fa',
  'unwrapped-usage',
  'plain-endpoint-keys',
  'sparse-usage-days',
  'enum-actions',
  'no-2fa-filter',
] as const;

/** A variant name. */
export type Variant = (typeof VARIANTS)[number];

/** Whether `value` names a variant. */
export function isVariant(value: unknown): value is Variant {
  return VARIANTS.some((name) => name === value);
}
