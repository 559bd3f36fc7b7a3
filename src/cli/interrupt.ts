/**
 * Apply's honest interruption (design §2: exit 130/143 after the partial report). The first
 * SIGINT/SIGTERM before any write exits at once (nothing was changed); during the execution it
 * aborts `signal` so the executor starts nothing new and the report is printed, with a bounded
 * wait for the requests in flight. A second signal exits at once.
 */
import type { CliContext, InterruptSignal } from './io.js';

/** How long requests in flight may take to finish after the first signal. */
const INTERRUPT_GRACE_MS = 10_000;

/** The exit code of an interruption by `signal`. */
export function interruptExitCode(signal: InterruptSignal): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/** What apply's action holds while it runs. */
export interface InterruptTrap {
  /** Aborted on the first signal during the execution. */
  signal: AbortSignal;
  /** The signal received, if any. */
  received(): InterruptSignal | undefined;
  /** Marks the start of the writes: from now on a signal stops honestly instead of at once. */
  executing(): void;
  /** Removes the handlers. */
  dispose(): void;
}

/** Installs apply's signal handlers (when the IO offers them; never in in-process tests). */
export function trapInterrupts(ctx: CliContext): InterruptTrap {
  const controller = new AbortController();
  let received: InterruptSignal | undefined;
  let executing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const exitNow = (signal: InterruptSignal, message: string): void => {
    ctx.io.stderr.write(`\ngti-sync: ${message}\n`);
    ctx.io.exitNow?.(interruptExitCode(signal));
  };
  const remove = ctx.io.onSignal?.((signal) => {
    if (received !== undefined) {
      exitNow(signal, 'interrupted again: stopped at once; run plan to see what is left');
      return;
    }
    received = signal;
    if (!executing) {
      exitNow(signal, 'interrupted before any change; nothing was changed');
      return;
    }
    ctx.io.stderr.write(
      `\ngti-sync: ${signal}: starting nothing new, waiting for the requests in flight (signal again to stop at once)\n`,
    );
    controller.abort();
    timer = setTimeout(() => {
      exitNow(
        signal,
        `requests still in flight after ${INTERRUPT_GRACE_MS / 1000} s: stopped without the report; run plan to see what is left`,
      );
    }, INTERRUPT_GRACE_MS);
    timer.unref();
  });
  return {
    signal: controller.signal,
    received: () => received,
    executing: () => {
      executing = true;
    },
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      remove?.();
    },
  };
}
