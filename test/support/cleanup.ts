/**
 * Automatic cleanup for the other helpers: what is started inside a test (or a `beforeEach`) is
 * undone after that test; what is started in a `beforeAll` or at collection time, after the file.
 * The hooks are registered once per test file (vitest evaluates modules afresh for each file), and
 * run after the file's own `afterEach`/`afterAll`, so those still see running servers.
 */
import { afterAll, afterEach, beforeEach } from 'vitest';

type Cleanup = () => unknown;

let inTest = false;
const afterTest: Cleanup[] = [];
const afterFile: Cleanup[] = [];

beforeEach(() => {
  inTest = true;
});
afterEach(async () => {
  inTest = false;
  await runAll(afterTest);
});
afterAll(async () => {
  await runAll(afterFile);
});

/** Runs `cleanup` after the current test, or after the file when no test is running. */
export function deferCleanup(cleanup: Cleanup): void {
  (inTest ? afterTest : afterFile).push(cleanup);
}

/** `close` made safe to call twice (by the test and by the cleanup): the second call waits for the first. */
export function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

async function runAll(list: Cleanup[]): Promise<void> {
  // Last started, first stopped (a client before the emulator it talks to).
  for (const cleanup of list.splice(0).reverse()) await cleanup();
}
