/**
 * The shared first half of `plan` and `apply`: load the group file, open the client, read the live
 * group, build the plan. Everything that can fail without touching the API (the file, the flags)
 * fails before the first request.
 */
import { ConfigError } from '../model/errors.js';
import { readGroupFile } from '../config/load-group-file.js';
import { parseGroupFile } from '../config/parse-group-file.js';
import type { GroupConfig } from '../model/group-config.js';
import type { GtiApi } from '../api/types.js';
import { readLiveGroup } from '../live/read-live-group.js';
import { buildPlan } from '../plan/build-plan.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Plan } from '../model/plan.js';
import { formatProblem } from '../render/render-problems.js';
import { openClient } from './connection-options.js';
import type { ConnectionOptions } from './connection-options.js';
import type { CliContext } from './io.js';
import { currentTime } from './now.js';
import { DEFAULT_GROUP_FILE } from '../config/load-group-file.js';

/** What preparePlan returns. The caller owns `api` and must close it. */
export interface PreparedPlan {
  config: GroupConfig;
  live: LiveGroup;
  plan: Plan;
  api: GtiApi;
}

/**
 * Loads `options.file` (default `group.yaml`; relative to `ctx.io.cwd`), printing its warnings on
 * stderr; opens the client from `options.connection`; reads the live group; builds the plan as of
 * `currentTime(ctx.io.env)`. Throws ConfigError for a bad file, UsageError for bad flags, and the
 * errors of readLiveGroup (the client is closed then). On success the caller closes `api`.
 */
export async function preparePlan(
  ctx: CliContext,
  options: { file?: string | undefined; connection: ConnectionOptions },
): Promise<PreparedPlan> {
  const now = currentTime(ctx.io.env);
  const file = options.file ?? DEFAULT_GROUP_FILE;
  const { config, problems } = parseGroupFile(await readGroupFile(file, ctx.io.cwd), file, { now });
  if (config === null) throw new ConfigError(problems.filter((p) => p.severity === 'error'));
  // EXPIRING is left to the plan, which reports it as a finding.
  for (const problem of problems) {
    if (problem.code !== 'EXPIRING') ctx.io.stderr.write(`${formatProblem(problem)}\n`);
  }
  const api = await openClient(options.connection, ctx);
  try {
    // Every declared email: the log is read as far as needed to know which are pending invitations.
    const lookFor = new Set(config.members.map((m) => m.key));
    const live = await readLiveGroup(api, config.group, { now, lookFor });
    return { config, live, plan: buildPlan(config, live, { now }), api };
  } catch (error) {
    await api.close();
    throw error;
  }
}
