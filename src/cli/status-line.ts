/**
 * One transient line at the bottom of a terminal's stderr (a request counter, apply's progress),
 * redrawn in place. The CLI's writers clear it before any other output, so results, warnings and
 * errors never land on the same line as a stale counter. Off when stderr is not a terminal.
 */
export class StatusLine {
  private active = false;

  constructor(
    private readonly stderr: { write(text: string): unknown },
    private readonly enabled: boolean,
  ) {}

  /** Shows `text` in place of the current status (nothing off a terminal). */
  show(text: string): void {
    if (!this.enabled) return;
    this.stderr.write(`\r\x1b[K${text}`);
    this.active = true;
  }

  /** Erases the status, if one is shown. */
  clear(): void {
    if (!this.active) return;
    this.active = false;
    this.stderr.write('\r\x1b[K');
  }
}

/** A writer that clears `status` before writing to `target`. */
export function clearingWriter(
  target: { write(text: string): unknown },
  status: StatusLine,
): { write(text: string): unknown } {
  return {
    write: (text: string) => {
      status.clear();
      return target.write(text);
    },
  };
}
