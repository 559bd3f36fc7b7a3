/**
 * The last line of defence for the API key: every text the CLI writes (stdout, stderr, and the
 * files it writes for the user) passes through `redact`, which replaces every secret this run knows
 * (the key from GTI_APIKEY at start, the key file's once read) with `<apikey>`, and every
 * notification webhook URL with `<notify-url>`. The client already
 * redacts its own errors; this catches anything else that could carry the key back, such as text a
 * hostile or broken server put into ids or messages.
 */
import { createRedactor } from '../api/redact.js';
import type { Redactor } from '../api/redact.js';

/** The secrets of one run. */
export class SecretRedaction {
  private readonly secrets = new Set<string>();
  private redactors: Redactor[] = [];

  /** Remembers `secret`, shown as `placeholder` (ignored when empty or blank). */
  add(secret: string | undefined, placeholder = '<apikey>'): void {
    const value = secret?.trim() ?? '';
    if (value === '' || this.secrets.has(value)) return;
    this.secrets.add(value);
    this.redactors = [...this.redactors, createRedactor(value, placeholder)];
  }

  /** `text` with every known secret replaced. */
  redact(text: string): string {
    return this.redactors.reduce((out, redact) => redact(out), text);
  }
}

/** A writer that redacts before writing to `target`. */
export function redactingWriter(
  target: { write(text: string): unknown },
  secrets: SecretRedaction,
): { write(text: string): unknown } {
  return { write: (text: string) => target.write(secrets.redact(text)) };
}
