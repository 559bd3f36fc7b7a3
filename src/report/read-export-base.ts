/**
 * What `export --diff FILE` keeps from FILE: the parts of a group file that a live group does not
 * have (its policy, its ignore globs, its members' expiry dates). Without them the diff would
 * propose to replace the policy with export's defaults, to declare ignored members and to drop
 * every `expires`: adopting it would quietly change what the file means.
 */
import { parseYamlSafely } from '../config/yaml.js';
import { ConfigError } from '../errors.js';
import type { ExportBase } from '../render/render-export.js';

/**
 * Reads the ExportBase of a group file's text. Only the YAML must be sound (else ConfigError with
 * every problem); parts of the wrong shape are left out, as if FILE did not set them (`validate`
 * is the place to hear about those).
 */
export function readExportBase(text: string, file: string): ExportBase {
  const parsed = parseYamlSafely(text, file);
  if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
  const root = asRecord(parsed.value);
  const members = Array.isArray(root?.['members']) ? root['members'] : [];
  const expires: Record<string, string> = {};
  for (const item of members) {
    const member = asRecord(item);
    const email = member?.['email'];
    const day = member?.['expires'];
    if (typeof email === 'string' && typeof day === 'string') expires[email.toLowerCase()] = day;
  }
  const ignore = root?.['ignore'];
  return {
    policy: asRecord(root?.['policy']),
    ignore: Array.isArray(ignore) ? ignore.filter((g): g is string => typeof g === 'string') : [],
    expires,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value));
}
