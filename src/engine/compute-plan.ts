/** The plan as every command and the bench compute it: src/plan/'s plan, fingerprinted here. */
import { GtiSyncError } from '../model/errors.js';
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Plan, SelectionRequest } from '../model/plan.js';
import { buildPlan } from '../plan/build-plan.js';
import { unknownTargets } from '../plan/select-operations.js';
import { sha256Hex } from './hash-text.js';

/**
 * The plan of `config` against `live` as of `now`, its fingerprint hashed with node:crypto; a
 * `selection` (targeted run) makes it partial; `source` (the file as named and its text) is
 * recorded, hashed, in `plan.source`. Throws UNKNOWN_TARGET when a `--target` names no declared
 * or live member or service account.
 */
export function computePlan(
  config: GroupConfig,
  live: LiveGroup,
  options: {
    now: Date;
    selection?: SelectionRequest | undefined;
    source?: { file: string; text: string } | undefined;
  },
): Plan {
  if (options.selection !== undefined) {
    const unknown = unknownTargets(options.selection.targets, config, live);
    if (unknown.length > 0) {
      throw new GtiSyncError(
        'UNKNOWN_TARGET',
        `--target ${unknown.map((t) => JSON.stringify(t)).join(', ')} names no member or service account ` +
          `declared in ${config.file} or present in group ${config.group}; nothing was planned`,
      );
    }
  }
  const plan = buildPlan(config, live, {
    now: options.now,
    sha256Hex,
    selection: options.selection,
  });
  if (options.source !== undefined) {
    const { file, text } = options.source;
    plan.source = { file, sha256: sha256Hex((write) => write(text)) };
  }
  return plan;
}
