/**
 * `npm run demo`: the whole loop on the demo world, with no key and no network. Starts the
 * built-in emulator in-process with examples/emulator-seed.yaml, then runs the real CLI:
 * `plan examples/group.yaml`, `apply examples/group.yaml --auto-approve`, and `plan` again, which
 * must be clean (pending invitations are findings, not changes). Exits non-zero if any step fails.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { loadSeedFile, startEmulator } from '../src/emulator/index.js';
import { packageRoot } from '../src/package-root.js';

/** The instant the README's and docs' samples of the demo were made at (GTI_SYNC_NOW). */
export const DEMO_NOW = '2026-11-26T12:00:00Z';

/** Where the demo writes: stdout for the steps' output, stderr for the CLI's stderr. */
export interface DemoIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Colours in the CLI's text output. */
  color?: boolean;
}

interface Step {
  title: string;
  argv: string[];
  /** Exit codes that count as success. */
  ok: readonly number[];
}

const STEPS: readonly Step[] = [
  { title: 'What would change: gti-sync plan', argv: ['plan', 'examples/group.yaml'], ok: [0] },
  {
    title: 'Make it so: gti-sync apply --auto-approve',
    argv: ['apply', 'examples/group.yaml', '--auto-approve'],
    ok: [0],
  },
  {
    title: 'Check: gti-sync plan again (no changes expected)',
    argv: ['plan', 'examples/group.yaml', '--detailed-exitcode'],
    ok: [0],
  },
];

/** Runs the demo; resolves the exit code (0 when every step did what it should). */
export async function runDemo(
  io: DemoIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const root = packageRoot();
  // The seed's dates are relative: the emulator and the CLI share one clock (GTI_SYNC_NOW or real).
  const now = env['GTI_SYNC_NOW'] === '' ? undefined : env['GTI_SYNC_NOW'];
  const seed = await loadSeedFile(join(root, 'examples', 'emulator-seed.yaml'), {
    GTI_SYNC_NOW: now,
  });
  const server = await startEmulator({ seed });
  const cliIo: Partial<CliIo> = {
    stdout: io.stdout,
    stderr: io.stderr,
    env: {
      GTI_API_URL: server.url,
      GTI_APIKEY: 'key-alice',
      ...(now === undefined ? {} : { GTI_SYNC_NOW: now }),
    },
    cwd: root,
    stdoutIsTTY: io.color === true,
    stderrIsTTY: false,
    stdinIsTTY: false,
    readLine: async () => null,
  };
  try {
    io.stdout.write(
      `gti-sync demo: the emulated group acme_soc at ${server.url}, acting as alice\n`,
    );
    let requestsBefore = await requestCount(server.origin);
    for (const [index, step] of STEPS.entries()) {
      io.stdout.write(
        `\n=== ${index + 1}/${STEPS.length} ${step.title}\n$ gti-sync ${step.argv.join(' ')}\n\n`,
      );
      const code = await main(step.argv, cliIo);
      const requests = await requestCount(server.origin);
      io.stdout.write(`\n(exit code ${code}; ${requests - requestsBefore} API requests)\n`);
      requestsBefore = requests;
      if (!step.ok.includes(code)) {
        const why = code === 2 ? 'the group still differs from the file' : 'the step failed';
        io.stderr.write(`gti-sync demo: step ${index + 1} ended with exit code ${code}: ${why}\n`);
        return 1;
      }
    }
    io.stdout.write('\nDemo complete: the live group now matches examples/group.yaml.\n');
    return 0;
  } finally {
    await server.close();
  }
}

async function requestCount(origin: string): Promise<number> {
  const response = await fetch(`${origin}/_emulator/stats`);
  const stats: unknown = await response.json();
  if (
    typeof stats === 'object' &&
    stats !== null &&
    'requests' in stats &&
    typeof stats.requests === 'number'
  ) {
    return stats.requests;
  }
  throw new Error('the emulator answered /_emulator/stats without a request count');
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runDemo({
    stdout: process.stdout,
    stderr: process.stderr,
    color: process.stdout.isTTY === true,
  });
}
