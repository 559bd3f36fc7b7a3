/**
 * Types of action/run.mjs (plain ESM, no build step; it re-exports action/inputs.mjs,
 * action/reports.mjs and action/groups.mjs), for the TypeScript tests in test/gitops.
 */

/** A command's outcome as the action sees it. */
export interface SpawnResult {
  status: number;
  stdout: string;
  /** The CLI's stderr, when captured: its `gti-sync: CODE: message` line becomes `error_code`. */
  stderr?: string;
}

/** Runs a program with arguments (never through a shell). */
export type SpawnFn = (
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd: string },
) => Promise<SpawnResult>;

/** The action's inputs after defaults. */
export interface ActionInputs {
  command: 'validate' | 'plan' | 'apply' | 'audit';
  file: string;
  format: string;
  args: string[];
  key: string;
  apiUrl: string | undefined;
  planFile: string;
  temp: string;
}

export const COMMANDS: readonly string[];
export const KEYED_COMMANDS: readonly string[];
export const MAX_OUTPUT_CHARS: number;

export class ActionInputError extends Error {}

export function readInputs(env: Record<string, string | undefined>): ActionInputs;
export function splitArgs(text: string): string[];
export function buildCliArgs(inputs: ActionInputs): string[];
export function buildCliEnv(
  env: Record<string, string | undefined>,
  inputs: ActionInputs,
): Record<string, string>;
export function formatOutput(name: string, value: string, makeDelimiter?: () => string): string;
export function redactKey(text: string, key: string): string;
export function renderApplyMarkdown(stdout: string): string;
export function runAction(
  env: Record<string, string | undefined>,
  spawnFn?: SpawnFn,
  options?: { cwd?: string; log?: { write(text: string): unknown } },
): Promise<number>;
export function collectOutputs(
  inputs: ActionInputs,
  status: number,
  stdout: string,
  cwd: string,
  stderr?: string,
): { values: Record<string, string>; summary: string | undefined };
export function findCliError(
  stderr: string,
  stdout?: string,
): { code: string; line: string } | undefined;
export function renderFailureMarkdown(
  command: string,
  status: number,
  error: { code: string; line: string } | undefined,
): string;
export function writeOutputs(
  env: Record<string, string | undefined>,
  values: Record<string, string>,
  key: string,
): void;
export function spawnCli(
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd: string },
  echo?: { write(chunk: Uint8Array): unknown },
  echoErr?: { write(chunk: Uint8Array): unknown },
): Promise<SpawnResult>;
