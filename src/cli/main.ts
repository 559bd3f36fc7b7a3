/**
 * The gti-sync command line: commander wiring and the one error boundary (design §2, style.md §5).
 * Known errors (GtiSyncError) print one line `gti-sync: CODE: message` and exit 1; anything else
 * is a bug and prints its stack.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, GtiSyncError, UsageError } from '../model/errors.js';
import { escapeControl } from '../model/escape-control.js';
import type { CliContext, CliIo } from './io.js';
import { SecretRedaction, redactingWriter } from './secrets.js';
import { StatusLine, clearingWriter } from './status-line.js';
import { registerValidate } from './commands/validate.js';
import { registerPlan } from './commands/plan.js';
import { registerApply } from './commands/apply.js';
import { registerAudit } from './commands/audit.js';
import { registerUsage } from './commands/usage.js';
import { registerExport } from './commands/export.js';
import { registerEmulator } from './commands/emulator.js';
import { registerDoctor } from './commands/doctor.js';
import { registerHistory } from './commands/history.js';
import { registerInit } from './commands/init.js';
import { VERSION } from '../version.js';
import { argvAsksJson, renderErrorDocument } from './error-document.js';

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(
  argv: readonly string[],
  ioOverrides: Partial<CliIo> = {},
): Promise<number> {
  const raw: CliIo = { ...processIo(), ...ioOverrides };
  // Everything the CLI prints passes through the run's secrets (see secrets.ts).
  const secrets = new SecretRedaction();
  secrets.add(raw.env['GTI_APIKEY']);
  const stderr = redactingWriter(raw.stderr, secrets);
  // A transient status line (counters, progress) is cleared before any other output.
  const status = new StatusLine(stderr, raw.stderrIsTTY);
  // Whether the command printed its result: then a failure adds no second document to stdout.
  let stdoutUsed = false;
  const stdout = clearingWriter(redactingWriter(raw.stdout, secrets), status);
  const io: CliIo = {
    ...raw,
    stdout: {
      write: (text: string) => {
        if (text.length > 0) stdoutUsed = true;
        return stdout.write(text);
      },
    },
    stderr: clearingWriter(stderr, status),
  };
  const ctx: CliContext = { io, exitCode: 0, secrets, status };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    const json = (ctx.format ?? (argvAsksJson(argv) ? 'json' : undefined)) === 'json';
    return reportError(error, io, json && !stdoutUsed);
  }
}

/** Builds the commander program with every command registered. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('gti-sync')
    .description('Manage a Google Threat Intelligence group as code.')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      // The boundary prints commander's errors itself, in the one-line format.
      outputError: () => undefined,
    })
    // The error boundary answers in JSON when the running command chose `--format json`.
    .hook('preAction', (_program, action) => {
      const format: unknown = action.opts()['format'];
      if (typeof format === 'string') ctx.format = format;
    });
  for (const register of [
    registerValidate,
    registerPlan,
    registerApply,
    registerAudit,
    registerUsage,
    registerExport,
    registerEmulator,
    registerDoctor,
    registerHistory,
    registerInit,
  ]) {
    register(program, ctx);
  }
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: () => undefined,
    });
  }
  return program;
}

/**
 * The error boundary: error → message → exit code. With `json`, a known error is also printed on
 * stdout as one JSON document (design §2).
 */
function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (json && error instanceof GtiSyncError) io.stdout.write(renderErrorDocument(error));
  if (json && error instanceof CommanderError && !isHelpOrVersion(error)) {
    io.stdout.write(renderErrorDocument(new UsageError(usageMessage(error))));
  }
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    if (isHelpOrVersion(error)) return 0;
    io.stderr.write(`gti-sync: BAD_USAGE: ${escapeControl(usageMessage(error))}\n`);
    return 1;
  }
  // Messages quote group-file and API text: each stays one line (escape-control.ts).
  if (error instanceof ConfigError) {
    for (const p of error.problems) {
      io.stderr.write(
        `${escapeControl(p.file)}:${p.line}:${p.col} ${p.code} ${escapeControl(p.message)}\n`,
      );
    }
    return 1;
  }
  if (error instanceof GtiSyncError) {
    const where = error.location ? `${escapeControl(error.location)}: ` : '';
    io.stderr.write(`gti-sync: ${error.code}: ${where}${escapeControl(error.message)}\n`);
    return 1;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`gti-sync: internal error (a bug; please report it):\n${stack}\n`);
  return 1;
}

/** --help and --version end through the boundary with exit code 0. */
function isHelpOrVersion(error: CommanderError): boolean {
  return (
    error.exitCode === 0 ||
    error.code === 'commander.helpDisplayed' ||
    error.code === 'commander.version'
  );
}

/** Commander's error as one line of ours. */
function usageMessage(error: CommanderError): string {
  // An unknown `--flag=value` is shown without its value: it may be a key typed as `--apikey=…`.
  // A command group run without its subcommand (`gti-sync`, `gti-sync usage`): commander has
  // printed the help on stderr; say in one line what is missing.
  return error.code === 'commander.help'
    ? 'a command is required (see the list above)'
    : error.message.replace(/^error: /, '').replace(/(unknown option '--?[^=' ]+)=[^']*/, '$1=…');
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readLine: async (prompt) => {
      // Only apply asks; the other commands do not load readline.
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      // Ctrl-C on a terminal reaches readline as a key: make it the signal it stands for.
      rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
      try {
        return await rl.question(prompt);
      } catch {
        return null;
      } finally {
        rl.close();
      }
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stdoutColumns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    cwd: process.cwd(),
    onSignal: (handler) => {
      const onInt = (): void => handler('SIGINT');
      const onTerm = (): void => handler('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
  };
}
