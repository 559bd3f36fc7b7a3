/**
 * The emulator's variants (gti-api.md §13): each serves the other reading of a place where the
 * documentation leaves two. By default the emulator serves revision 2's documented behaviour.
 */
import { GtiSyncError } from '../model/errors.js';

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

/** The variants in force. */
export type Variants = ReadonlySet<Variant>;

/** Whether `value` names a variant. */
export function isVariant(value: unknown): value is Variant {
  return VARIANTS.some((name) => name === value);
}

/**
 * The variants named by `names` (duplicates collapse), in §13 order. An unknown name throws
 * `GtiSyncError` `UNKNOWN_VARIANT` naming it and listing the known ones.
 */
export function readVariants(names: readonly string[]): Variant[] {
  const unknown = names.find((name) => !isVariant(name));
  if (unknown !== undefined) {
    throw new GtiSyncError(
      'UNKNOWN_VARIANT',
      `unknown emulator variant "${unknown}" (known: ${VARIANTS.join(', ')})`,
    );
  }
  return VARIANTS.filter((variant) => names.includes(variant));
}
