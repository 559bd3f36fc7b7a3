#!/usr/bin/env node
// Tiny launcher: the compiled CLI lives in dist/ (built by `npm ci` through `prepare`).
// `--version` answers from one small module: a version check should not load every command.
// From a checkout that was never built, dist/ is missing: say so in one line, not a stack.
import { setFlagsFromString } from 'node:v8';
// A run allocates in bursts (YAML, API pages, plans); a larger young generation (32 MiB semi-spaces,
// V8's default is 16) means fewer scavenges: ~10% off a 16-group plan (npm run bench -- --groups 16).
setFlagsFromString('--max-semi-space-size=32');
const args = process.argv.slice(2);
const entry =
  args.length === 1 && (args[0] === '--version' || args[0] === '-V')
    ? '../dist/src/version.js'
    : '../dist/src/cli/main.js';
let loaded;
try {
  loaded = await import(entry);
} catch (error) {
  const missing =
    error?.code === 'ERR_MODULE_NOT_FOUND' && /[\\/]dist[\\/]src[\\/]/.test(String(error.message));
  if (!missing) throw error;
  process.stderr.write(
    'gti-sync: this checkout has no build (dist/ is missing): run `npm ci` (or `npm run build`) first\n',
  );
  process.exit(1);
}
if (entry.endsWith('version.js')) process.stdout.write(`${loaded.VERSION}\n`);
// The CLI sets no exit code itself; only an interruption that cannot wait ends the process here.
else process.exitCode = await loaded.main(args, { exitNow: (code) => process.exit(code) });
