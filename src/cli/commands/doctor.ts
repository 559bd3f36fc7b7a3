/**
 * `gti-sync doctor [--group ID] [--format text|json] [--record DIR]` (issue 10): a read-only probe
 * of a group for the first run against a real service. Prints the report; exits 1 (with the code
 * of the first refused or failed check) when gti-sync cannot work with what it saw, else 0.
 */
import type { Command } from 'commander';
import { GtiSyncError } from '../../model/errors.js';
import { DOCTOR_FORMATS } from '../../model/doctor-report.js';
import { checkFormat } from '../../check-format.js';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions, clientHooks, connectionSettings } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';
import type { RecordedAnswer } from '../../engine/doctor-recording.js';

interface DoctorFlags extends ConnectionOptions {
  group?: string;
  format: string;
  record?: string;
}

/** Registers `doctor`. */
export function registerDoctor(program: Command, ctx: CliContext): void {
  addConnectionOptions(
    program
      .command('doctor')
      .description(
        'Check, read-only, that gti-sync can work with a group: the key, the group, administrator rights, every read endpoint, and which documented shape the API answers in.',
      )
      .option('--group <id>', 'the group (default: the group of ./group.yaml)')
      .option('--format <format>', 'text or json', 'text')
      .option(
        '--record <dir>',
        'save every raw answer there, keys, emails, names, ids, IPs and cursors replaced',
      ),
  ).action(async (_options: unknown, command: Command) => {
    const flags = command.opts<DoctorFlags>();
    const format = checkFormat(flags.format, DOCTOR_FORMATS);
    const now = currentTime(ctx.io.env);
    const [{ doctorError, doctorGroup }, { renderDoctor }] = await Promise.all([
      import('../../engine/doctor.js'),
      import('../../render/render-doctor.js'),
    ]);
    const result = await doctorGroup({
      group: flags.group,
      now,
      record: flags.record !== undefined,
      connection: connectionSettings(flags, ctx),
      hooks: clientHooks(ctx, { countRequests: true }),
    });
    if (flags.record !== undefined) await writeRecording(flags.record, result.recording, ctx);
    ctx.io.stdout.write(renderDoctor(result.report, format));
    const error = doctorError(result.report);
    if (error !== undefined) throw error;
  });
}

/** One JSON file per request; every text passes the run's secret redaction (never the key). */
async function writeRecording(
  shown: string,
  recording: readonly RecordedAnswer[],
  ctx: CliContext,
): Promise<void> {
  const [{ mkdir, writeFile }, { join, resolve }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
  ]);
  const dir = resolve(ctx.io.cwd, shown);
  try {
    await mkdir(dir, { recursive: true });
    for (const answer of recording) {
      const text = `${JSON.stringify(answer.content, null, 2)}\n`;
      await writeFile(join(dir, `${answer.file}.json`), ctx.secrets?.redact(text) ?? text);
    }
  } catch (error) {
    throw new GtiSyncError('FILE_UNWRITABLE', `--record ${shown}: cannot write the recording`, {
      cause: error,
    });
  }
  ctx.io.stderr.write(`gti-sync: ${recording.length} answers recorded in ${shown}\n`);
}
