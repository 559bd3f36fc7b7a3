/**
 * Multi-group plans for the tests of the multi-group workflows' scripts: a MultiPlan checked
 * against schema/multi-plan.schema.json, and its markdown exactly as `plan DIR --format markdown`
 * renders it (the renderer is pure, so the sections the scripts cut out are the real ones).
 */
import { OPERATION_KINDS } from '../../src/model/operation.js';
import type { OperationKind } from '../../src/model/operation.js';
import type { GroupRunError, MultiPlan } from '../../src/model/multi-group.js';
import type { Plan } from '../../src/model/plan.js';
import { renderMultiPlan } from '../../src/render/render-multi-plan.js';
import { op } from '../apply/harness.js';
import { compileSchema } from '../support/schemas.js';

/** A plan of `group` adding `emails` (none: a clean plan). */
export function makeGroupPlan(group: string, emails: string[] = []): Plan {
  const operations = emails.map((email, i) =>
    op('add_member', { email, source: { file: `groups/${group}.yaml`, line: 5 + i } }),
  );
  const summary = Object.fromEntries(OPERATION_KINDS.map((kind) => [kind, 0])) as Record<
    OperationKind,
    number
  >;
  summary.add_member = operations.length;
  return {
    version: 1,
    group,
    fingerprint: `sha256:${group.length.toString(16).padStart(2, '0').repeat(32)}`,
    operations,
    findings: [],
    safety: [],
    summary,
  };
}

/** One group's error, as a multi-group run reports it. */
export function makeGroupError(
  file: string,
  group: string | undefined,
  code: string,
): GroupRunError {
  return { file, group, code, message: `${code} for ${group ?? file}` };
}

const validateMultiPlan = compileSchema('multi-plan', ['plan']);

/** The MultiPlan of `plans` and `errors`; throws when it breaks schema/multi-plan.schema.json. */
export function makeMultiPlan(plans: Plan[], errors: GroupRunError[] = []): MultiPlan {
  const multi: MultiPlan = { version: 1, plans, errors };
  // What the JSON holds: an error's missing group is left out, not null.
  const json: unknown = JSON.parse(JSON.stringify(multi));
  if (!validateMultiPlan(json)) throw new Error(JSON.stringify(validateMultiPlan.errors));
  return multi;
}

/** The markdown comment `plan DIR --format markdown` prints for `multi`. */
export function renderGroupsMarkdown(multi: MultiPlan): string {
  const files = new Map(multi.plans.map((p) => [p.group, `groups/${p.group}.yaml`]));
  return renderMultiPlan(multi, { format: 'markdown', color: false, files });
}
