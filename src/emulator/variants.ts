/**
 * The emulator's variants (gti-api.md §13): each serves the other reading of a place where the
 * documentation leaves two. By default the emulator serves revision 2's documented behaviour.
 */
import { GtiSyncError } from '../model/errors.js';
import { isVariant, VARIANTS } from '../model/variants.js';
import type { Variant } from '../model/variants.js';

export { VARIANTS } from '../model/variants.js';
export type { Variant } from '../model/variants.js';

/** The variants in force. */
export type Variants = ReadonlySet<Variant>;

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
