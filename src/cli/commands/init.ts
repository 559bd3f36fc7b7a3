/**
 * `gti-sync init [--group ID] [--action OWNER/REPO@REF] [--force]` (issue 11 item 9): writes, in
 * the current directory, `group.yaml` from the live group (`plan` on it is clean), the group schema
 * beside it and the plan/apply/drift workflows under `.github/workflows/`, then prints the next
 * steps. Refuses (FILES_EXIST) before writing anything when one of those files exists, unless
 * `--force`. The engine loads only when the command runs.
 */
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions, clientHooks, connectionSettings } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';

interface InitFlags extends ConnectionOptions {
  group?: string;
  groups?: string;
  action?: string;
  force?: boolean;
}

/** Registers the `init` command. */
export function registerInit(program: Command, ctx: CliContext): void {
  addConnectionOptions(
    program
      .command('init')
      .description(
        'Set up this directory: group.yaml from the live group, its schema, and the plan/apply/drift GitHub workflows.',
      )
      .option('--group <id>', 'the group (default: the group of ./group.yaml)')
      .option(
        '--groups <dir>',
        'instead: the multi-group workflows for the group files in DIR, one key per group (offline)',
      )
      .option(
        '--action <owner/repo@ref>',
        'the gti-sync action the workflows use (default: a placeholder to replace)',
      )
      .option('--force', 'overwrite files that exist'),
  ).action(async (flags: InitFlags) => {
    const now = currentTime(ctx.io.env);
    if (flags.groups !== undefined) return initGroups(ctx, flags, flags.groups, now);
    const connection = connectionSettings(flags, ctx);
    const { initRepo } = await import('../../engine/init-repo.js');
    const result = await initRepo({
      group: flags.group,
      action: flags.action,
      force: flags.force === true,
      now,
      connection,
      hooks: clientHooks(ctx, { countRequests: true }),
      redact: (text) => ctx.secrets?.redact(text) ?? text,
    });
    const lines = [
      `Wrote ${result.files.length} files for group ${result.group} (${result.members} members, ${result.serviceAccounts} service accounts):`,
      ...result.files.map((file) => `  ${file}`),
      '',
      'Next steps:',
      ...(result.placeholder
        ? [
            '  - Replace `your-org/gti-sync@v1` in .github/workflows/gti-sync-*.yml with where you get the action',
            '    (OWNER/REPO@REF, ideally a commit SHA), or rerun with --action OWNER/REPO@REF --force.',
          ]
        : []),
      '  - Check: gti-sync plan group.yaml --detailed-exitcode (exit 0: the file matches the live group).',
      '  - Add the repository secret GTI_READ_APIKEY (a read key: plan and drift).',
      '  - Create the environment `gti-production` (Settings > Environments) with required reviewers',
      '    and the default branch only, and give it the secret GTI_ADMIN_APIKEY (the key that applies).',
      '  - Protect the default branch: require pull requests, reviews and the plan check to pass.',
      '  - Commit group.yaml, group.schema.json and .github/workflows/, and open a pull request.',
      '  See docs/github-actions.md for the whole setup.',
    ];
    ctx.io.stdout.write(`${lines.join('\n')}\n`);
  });
}

/** `init --groups DIR`: the multi-group workflows, and the secrets to create for each group. */
async function initGroups(ctx: CliContext, flags: InitFlags, dir: string, now: Date) {
  if (flags.group !== undefined) {
    throw new UsageError('--group and --groups cannot be used together', 'BAD_USAGE');
  }
  const { initGroupsRepo } = await import('../../engine/init-repo.js');
  const result = await initGroupsRepo({
    dir,
    action: flags.action,
    force: flags.force === true,
    now,
    cwd: ctx.io.cwd,
  });
  const suffix = (variable: string) => variable.slice('GTI_APIKEY_'.length);
  const lines = [
    `Wrote ${result.files.length} workflows for ${result.groups.length} groups in ${dir}:`,
    ...result.files.map((file) => `  ${file}`),
    '',
    'Next steps:',
    ...(result.placeholder
      ? [
          '  - Replace `your-org/gti-sync@v1` in the workflows, or rerun with --action OWNER/REPO@REF --force.',
        ]
      : []),
    '  - Create, for each group, a repository secret (a read key: plan and drift) and a secret of',
    '    the environment `gti-production` (the key that applies):',
    ...result.groups.map(
      (g) =>
        `      ${g.group} (${g.file}): GTI_READ_APIKEY_${suffix(g.variable)}, GTI_ADMIN_APIKEY_${suffix(g.variable)}`,
    ),
    '  - A group file added later needs its two lines in each workflow (or run init --groups again with --force).',
    '  See docs/github-actions.md, "Many groups".',
  ];
  ctx.io.stdout.write(`${lines.join('\n')}\n`);
}
