/**
 * `init` (issue 11 item 9): sets up the current directory as a gti-sync repository: `group.yaml`
 * exported from the live group (as `export` writes it: `plan` on it shows no change), the group
 * schema beside it (the file's `yaml-language-server` comment points at it), and the plan, apply
 * and drift workflows under `.github/workflows/`. It never overwrites a file without `force`: it
 * refuses (FILES_EXIST, listing them) before any request and before writing anything.
 */
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GtiSyncError } from '../model/errors.js';
import { packageFile } from '../package-root.js';
import { render } from '../render/render.js';
import { VERSION } from '../version.js';
import type { ClientHooks, ConnectionSettings } from './client.js';
import { exportGroup } from './export-group.js';
import { groupWorkflows } from './init-groups.js';
import type { FoundGroup } from './init-groups.js';

/** The action reference the example workflows use, replaced by `--action` when given. */
const ACTION_PLACEHOLDER = 'your-org/gti-sync@v1';

/** `OWNER/REPO@REF` (REPO may have a path: `OWNER/REPO/PATH@REF`). */
const ACTION_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._/-]+)?@[A-Za-z0-9._/-]+$/;

/** The example workflows, and where init writes them. */
const WORKFLOWS = [
  { from: 'examples/workflows/plan.yml', to: '.github/workflows/gti-sync-plan.yml' },
  { from: 'examples/workflows/apply.yml', to: '.github/workflows/gti-sync-apply.yml' },
  { from: 'examples/workflows/drift.yml', to: '.github/workflows/gti-sync-drift.yml' },
] as const;

const GROUP_FILE = 'group.yaml';
const SCHEMA_FILE = 'group.schema.json';

/** What init wrote. */
export interface InitResult {
  group: string;
  /** The files written, relative to the directory, in the order written. */
  files: string[];
  members: number;
  serviceAccounts: number;
  /** Whether the workflows still hold the action placeholder (no `--action`). */
  placeholder: boolean;
}

/**
 * Writes the repository files into `connection.cwd`. `redact` is applied to the group file's text
 * before it is written (the CLI's secret redaction).
 */
export async function initRepo(options: {
  group?: string | undefined;
  action?: string | undefined;
  force: boolean;
  now: Date;
  connection: ConnectionSettings;
  hooks?: ClientHooks | undefined;
  redact?: ((text: string) => string) | undefined;
}): Promise<InitResult> {
  const { action, connection, now } = options;
  checkAction(action);
  const cwd = connection.cwd;
  const targets = [GROUP_FILE, SCHEMA_FILE, ...WORKFLOWS.map((w) => w.to)];
  if (!options.force) await refuseExisting(cwd, targets);
  const schema = await readFile(packageFile(`schema/${SCHEMA_FILE}`), 'utf8');
  const workflows = await Promise.all(
    WORKFLOWS.map(async (w) => ({
      to: w.to,
      text: workflowText(await readFile(packageFile(w.from), 'utf8'), action),
    })),
  );
  const { live, source } = await exportGroup({
    group: options.group,
    output: GROUP_FILE,
    now,
    connection,
    hooks: options.hooks,
  });
  const groupText = render(
    'export',
    { live, meta: { now, source, version: VERSION, schema: `./${SCHEMA_FILE}` } },
    { format: 'yaml', color: false },
  );
  const files = [
    { to: GROUP_FILE, text: options.redact?.(groupText) ?? groupText },
    { to: SCHEMA_FILE, text: schema },
    ...workflows,
  ];
  for (const file of files) await writeRepoFile(cwd, file.to, file.text, options.force);
  return {
    group: live.group,
    files: files.map((f) => f.to),
    members: live.members.length,
    serviceAccounts: live.serviceAccounts.length,
    placeholder: action === undefined,
  };
}

/** What `init --groups DIR` wrote. */
export interface InitGroupsResult {
  groups: FoundGroup[];
  files: string[];
  placeholder: boolean;
}

/**
 * `init --groups DIR`: the multi-group workflows for the group files of `dir`, each group's key
 * mapped by name (init-groups.ts). Offline; refuses FILES_EXIST before writing, unless `force`.
 */
export async function initGroupsRepo(options: {
  dir: string;
  action?: string | undefined;
  force: boolean;
  now: Date;
  cwd: string;
}): Promise<InitGroupsResult> {
  checkAction(options.action);
  const { groups, workflows } = await groupWorkflows(options.dir, options.cwd, options.now);
  if (!options.force)
    await refuseExisting(
      options.cwd,
      workflows.map((w) => w.to),
    );
  for (const w of workflows) {
    await writeRepoFile(options.cwd, w.to, workflowText(w.text, options.action), options.force);
  }
  return {
    groups,
    files: workflows.map((w) => w.to),
    placeholder: options.action === undefined,
  };
}

/** BAD_FLAG unless `action` is OWNER/REPO@REF (or not given). */
function checkAction(action: string | undefined): void {
  if (action !== undefined && !ACTION_PATTERN.test(action)) {
    throw new GtiSyncError(
      'BAD_FLAG',
      `--action ${JSON.stringify(action)} is not OWNER/REPO@REF (e.g. my-org/gti-sync@v1)`,
      { location: '--action' },
    );
  }
}

/** FILES_EXIST (listing them) when any of `targets` exists in `cwd`. */
async function refuseExisting(cwd: string, targets: readonly string[]): Promise<void> {
  const existing = await existingFiles(cwd, targets);
  const [first] = existing;
  if (first !== undefined) {
    throw new GtiSyncError(
      'FILES_EXIST',
      `init would overwrite ${existing.join(', ')}: nothing was written (use --force to overwrite)`,
      { location: first },
    );
  }
}

/** An example workflow with its action reference replaced, or flagged when there is none. */
function workflowText(text: string, action: string | undefined): string {
  if (action !== undefined) return text.split(ACTION_PLACEHOLDER).join(action);
  return (
    `# TODO(gti-sync init): replace every \`${ACTION_PLACEHOLDER}\` below with where you get the\n` +
    `# gti-sync action from (OWNER/REPO@REF, ideally pinned to a commit SHA), or rerun\n` +
    `# \`gti-sync init --action OWNER/REPO@REF --force\`.\n` +
    text
  );
}

/** The `targets` that exist in `cwd` (as anything: a file, a directory, a link). */
async function existingFiles(cwd: string, targets: readonly string[]): Promise<string[]> {
  const found = await Promise.all(
    targets.map(async (target) => {
      try {
        await lstat(join(cwd, target));
        return target;
      } catch {
        return undefined;
      }
    }),
  );
  return found.filter((target): target is string => target !== undefined);
}

/** Writes `text` to `cwd/shown` (creating its folder); without `force`, never over a file. */
async function writeRepoFile(
  cwd: string,
  shown: string,
  text: string,
  force: boolean,
): Promise<void> {
  const path = join(cwd, shown);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (cause) {
    if (!force && cause instanceof Error && 'code' in cause && cause.code === 'EEXIST') {
      throw new GtiSyncError('FILES_EXIST', `init would overwrite ${shown} (created meanwhile)`, {
        location: shown,
        cause,
      });
    }
    throw new GtiSyncError('FILE_UNWRITABLE', `cannot write ${shown}`, { location: shown, cause });
  }
}
