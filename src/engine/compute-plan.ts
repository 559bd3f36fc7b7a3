/** The plan as every command and the bench compute it: src/plan/'s plan, fingerprinted here. */
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Plan } from '../model/plan.js';
import { buildPlan } from '../plan/build-plan.js';
import { sha256Hex } from './hash-text.js';

/** The plan of `config` against `live` as of `now`, its fingerprint hashed with node:crypto. */
export function computePlan(config: GroupConfig, live: LiveGroup, options: { now: Date }): Plan {
  return buildPlan(config, live, { now: options.now, sha256Hex });
}
