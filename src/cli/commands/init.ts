/**
 * `gti-sync init [--group ID] [--action OWNER/REPO@REF] [--force]` (issue 11 item 9): writes, in
 * the current directory, `group.yaml` from the live group (`plan` on it is clean), the group schema
 * beside it and the plan/apply/drift workflows under `.github/workflows/`, then prints the next
 * steps. Refuses (FILES_EXIST) before writing anything when one of those files exists, unless
 * `--force`. The engine loads only when the command runs.
 */
import type { Command } from 'commander';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions, clientHooks, connectionSettings } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';

interface InitFlags extends ConnectionOptions {
  group?: string;
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
        '--action <owner/repo@ref>',
        'the gti-sync action the workflows use (default: a placeholder to replace)',
      )
      .option('--force', 'overwrite files that exist'),
  ).action(async (flags: InitFlags) => {
    const now = currentTime(ctx.io.env);
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
